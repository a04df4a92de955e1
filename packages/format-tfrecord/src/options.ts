// The reader's and writer's options, described as data: their types derive from these objects, the
// CLI checks --option/--read-option against them, and `labelport formats <id>` prints them.
import type { OptionSpecs } from '@labelport/core';

export const tfDetectionApiWriteOptions = {
  saveMasks: {
    type: 'boolean',
    default: true,
    doc: 'write instance masks as PNG bytes; false writes every object as a box',
  },
} as const satisfies OptionSpecs;

// The reader's and writer's options, described as data: their types derive from these objects, the
// CLI checks --option/--read-option against them, and `labelport formats <id>` prints them.
import type { OptionSpecs } from '@labelport/core';

export const openImagesReadOptions = {
  datumaroModel: {
    type: 'boolean',
    default: false,
    doc: "read exactly what Datumaro reads: human labels, boxes and masks with Datumaro's attributes only",
  },
} as const satisfies OptionSpecs;

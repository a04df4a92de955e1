// The reader's and writer's options, described as data: their types derive from these objects, the
// CLI checks --option/--read-option against them, and `labelport formats <id>` prints them.
import type { OptionSpecs } from '@labelport/core';

export const cityscapesReadOptions = {
  masks: {
    type: 'string',
    default: 'auto',
    values: ['auto', 'instanceIds', 'labelTrainIds', 'labelIds', 'polygons'],
    doc: 'which annotation files to read (auto: labelTrainIds, else instanceIds, else labelIds, else polygons)',
  },
} as const satisfies OptionSpecs;

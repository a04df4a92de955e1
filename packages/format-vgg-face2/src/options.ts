// The reader's and writer's options, described as data: their types derive from these objects, the
// CLI checks --option/--read-option against them, and `labelport formats <id>` prints them.
import type { OptionSpecs } from '@labelport/core';

export const vggFace2WriteOptions = {
  saveDatasetMeta: {
    type: 'boolean',
    default: false,
    doc: 'write the labels to dataset_meta.json instead of labels.txt',
  },
} as const satisfies OptionSpecs;

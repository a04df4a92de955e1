// The reader's and writer's options, described as data: their types derive from these objects, the
// CLI checks --option/--read-option against them, and `labelport formats <id>` prints them.
import type { OptionSpecs } from '@labelport/core';

export const camvidWriteOptions = {
  applyColormap: {
    type: 'boolean',
    default: true,
    doc: 'paint masks with the label colours; false writes label indices as a gray PNG',
  },
  saveDatasetMeta: {
    type: 'boolean',
    default: false,
    doc: 'write labels and colours to dataset_meta.json instead of label_colors.txt',
  },
} as const satisfies OptionSpecs;

// The reader's and writer's options, described as data: their types derive from these objects, the
// CLI checks --option/--read-option against them, and `labelport formats <id>` prints them.
import type { OptionSpecs } from '@labelport/core';

export const imagenetTxtReadOptions = {
  labels: {
    type: 'string',
    default: 'file',
    doc: "'file': names from the labels file or dataset_meta.json; 'generate': class-N; or the names, comma-separated",
  },
  labelsFile: { type: 'string', default: 'synsets.txt', doc: 'the labels file, beside the lists' },
  imageDir: { type: 'string', default: 'images', doc: 'where the images are, beside the lists' },
} as const satisfies OptionSpecs;

export const imagenetTxtWriteOptions = {
  saveDatasetMeta: {
    type: 'boolean',
    default: false,
    doc: 'write the labels to dataset_meta.json instead of synsets.txt',
  },
} as const satisfies OptionSpecs;

export const imagenetWriteOptions = {
  subsetDirs: {
    type: 'boolean',
    doc: 'write <subset>/<label>/<image> folders (default: false for imagenet, true for imagenet_with_subset_dirs)',
  },
} as const satisfies OptionSpecs;

export const roboflowMulticlassWriteOptions = {
  fileName: {
    type: 'string',
    default: '_classes.csv',
    doc: "the CSV written in each subset folder (Roboflow's and Datumaro's name by default)",
  },
} as const satisfies OptionSpecs;

import { defineFormat, type OptionValues } from '@labelport/core';
import { labelStudioReadOptions, labelStudioWriteOptions } from './options.js';
import { detectLabelStudio, type LabelStudioReadOptions, readLabelStudio } from './read-label-studio.js';
import { writeLabelStudio } from './write-label-studio.js';

export type LabelStudioWriteOptions = OptionValues<typeof labelStudioWriteOptions>;

/**
 * Label Studio's JSON task export (and JSON-MIN), read as Label Studio and label-studio-converter
 * write it; written as tasks with pre-annotations that Label Studio imports, with a labeling config.
 */
export const labelStudio = defineFormat<LabelStudioReadOptions, LabelStudioWriteOptions>({
  id: 'label_studio',
  title: 'Label Studio JSON tasks (and JSON-MIN)',
  extensions: ['.json'],
  options: { read: labelStudioReadOptions, write: labelStudioWriteOptions },
  capabilities: {
    annotations: ['label', 'bbox', 'polygon', 'polyline', 'points', 'mask', 'ellipse', 'caption'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: true,
    normalized: true,
    rotation: true,
  },
  detect: detectLabelStudio,
  read: readLabelStudio,
  write: writeLabelStudio,
});

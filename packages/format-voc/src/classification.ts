import { defineFormat } from '@labelport/core';
import { detectVoc } from './lib/voc-detect.js';
import { readVocTree } from './lib/voc-reader.js';
import { type VocWriteOptions, writeVocTree } from './lib/voc-writer.js';
import { vocWriteOptions } from './options.js';

/** Pascal VOC classification: image labels from ImageSets/Main/<label>_<subset>.txt. */
export const vocClassification = defineFormat<object, VocWriteOptions>({
  id: 'voc_classification',
  title: 'Pascal VOC classification',
  extensions: ['.txt'],
  options: { write: vocWriteOptions },
  capabilities: {
    labelParents: true,
    annotations: ['label'],
    media: ['image'],
    tracks: false,
    attributes: false,
    subsets: true,
    streaming: true,
  },
  detect: (ctx) => detectVoc(ctx, 'voc_classification'),
  read: (tree, options) => readVocTree(tree, 'voc_classification', options),
  write: (source, sink, options) => writeVocTree(source, sink, 'voc_classification', options),
});

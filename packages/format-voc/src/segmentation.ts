import { defineFormat } from '@labelport/core';
import { detectVoc } from './lib/voc-detect.js';
import { readVocTree } from './lib/voc-reader.js';
import { type VocWriteOptions, writeVocTree } from './lib/voc-writer.js';
import { vocWriteOptions } from './options.js';

/** Pascal VOC segmentation: class and instance palette PNG masks; polygons and boxes are drawn into them on write. */
export const vocSegmentation = defineFormat<object, VocWriteOptions>({
  id: 'voc_segmentation',
  title: 'Pascal VOC segmentation',
  extensions: ['.png', '.txt'],
  options: { write: vocWriteOptions },
  capabilities: {
    labelParents: true,
    annotations: ['mask'],
    converts: { polygon: 'mask', bbox: 'mask' },
    media: ['image'],
    tracks: false,
    attributes: false,
    subsets: true,
    streaming: true,
  },
  detect: (ctx) => detectVoc(ctx, 'voc_segmentation'),
  read: (tree, options) => readVocTree(tree, 'voc_segmentation', options),
  write: (source, sink, options) => writeVocTree(source, sink, 'voc_segmentation', options),
});

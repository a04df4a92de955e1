import { defineFormat } from '@labelport/core';
import { detectVoc } from './lib/voc-detect.js';
import { readVocTree } from './lib/voc-reader.js';
import { type VocWriteOptions, writeVocTree } from './lib/voc-writer.js';
import { vocWriteOptions } from './options.js';

/** Pascal VOC, all tasks found: class labels (ImageSets/Main/<label>_<subset>.txt), boxes with parts and actions (Annotations/*.xml), class and instance masks (SegmentationClass/, SegmentationObject/). */
export const voc = defineFormat<object, VocWriteOptions>({
  id: 'voc',
  title: 'Pascal VOC',
  extensions: ['.xml', '.txt', '.png'],
  options: { write: vocWriteOptions },
  capabilities: {
    labelParents: true,
    annotations: ['label', 'bbox', 'mask'],
    converts: { polygon: 'mask' },
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: true,
  },
  detect: (ctx) => detectVoc(ctx, 'voc'),
  read: (tree, options) => readVocTree(tree, 'voc', options),
  write: (source, sink, options) => writeVocTree(source, sink, 'voc', options),
});

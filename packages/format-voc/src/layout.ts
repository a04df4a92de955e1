import { defineFormat } from '@labelport/core';
import { detectVoc } from './lib/voc-detect.js';
import { readVocTree } from './lib/voc-reader.js';
import { type VocWriteOptions, writeVocTree } from './lib/voc-writer.js';
import { vocWriteOptions } from './options.js';

/** Pascal VOC person layout: person (and background) boxes with their head/hand/foot part boxes (same group). */
export const vocLayout = defineFormat<object, VocWriteOptions>({
  id: 'voc_layout',
  title: 'Pascal VOC person layout',
  extensions: ['.xml', '.txt'],
  options: { write: vocWriteOptions },
  capabilities: {
    labelParents: true,
    annotations: ['bbox'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: true,
  },
  detect: (ctx) => detectVoc(ctx, 'voc_layout'),
  read: (tree, options) => readVocTree(tree, 'voc_layout', options),
  write: (source, sink, options) => writeVocTree(source, sink, 'voc_layout', options),
});

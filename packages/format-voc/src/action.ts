import { defineFormat } from '@labelport/core';
import { detectVoc } from './lib/voc-detect.js';
import { readVocTree } from './lib/voc-reader.js';
import { type VocWriteOptions, writeVocTree } from './lib/voc-writer.js';
import { vocWriteOptions } from './options.js';

/** Pascal VOC action classification: person (and background) boxes with action flags as boolean attributes. */
export const vocAction = defineFormat<object, VocWriteOptions>({
  id: 'voc_action',
  title: 'Pascal VOC action classification',
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
  detect: (ctx) => detectVoc(ctx, 'voc_action'),
  read: (tree, options) => readVocTree(tree, 'voc_action', options),
  write: (source, sink, options) => writeVocTree(source, sink, 'voc_action', options),
});

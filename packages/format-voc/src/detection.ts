import { defineFormat } from '@labelport/core';
import { detectVoc } from './lib/voc-detect.js';
import { readVocTree } from './lib/voc-reader.js';
import { type VocWriteOptions, writeVocTree } from './lib/voc-writer.js';
import { vocWriteOptions } from './options.js';

/** Pascal VOC detection: boxes with difficult/truncated/occluded/pose and other attributes (Annotations/*.xml); also CVAT's loose layout (a folder of .xml files). */
export const vocDetection = defineFormat<object, VocWriteOptions>({
  id: 'voc_detection',
  title: 'Pascal VOC detection',
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
  detect: (ctx) => detectVoc(ctx, 'voc_detection'),
  read: (tree, options) => readVocTree(tree, 'voc_detection', options),
  write: (source, sink, options) => writeVocTree(source, sink, 'voc_detection', options),
});

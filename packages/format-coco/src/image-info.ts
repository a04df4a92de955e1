import { defineFormat } from '@labelport/core';
import { detectCoco } from './lib/coco-detect.js';
import { readCoco } from './lib/coco-reader.js';
import { type CocoWriteOptions, writeCoco } from './lib/coco-writer.js';
import { cocoWriteOptions } from './options.js';

/** COCO image info: the images, no annotations (test sets). */
export const cocoImageInfo = defineFormat<object, CocoWriteOptions>({
  id: 'coco_image_info',
  title: 'COCO image info',
  extensions: ['.json'],
  options: { write: cocoWriteOptions },
  capabilities: {
    labelParents: true,
    annotations: [],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: true,
  },
  detect: (ctx) => detectCoco(ctx, 'image_info'),
  read: (tree, options) => readCoco(tree, ['image_info'], options),
  write: (source, sink, options) => writeCoco(source, sink, ['image_info'], undefined, options),
});

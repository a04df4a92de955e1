import { defineFormat } from '@labelport/core';
import { detectCoco } from './lib/coco-detect.js';
import { readCoco } from './lib/coco-reader.js';
import { type CocoWriteOptions, writeCoco } from './lib/coco-writer.js';
import { cocoWriteOptions } from './options.js';

/** COCO panoptic: segments_info with PNG masks (id = R + 256 G + 65536 B), one mask per segment. */
export const cocoPanoptic = defineFormat<object, CocoWriteOptions>({
  id: 'coco_panoptic',
  title: 'COCO panoptic',
  extensions: ['.json'],
  options: { write: cocoWriteOptions },
  capabilities: {
    labelParents: true,
    annotations: ['mask'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: true,
  },
  detect: (ctx) => detectCoco(ctx, 'panoptic'),
  read: (tree, options) => readCoco(tree, ['panoptic'], options),
  write: (source, sink, options) => writeCoco(source, sink, ['panoptic'], undefined, options),
});

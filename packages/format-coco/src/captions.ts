import { defineFormat } from '@labelport/core';
import { detectCoco } from './lib/coco-detect.js';
import { readCoco } from './lib/coco-reader.js';
import { type CocoWriteOptions, writeCoco } from './lib/coco-writer.js';
import { cocoWriteOptions } from './options.js';

/** COCO captions: several captions per image. */
export const cocoCaptions = defineFormat<object, CocoWriteOptions>({
  id: 'coco_captions',
  title: 'COCO captions',
  extensions: ['.json'],
  options: { write: cocoWriteOptions },
  capabilities: {
    labelParents: true,
    annotations: ['caption'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: true,
  },
  detect: (ctx) => detectCoco(ctx, 'captions'),
  read: (tree, options) => readCoco(tree, ['captions'], options),
  write: (source, sink, options) => writeCoco(source, sink, ['captions'], undefined, options),
});

import { defineFormat } from '@labelport/core';
import { detectCoco } from './lib/coco-detect.js';
import { readCoco } from './lib/coco-reader.js';
import { type CocoWriteOptions, writeCoco } from './lib/coco-writer.js';
import { cocoWriteOptions } from './options.js';

/** COCO stuff: RLE masks of stuff classes, read and written as instances. */
export const cocoStuff = defineFormat<object, CocoWriteOptions>({
  id: 'coco_stuff',
  title: 'COCO stuff',
  extensions: ['.json'],
  options: { write: cocoWriteOptions },
  capabilities: {
    labelParents: true,
    annotations: ['bbox', 'polygon', 'mask'],
    media: ['image'],
    converts: { ellipse: 'polygon' },
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: true,
  },
  detect: (ctx) => detectCoco(ctx, 'stuff'),
  read: (tree, options) => readCoco(tree, ['stuff'], options),
  write: (source, sink, options) => writeCoco(source, sink, ['stuff'], undefined, options),
});

import { defineFormat } from '@labelport/core';
import { detectCoco } from './lib/coco-detect.js';
import { readCoco } from './lib/coco-reader.js';
import { type CocoWriteOptions, writeCoco } from './lib/coco-writer.js';
import { cocoWriteOptions } from './options.js';

/** COCO instances: boxes, polygons and RLE masks (`iscrowd`), one object = its shapes sharing a group. */
export const cocoInstances = defineFormat<object, CocoWriteOptions>({
  id: 'coco_instances',
  title: 'COCO instances',
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
  detect: (ctx) => detectCoco(ctx, 'instances'),
  read: (tree, options) => readCoco(tree, ['instances'], options),
  write: (source, sink, options) => writeCoco(source, sink, ['instances'], undefined, options),
});

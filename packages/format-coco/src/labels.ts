import { defineFormat } from '@labelport/core';
import { detectCoco } from './lib/coco-detect.js';
import { readCoco } from './lib/coco-reader.js';
import { type CocoWriteOptions, writeCoco } from './lib/coco-writer.js';
import { cocoWriteOptions } from './options.js';

/** COCO labels (Datumaro's extension): image-level labels with optional score. */
export const cocoLabels = defineFormat<object, CocoWriteOptions>({
  id: 'coco_labels',
  title: 'COCO labels',
  extensions: ['.json'],
  options: { write: cocoWriteOptions },
  capabilities: {
    labelParents: true,
    annotations: ['label'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: true,
  },
  detect: (ctx) => detectCoco(ctx, 'labels'),
  read: (tree, options) => readCoco(tree, ['labels'], options),
  write: (source, sink, options) => writeCoco(source, sink, ['labels'], undefined, options),
});

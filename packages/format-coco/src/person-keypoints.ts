import { defineFormat } from '@labelport/core';
import { detectCoco } from './lib/coco-detect.js';
import { readCoco } from './lib/coco-reader.js';
import { type CocoWriteOptions, writeCoco } from './lib/coco-writer.js';
import { cocoWriteOptions } from './options.js';

/** COCO person keypoints: points with visibility, skeletons in categories, the box and outline of each person. */
export const cocoPersonKeypoints = defineFormat<object, CocoWriteOptions>({
  id: 'coco_person_keypoints',
  title: 'COCO person keypoints',
  extensions: ['.json'],
  options: { write: cocoWriteOptions },
  capabilities: {
    labelParents: true,
    annotations: ['points', 'bbox', 'polygon', 'mask'],
    media: ['image'],
    converts: { ellipse: 'polygon' },
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: true,
  },
  detect: (ctx) => detectCoco(ctx, 'person_keypoints'),
  read: (tree, options) => readCoco(tree, ['person_keypoints'], options),
  write: (source, sink, options) => writeCoco(source, sink, ['person_keypoints'], undefined, options),
});

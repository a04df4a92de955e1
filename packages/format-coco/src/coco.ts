import { defineFormat } from '@labelport/core';
import { detectCoco } from './lib/coco-detect.js';
import { readCoco } from './lib/coco-reader.js';
import { COCO_TASKS } from './lib/coco-task.js';
import { type CocoWriteOptions, writeCoco } from './lib/coco-writer.js';
import { cocoWriteOptions } from './options.js';

/**
 * Where the `coco` format writes annotations that were not read from a COCO task file (panoptic and
 * stuff would repeat the instances' masks, so they get only what was read from them).
 */
const UNTAGGED_TASKS = ['instances', 'person_keypoints', 'captions', 'labels', 'image_info'] as const;

/**
 * COCO, every task found: the task files of a folder read together and merged per image, as
 * Datumaro merges them (an object in both the instances and the person_keypoints file is read from
 * each; the writer takes the repeated outline once).
 */
export const coco = defineFormat<object, CocoWriteOptions>({
  id: 'coco',
  title: 'COCO (all tasks)',
  extensions: ['.json'],
  options: { write: cocoWriteOptions },
  capabilities: {
    labelParents: true,
    annotations: ['bbox', 'polygon', 'mask', 'points', 'caption', 'label'],
    converts: { ellipse: 'polygon' },
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: true,
  },
  detect: (ctx) => detectCoco(ctx),
  read: (tree, options) => readCoco(tree, COCO_TASKS, options),
  write: (source, sink, options) =>
    options?.tasks
      ? writeCoco(source, sink, options.tasks, { untagged: options.tasks }, options)
      : writeCoco(source, sink, COCO_TASKS, { untagged: UNTAGGED_TASKS }, options),
});

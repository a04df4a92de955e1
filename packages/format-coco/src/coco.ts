import { defineFormat, type Format, type FormatCapabilities } from '@labelport/core';
import { detectCoco } from './detect-coco.js';
import { COCO_TASK_SPECS, COCO_TASKS, type CocoTask, type CocoTaskSpec } from './lib/coco-task.js';
import { cocoWriteOptions } from './options.js';
import { readCoco } from './read-coco.js';
import { type CocoWriteOptions, writeCoco } from './write-coco.js';

/**
 * Where the `coco` format writes annotations that were not read from a COCO task file (panoptic and
 * stuff would repeat the instances' masks, so they get only what was read from them).
 */
const UNTAGGED_TASKS = ['instances', 'person_keypoints', 'captions', 'labels', 'image_info'] as const;

/** What every COCO format shares; `annotations` and `converts` come from the task. */
function capabilities(annotations: FormatCapabilities['annotations'], objects: boolean): FormatCapabilities {
  return {
    labelParents: true,
    annotations,
    ...(objects ? { converts: { ellipse: 'polygon' } } : {}),
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: true,
  };
}

/** The format of one COCO task (a row of the task table): its files only. */
function cocoTaskFormat(spec: CocoTaskSpec): Format<object, CocoWriteOptions> {
  const tasks: readonly CocoTask[] = [spec.task];
  return defineFormat<object, CocoWriteOptions>({
    id: spec.id,
    title: spec.title,
    ...(spec.aliases ? { aliases: [...spec.aliases] } : {}),
    extensions: ['.json'],
    options: { write: cocoWriteOptions },
    capabilities: capabilities([...spec.annotations], spec.objects),
    detect: (ctx) => detectCoco(ctx, spec.task),
    read: (tree, options) => readCoco(tree, tasks, options),
    write: (source, sink, options) => writeCoco(source, sink, tasks, undefined, options),
  });
}

/**
 * COCO, every task found: the task files of a folder read together and merged per image, an object
 * written into several of them (Datumaro's instances + stuff + panoptic, COCO's instances +
 * person_keypoints) read once (lib/coco-repeats.ts) and written back into each.
 */
export const coco = defineFormat<object, CocoWriteOptions>({
  id: 'coco',
  title: 'COCO (all tasks)',
  extensions: ['.json'],
  options: { write: cocoWriteOptions },
  capabilities: capabilities(['bbox', 'polygon', 'mask', 'points', 'caption', 'label'], true),
  detect: (ctx) => detectCoco(ctx),
  read: (tree, options) => readCoco(tree, COCO_TASKS, options),
  write: (source, sink, options) =>
    options?.tasks
      ? writeCoco(source, sink, options.tasks, { untagged: options.tasks }, options)
      : writeCoco(source, sink, COCO_TASKS, { untagged: UNTAGGED_TASKS }, options),
});

export const cocoInstances = cocoTaskFormat(COCO_TASK_SPECS.instances);
export const cocoPersonKeypoints = cocoTaskFormat(COCO_TASK_SPECS.person_keypoints);
export const cocoCaptions = cocoTaskFormat(COCO_TASK_SPECS.captions);
export const cocoLabels = cocoTaskFormat(COCO_TASK_SPECS.labels);
export const cocoImageInfo = cocoTaskFormat(COCO_TASK_SPECS.image_info);
export const cocoPanoptic = cocoTaskFormat(COCO_TASK_SPECS.panoptic);
export const cocoStuff = cocoTaskFormat(COCO_TASK_SPECS.stuff);

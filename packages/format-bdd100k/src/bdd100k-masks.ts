import { type AnyFormat, defineFormat } from '@labelport/core';
import { detectMaskTask } from './lib/mask-layout.js';
import { MASK_TASKS, type MaskTask } from './lib/mask-tasks.js';
import { maskWriteOptions } from './options.js';
import { readMaskTask } from './read-bdd100k-masks.js';
import { type MaskWriteOptions, writeMaskTask } from './write-bdd100k-masks.js';

/** The format object of one BDD100K mask task (the tasks differ only in their row of MASK_TASKS). */
function maskTaskFormat(task: MaskTask): AnyFormat {
  return defineFormat<object, MaskWriteOptions>({
    id: `bdd100k_${task.id}`,
    title: task.title,
    extensions: ['.png'],
    options: { write: maskWriteOptions },
    capabilities: {
      annotations: ['mask'],
      converts: { polygon: 'mask' },
      media: [task.video ? 'video-frame' : 'image'],
      tracks: false,
      attributes: false,
      subsets: true,
      streaming: true,
      ...task.capabilities,
    },
    detect: async (ctx) => detectMaskTask(ctx, task),
    read: (tree, options) => readMaskTask(tree, task, options),
    write: (source, sink, options) => writeMaskTask(source, sink, task, options),
  });
}

/** BDD100K semantic segmentation: `sem_seg/masks/<subset>/*.png`. */
export const bdd100kSemSeg = maskTaskFormat(MASK_TASKS.sem_seg);
/** BDD100K drivable area: `drivable/masks/<subset>/*.png`. */
export const bdd100kDrivable = maskTaskFormat(MASK_TASKS.drivable);
/** BDD100K lane marking: `lane/masks/<subset>/*.png`. */
export const bdd100kLane = maskTaskFormat(MASK_TASKS.lane);
/** BDD100K instance segmentation bitmasks: `ins_seg/bitmasks/<subset>/*.png`. */
export const bdd100kInsSeg = maskTaskFormat(MASK_TASKS.ins_seg);
/** BDD100K panoptic segmentation bitmasks: `pan_seg/bitmasks/<subset>/*.png`. */
export const bdd100kPanSeg = maskTaskFormat(MASK_TASKS.pan_seg);
/** BDD100K MOTS bitmasks: `seg_track_20/bitmasks/<subset>/<video>/*.png`. */
export const bdd100kSegTrack = maskTaskFormat(MASK_TASKS.seg_track);

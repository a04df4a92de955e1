import {
  coco,
  cocoCaptions,
  cocoImageInfo,
  cocoInstances,
  cocoLabels,
  cocoPanoptic,
  cocoPersonKeypoints,
  cocoStuff,
} from './coco.js';

export { COCO_ISTHING_INFO } from './lib/coco-categories.js';
export { COCO_AREA, COCO_RLE_STRING, COCO_TASK } from './lib/coco-symbols.js';
export type { CocoTask } from './lib/coco-task.js';
export type { CocoWriteOptions } from './write-coco.js';
export {
  coco,
  cocoCaptions,
  cocoImageInfo,
  cocoInstances,
  cocoLabels,
  cocoPanoptic,
  cocoPersonKeypoints,
  cocoStuff,
};

export const formats = [
  coco,
  cocoInstances,
  cocoPersonKeypoints,
  cocoCaptions,
  cocoLabels,
  cocoImageInfo,
  cocoPanoptic,
  cocoStuff,
];

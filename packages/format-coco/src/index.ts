import { cocoCaptions } from './captions.js';
import { coco } from './coco.js';
import { cocoImageInfo } from './image-info.js';
import { cocoInstances } from './instances.js';
import { cocoLabels } from './labels.js';
import { cocoPanoptic } from './panoptic.js';
import { cocoPersonKeypoints } from './person-keypoints.js';
import { cocoStuff } from './stuff.js';

export { COCO_ISTHING_INFO } from './lib/coco-categories.js';
export { COCO_AREA, COCO_RLE_STRING, COCO_TASK } from './lib/coco-symbols.js';
export type { CocoTask } from './lib/coco-task.js';
export type { CocoWriteOptions } from './lib/coco-writer.js';
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

import { type CityscapesReadOptions, cityscapes } from './cityscapes.js';
import { CITYSCAPES_LABELS, CITYSCAPES_TRAIN_LABELS, type CityscapesLabel } from './lib/cityscapes-labels.js';

export {
  CITYSCAPES_LABELS,
  CITYSCAPES_TRAIN_LABELS,
  type CityscapesLabel,
  type CityscapesReadOptions,
  cityscapes,
};
export const formats = [cityscapes];

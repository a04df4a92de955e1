import { maskTaskFormat } from './lib/mask-format.js';
import { MASK_TASKS } from './lib/mask-layout.js';

/** BDD100K panoptic segmentation bitmasks: `pan_seg/bitmasks/<subset>/*.png`, categories 1..40 (31..40 things). */
export const bdd100kPanSeg = maskTaskFormat(MASK_TASKS.pan_seg, 'BDD100K panoptic segmentation', {
  attributes: true,
});

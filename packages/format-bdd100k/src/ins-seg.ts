import { maskTaskFormat } from './lib/mask-format.js';
import { MASK_TASKS } from './lib/mask-layout.js';

/**
 * BDD100K instance segmentation bitmasks: `ins_seg/bitmasks/<subset>/*.png`, RGBA with the category
 * (1..8) in R, truncated/occluded/crowd/ignored bits in G, the instance id in B (high) and A (low).
 */
export const bdd100kInsSeg = maskTaskFormat(MASK_TASKS.ins_seg, 'BDD100K instance segmentation', {
  attributes: true,
});

import { maskTaskFormat } from './lib/mask-format.js';
import { MASK_TASKS } from './lib/mask-layout.js';

/** BDD100K semantic segmentation: `sem_seg/masks/<subset>/*.png`, one channel of train ids 0..18, 255 ignore. */
export const bdd100kSemSeg = maskTaskFormat(MASK_TASKS.sem_seg, 'BDD100K semantic segmentation', {});

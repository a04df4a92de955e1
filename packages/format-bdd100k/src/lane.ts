import { maskTaskFormat } from './lib/mask-format.js';
import { MASK_TASKS } from './lib/mask-layout.js';

/**
 * BDD100K lane marking: `lane/masks/<subset>/*.png`, bit fields (0-2 category, 3 background, 4 style,
 * 5 direction); each category/style/direction present is one mask with laneStyle and laneDirection.
 */
export const bdd100kLane = maskTaskFormat(MASK_TASKS.lane, 'BDD100K lane marking', { attributes: true });

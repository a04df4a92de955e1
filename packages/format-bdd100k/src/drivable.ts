import { maskTaskFormat } from './lib/mask-format.js';
import { MASK_TASKS } from './lib/mask-layout.js';

/** BDD100K drivable area: `drivable/masks/<subset>/*.png`, 0 direct, 1 alternative, 2 background. */
export const bdd100kDrivable = maskTaskFormat(MASK_TASKS.drivable, 'BDD100K drivable area', {});

import { maskTaskFormat } from './lib/mask-format.js';
import { MASK_TASKS } from './lib/mask-layout.js';

/** BDD100K MOTS bitmasks: `seg_track_20/bitmasks/<subset>/<video>/*.png`; instance ids are track ids (objectId). */
export const bdd100kSegTrack = maskTaskFormat(MASK_TASKS.seg_track, 'BDD100K segmentation tracking', {
  attributes: true,
  tracks: true,
});

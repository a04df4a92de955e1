import { IMAGES_DIR } from './icdar-layout.js';

export const GT_SUFFIX = '_GT';
export const isGtText = (rel: string) =>
  rel.endsWith(`${GT_SUFFIX}.txt`) && !rel.startsWith(`${IMAGES_DIR}/`);
/** The background of an `_GT.bmp`. */
export const WHITE = 0xffffff;

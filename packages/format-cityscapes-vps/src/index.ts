import {
  type CityscapesVpsReadOptions,
  type CityscapesVpsWriteOptions,
  cityscapesVps,
} from './cityscapes-vps.js';
import { VPS_CATEGORIES, type VpsCategory } from './lib/vps-categories.js';

export {
  type CityscapesVpsReadOptions,
  type CityscapesVpsWriteOptions,
  cityscapesVps,
  VPS_CATEGORIES,
  type VpsCategory,
};
export const formats = [cityscapesVps];

import { KITTI_BOX_ATTRIBUTES, kittiDetection } from './detection.js';
import { KITTI_LABEL_MAP } from './lib/kitti-labelmap.js';
import { kittiRaw } from './raw.js';
import { kittiSegmentation } from './segmentation.js';

export { KITTI_BOX_ATTRIBUTES, KITTI_LABEL_MAP, kittiDetection, kittiRaw, kittiSegmentation };
export const formats = [kittiDetection, kittiSegmentation, kittiRaw];

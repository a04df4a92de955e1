// KITTI raw's files and the pose states of its tracklets (the raw devkit's).

export const PCD_DIR = 'velodyne_points/data';
export const NAME_MAPPING_FILE = 'frame_list.txt';
export const ANNO_FILE = 'tracklet_labels.xml';
/** Pose states (KITTI raw devkit). */
export const OCCLUSION = { unset: -1, visible: 0, partly: 1, fully: 2 };
export const TRUNCATION = { unset: -1, inImage: 0, truncated: 1, outImage: 2, behindImage: 99 };
export const BUILTIN = new Set(['occluded', 'keyframe']);

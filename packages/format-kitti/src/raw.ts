import { defineFormat } from '@labelport/core';
import { detectKittiRaw, readKittiRaw } from './read-raw.js';
import { writeKittiRaw } from './write-raw.js';

/** KITTI raw: 3D tracklets (`tracklet_labels.xml`) with the point clouds. */
export const kittiRaw = defineFormat({
  id: 'kitti_raw',
  title: 'KITTI raw (3D tracklets)',
  extensions: ['.xml'],
  capabilities: {
    annotations: ['cuboid3d'],
    media: ['point-cloud'],
    tracks: true,
    attributes: true,
    subsets: false,
    streaming: false,
  },
  detect: detectKittiRaw,
  read: readKittiRaw,
  write: writeKittiRaw,
});

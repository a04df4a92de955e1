import { defineFormat } from '@labelport/core';
import { detectKittiDetection, readKittiDetection } from './read-detection.js';
import { writeKittiDetection } from './write-detection.js';

export { KITTI_BOX_ATTRIBUTES } from './lib/kitti-box.js';

/** KITTI's 2D object detection: `label_2/<id>.txt` beside `image_2/` (and NVIDIA TAO's `labels/`). */
export const kittiDetection = defineFormat({
  id: 'kitti_detection',
  title: 'KITTI object detection',
  extensions: ['.txt'],
  capabilities: {
    annotations: ['bbox'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: false,
  },
  detect: detectKittiDetection,
  read: readKittiDetection,
  write: writeKittiDetection,
});

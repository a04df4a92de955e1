import { defineFormat } from '@labelport/core';
import { detectKittiSegmentation, readKittiSegmentation } from './read-segmentation.js';
import { writeKittiSegmentation } from './write-segmentation.js';

/** KITTI instance segmentation: `instance/<id>.png` (label * 256 + instance) beside `image_2/`. */
export const kittiSegmentation = defineFormat({
  id: 'kitti_segmentation',
  title: 'KITTI instance segmentation',
  extensions: ['.png'],
  capabilities: {
    annotations: ['mask'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: true,
  },
  detect: detectKittiSegmentation,
  read: readKittiSegmentation,
  write: writeKittiSegmentation,
});

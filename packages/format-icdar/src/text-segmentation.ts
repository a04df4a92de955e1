import { defineFormat } from '@labelport/core';
import { detectTextSegmentation, readTextSegmentation } from './read-text-segmentation.js';
import { writeTextSegmentation } from './write-text-segmentation.js';

export const icdarTextSegmentation = defineFormat({
  id: 'icdar_text_segmentation',
  title: 'ICDAR text segmentation',
  extensions: ['.txt'],
  capabilities: {
    annotations: ['mask'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: true,
  },
  detect: detectTextSegmentation,
  read: readTextSegmentation,
  write: writeTextSegmentation,
});

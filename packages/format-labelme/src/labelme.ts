import { defineFormat } from '@labelport/core';
import { detectLabelMe, readLabelMe } from './read-labelme.js';
import { writeLabelMe } from './write-labelme.js';

/** LabelMe XML (MIT-CSAIL): one `<annotation>` XML per image, subsets from `<folder>`. */
export const labelme = defineFormat({
  id: 'labelme',
  title: 'LabelMe XML',
  aliases: ['label_me'],
  extensions: ['.xml'],
  capabilities: {
    annotations: ['bbox', 'polygon', 'mask'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: false,
  },
  detect: detectLabelMe,
  read: readLabelMe,
  write: writeLabelMe,
});

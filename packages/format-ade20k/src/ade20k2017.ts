import { defineFormat } from '@labelport/core';
import { detectAde20k2017, readAde20k2017 } from './read-ade20k2017.js';
import { writeAde20k2017 } from './write-ade20k2017.js';

/** ADE20K 2017: `<image>_atr.txt` objects, `_seg.png` and `_parts_N.png` level images. */
export const ade20k2017 = defineFormat({
  id: 'ade20k2017',
  title: 'ADE20K 2017',
  extensions: ['.txt'],
  capabilities: {
    annotations: ['mask'],
    converts: { polygon: 'mask' },
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: false,
  },
  detect: detectAde20k2017,
  read: readAde20k2017,
  write: writeAde20k2017,
});

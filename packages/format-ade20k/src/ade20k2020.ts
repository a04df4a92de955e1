import { defineFormat } from '@labelport/core';
import { detectAde20k2020, readAde20k2020 } from './read-ade20k2020.js';
import { writeAde20k2020 } from './write-ade20k2020.js';

/** ADE20K 2020 (the 2021 index layout): `<image>.json` objects, instance masks, level images. */
export const ade20k2020 = defineFormat({
  id: 'ade20k2020',
  title: 'ADE20K 2020',
  extensions: ['.json'],
  capabilities: {
    annotations: ['mask', 'polygon'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: false,
  },
  detect: detectAde20k2020,
  read: readAde20k2020,
  write: writeAde20k2020,
});

import { defineFormat } from '@labelport/core';
import { IMAGE_EXTENSIONS } from '@labelport/core/media';
import { detectMarket1501 } from './detect-market1501.js';
import { readMarket1501 } from './read-market1501.js';
import { writeMarket1501 } from './write-market1501.js';

/** Market-1501 person re-identification: images named by person, camera, sequence, frame and box. */
export const market1501 = defineFormat({
  id: 'market1501',
  title: 'Market-1501',
  extensions: [...IMAGE_EXTENSIONS, '.txt'],
  capabilities: {
    annotations: [],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: false,
  },
  detect: detectMarket1501,
  read: readMarket1501,
  write: writeMarket1501,
});

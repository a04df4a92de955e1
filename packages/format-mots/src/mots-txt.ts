import { defineFormat } from '@labelport/core';
import { detectMotsTxt, readMotsTxt } from './read-mots-txt.js';
import { writeMotsTxt } from './write-mots-txt.js';

export const motsTxt = defineFormat({
  id: 'mots_txt',
  title: 'MOTS (txt, RLE per line)',
  extensions: ['.txt'],
  capabilities: {
    annotations: ['mask'],
    media: ['image'],
    tracks: true,
    attributes: false,
    subsets: true,
    streaming: false,
  },
  detect: detectMotsTxt,
  read: readMotsTxt,
  write: writeMotsTxt,
});

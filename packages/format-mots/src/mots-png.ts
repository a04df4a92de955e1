import { defineFormat } from '@labelport/core';
import { detectMotsPng, readMotsPng } from './read-mots-png.js';
import { writeMotsPng } from './write-mots-png.js';

export const motsPng = defineFormat({
  id: 'mots_png',
  title: 'MOTS (PNG)',
  extensions: ['.png'],
  capabilities: {
    annotations: ['mask'],
    media: ['image'],
    tracks: true,
    attributes: false,
    subsets: true,
    streaming: true,
  },
  detect: detectMotsPng,
  read: readMotsPng,
  write: writeMotsPng,
});

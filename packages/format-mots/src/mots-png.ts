import { defineFormat } from '@labelport/core';
import { detectMotsPng, readMotsPng } from './read-mots-png.js';
import { writeMotsPng } from './write-mots-png.js';

/** MOTS PNG (Datumaro's importer id for it is `mots`, its exporter's `mots_png`). */
export const motsPng = defineFormat({
  id: 'mots_png',
  title: 'MOTS (PNG)',
  aliases: ['mots'],
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

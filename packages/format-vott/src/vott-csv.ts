/**
 * Microsoft VoTT's CSV export (`vott_csv`, Datumaro's id): `<project>-export.csv`, a row per tag of
 * each region, `image,xmin,ymin,xmax,ymax,label`. The work is in read-vott-csv.ts and write-vott-csv.ts.
 */
import { defineFormat } from '@labelport/core';
import { type VottCsvWriteOptions, vottCsvWriteOptions } from './options.js';
import { detectVottCsv, readVottCsv } from './read-vott-csv.js';
import { writeVottCsv } from './write-vott-csv.js';

export const vottCsv = defineFormat<object, VottCsvWriteOptions>({
  id: 'vott_csv',
  title: 'Microsoft VoTT CSV export',
  extensions: ['.csv'],
  options: { write: vottCsvWriteOptions },
  capabilities: {
    annotations: ['bbox'],
    // VoTT writes every region of its CSV as its bounding box
    converts: { polygon: 'bbox', polyline: 'bbox' },
    media: ['image'],
    tracks: false,
    attributes: false,
    subsets: true,
    streaming: false,
  },
  detect: detectVottCsv,
  read: readVottCsv,
  write: writeVottCsv,
});

import { defineFormat } from '@labelport/core';
import { detectDatumaro, readDatumaro } from './read-datumaro.js';
import { writeDatumaro } from './write-datumaro.js';

/** Datumaro's own JSON: `annotations/<subset>.json` with categories, infos and items; every annotation type. */
export const datumaro = defineFormat({
  id: 'datumaro',
  title: 'Datumaro',
  extensions: ['.json'],
  capabilities: {
    labelParents: true,
    annotations: [
      'label',
      'bbox',
      'polygon',
      'polyline',
      'points',
      'mask',
      'ellipse',
      'cuboid2d',
      'cuboid3d',
      'skeleton',
      'caption',
    ],
    media: ['image', 'video-frame', 'point-cloud'],
    tracks: true,
    attributes: true,
    subsets: true,
    streaming: true,
    // a box's rotation is its `rotation` attribute, as Datumaro keeps CVAT's
    rotation: true,
    infos: true,
  },
  detect: detectDatumaro,
  read: readDatumaro,
  write: writeDatumaro,
});

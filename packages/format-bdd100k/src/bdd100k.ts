import { defineFormat } from '@labelport/core';
import { scalabelReadOptions } from './options.js';
import { detectScalabel, readScalabel, type ScalabelReadOptions } from './read-bdd100k.js';
import { writeScalabel } from './write-bdd100k.js';

/**
 * BDD100K's JSON labels in the Scalabel format: det_20 (one list per subset), box_track_20 (one list
 * per video; track ids as objectId), pose_21, and Scalabel exports. Boxes (inclusive pixel corners),
 * poly2d polygons and paths (Bezier curves flattened, and kept for a round trip), RLE masks, 3D boxes,
 * pose graphs, frame and label attributes.
 */
export const bdd100k = defineFormat<ScalabelReadOptions, object>({
  id: 'bdd100k',
  title: 'BDD100K / Scalabel JSON',
  aliases: ['scalabel'],
  extensions: ['.json'],
  options: { read: scalabelReadOptions },
  capabilities: {
    annotations: ['bbox', 'polygon', 'polyline', 'mask', 'cuboid3d', 'points'],
    media: ['image', 'video-frame'],
    tracks: true,
    attributes: true,
    subsets: true,
    streaming: false,
  },
  detect: detectScalabel,
  read: readScalabel,
  write: writeScalabel,
});

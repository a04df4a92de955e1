/**
 * DOTA (`dota`, Datumaro's id): aerial images with oriented objects, v1.0, v1.5 and v2.0 alike:
 * `[<subset>/]labelTxt/<image>.txt` (`imagesource:`/`gsd:` header lines, then `x1 y1 ... x4 y4 class
 * difficult` per object) beside `[<subset>/]images/`. Objects are rotated boxes (core's `rotation`
 * attribute). The work is in read-dota.ts and write-dota.ts.
 */
import { defineFormat } from '@labelport/core';
import { type DotaReadOptions, dotaReadOptions } from './options.js';
import { detectDota, readDota } from './read-dota.js';
import { writeDota } from './write-dota.js';

export const dota = defineFormat<DotaReadOptions, object>({
  id: 'dota',
  // Roboflow's "YOLO OBB" export is this layout (labelTxt/ with pixel corners), which Datumaro reads as dota too
  aliases: ['roboflow_yolo_obb'],
  title: 'DOTA (oriented boxes)',
  extensions: ['.txt'],
  options: { read: dotaReadOptions },
  capabilities: {
    annotations: ['bbox', 'polygon'],
    media: ['image'],
    tracks: false,
    // difficult on objects, the header lines (imagesource, gsd, ...) on items; the rest is counted
    attributes: true,
    subsets: true,
    streaming: false,
    // a box keeps its rotation: DOTA's objects are oriented boxes
    rotation: true,
  },
  detect: detectDota,
  read: readDota,
  write: writeDota,
});

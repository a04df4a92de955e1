/**
 * Microsoft VoTT's JSON export (`vott_json`, Datumaro's id): `<project>-export.json` with the
 * project's tags and `assets` keyed by asset id, each with its regions (rectangles, polygons,
 * polylines, points; a tag per label). The work is in read-vott-json.ts and write-vott-json.ts.
 */
import { defineFormat } from '@labelport/core';
import { type VottJsonWriteOptions, vottJsonWriteOptions } from './options.js';
import { detectVottJson, readVottJson } from './read-vott-json.js';
import { writeVottJson } from './write-vott-json.js';

export const vottJson = defineFormat<object, VottJsonWriteOptions>({
  id: 'vott_json',
  title: 'Microsoft VoTT JSON export',
  aliases: ['vott'],
  extensions: ['.json'],
  options: { write: vottJsonWriteOptions },
  capabilities: {
    annotations: ['bbox', 'polygon', 'polyline', 'points'],
    media: ['image', 'video-frame'],
    tracks: false,
    // the asset id (item) and the region id (annotation); every other attribute is counted
    attributes: true,
    subsets: true,
    streaming: false,
  },
  detect: detectVottJson,
  read: readVottJson,
  write: writeVottJson,
});

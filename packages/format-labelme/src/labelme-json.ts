import { defineFormat } from '@labelport/core';
import { detectLabelMeJson, readLabelMeJson } from './read-labelme-json.js';
import { writeLabelMeJson } from './write-labelme-json.js';

/** labelme's JSON (wkentaro/labelme): one `<name>.json` of shapes per image. */
export const labelmeJson = defineFormat({
  id: 'labelme_json',
  title: 'labelme JSON (wkentaro/labelme)',
  extensions: ['.json'],
  capabilities: {
    annotations: ['bbox', 'polygon', 'polyline', 'points', 'ellipse', 'mask'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: false,
    streaming: true,
  },
  detect: detectLabelMeJson,
  read: readLabelMeJson,
  write: writeLabelMeJson,
});

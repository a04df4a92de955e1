import { defineFormat, type OptionValues } from '@labelport/core';
import { widerFaceWriteOptions } from './options.js';
import { detectWiderFace, readWiderFace } from './read-wider-face.js';
import { writeWiderFace } from './write-wider-face.js';

export type WiderFaceWriteOptions = OptionValues<typeof widerFaceWriteOptions>;

export const widerFace = defineFormat<object, WiderFaceWriteOptions>({
  id: 'wider_face',
  title: 'WIDER Face',
  extensions: ['.txt'],
  options: { write: widerFaceWriteOptions },
  capabilities: {
    annotations: ['bbox', 'label'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: false,
  },
  detect: detectWiderFace,
  read: readWiderFace,
  write: writeWiderFace,
});

import { defineFormat } from '@labelport/core';
import { detectLfw, readLfw } from './read-lfw.js';
import { writeLfw } from './write-lfw.js';

export const lfw = defineFormat({
  id: 'lfw',
  title: 'LFW (Labeled Faces in the Wild)',
  extensions: ['.txt'],
  capabilities: {
    annotations: ['label', 'points'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: false,
  },
  detect: detectLfw,
  read: readLfw,
  write: writeLfw,
});

import { defineFormat } from '@labelport/core';
import { IMAGE_EXTENSIONS } from '@labelport/core/media';
import { detectImageDir, readImageDir } from './read-image-dir.js';
import { writeImageDir } from './write-image-dir.js';

/** A folder of images: every image below the root is an item without annotations. */
export const imageDir = defineFormat({
  id: 'image_dir',
  title: 'Image folder',
  extensions: IMAGE_EXTENSIONS.slice(),
  capabilities: {
    annotations: [],
    media: ['image'],
    tracks: false,
    attributes: false,
    subsets: false,
    streaming: true,
  },
  detect: detectImageDir,
  read: readImageDir,
  write: writeImageDir,
});

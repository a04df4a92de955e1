import { defineFormat } from '@labelport/core';
import { openImagesReadOptions } from './options.js';
import { detectOpenImages, type OpenImagesReadOptions, readOpenImages } from './read-open-images.js';
import { writeOpenImages } from './write-open-images.js';

/**
 * Open Images (V4-V7) in Datumaro's `open_images` layout: image-level labels (human and machine),
 * boxes (with flags, Source and XClick points), segmentation masks, point labels and visual
 * relationships, localized narratives (captions and mouse traces), the class list and hierarchy. Read as a stream, joined per ImageID.
 */
export const openImages = defineFormat<OpenImagesReadOptions, object>({
  id: 'open_images',
  title: 'Open Images',
  extensions: ['.csv'],
  options: { read: openImagesReadOptions },
  capabilities: {
    annotations: ['label', 'bbox', 'mask', 'points', 'caption', 'polyline'],
    converts: { polygon: 'mask' },
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: true,
    // boxes, points and traces are written as fractions: normalised ones need no image size
    normalized: true,
  },
  detect: detectOpenImages,
  read: readOpenImages,
  write: writeOpenImages,
});

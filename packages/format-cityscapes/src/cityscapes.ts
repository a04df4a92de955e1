import { defineFormat, type OptionValues } from '@labelport/core';
import { cityscapesReadOptions } from './options.js';
import { detectCityscapes, readCityscapes } from './read-cityscapes.js';
import { writeCityscapes } from './write-cityscapes.js';

export type CityscapesReadOptions = OptionValues<typeof cityscapesReadOptions>;

/** Cityscapes (gtFine id PNGs and polygons, leftImg8bit images), as Datumaro and CVAT read and write it. */
export const cityscapes = defineFormat<CityscapesReadOptions>({
  id: 'cityscapes',
  title: 'Cityscapes',
  extensions: ['.png', '.json'],
  options: { read: cityscapesReadOptions },
  capabilities: {
    annotations: ['mask'],
    converts: { polygon: 'mask' },
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: true,
  },
  detect: detectCityscapes,
  read: readCityscapes,
  write: writeCityscapes,
});

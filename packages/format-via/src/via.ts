/**
 * VGG Image Annotator 2.x (`via`): a VIA project, VIA's annotations exported as JSON, or its CSV export
 * (one row per region, the attributes as JSON in the cells). Regions are rect, circle, ellipse, polygon,
 * polyline and point; one region attribute names the label, the others and the file attributes are
 * attributes. The work is in read-via.ts and write-via.ts; the options are described in options.ts.
 */
import { defineFormat } from '@labelport/core';
import { type ViaReadOptions, type ViaWriteOptions, viaReadOptions, viaWriteOptions } from './options.js';
import { detectVia, readVia } from './read-via.js';
import { writeVia } from './write-via.js';

export const via = defineFormat<ViaReadOptions, ViaWriteOptions>({
  id: 'via',
  title: 'VGG Image Annotator (VIA) 2.x project, JSON and CSV',
  aliases: ['vgg_image_annotator', 'via_csv'],
  extensions: ['.json', '.csv'],
  options: { read: viaReadOptions, write: viaWriteOptions },
  capabilities: {
    annotations: ['bbox', 'polygon', 'polyline', 'points', 'ellipse'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: false,
  },
  detect: detectVia,
  read: readVia,
  write: writeVia,
});

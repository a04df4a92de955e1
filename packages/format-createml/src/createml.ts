/**
 * Apple Create ML object detection (`createml`): a JSON list of images, each with its boxes
 * (`{ "image": "a.jpg", "annotations": [{ "label": "cat", "coordinates": { "x", "y", "width",
 * "height" } }] }`), the box's x and y being its CENTRE in pixels. Roboflow exports one
 * `_annotations.createml.json` per subset folder (train, valid, test) with the images beside it;
 * RectLabel and Create ML itself any `.json` beside the images. The work is in read-createml.ts and
 * write-createml.ts.
 */
import { defineFormat } from '@labelport/core';
import { type CreatemlWriteOptions, createmlWriteOptions } from './options.js';
import { detectCreateml, readCreateml } from './read-createml.js';
import { writeCreateml } from './write-createml.js';

export const createml = defineFormat<object, CreatemlWriteOptions>({
  id: 'createml',
  title: 'Apple Create ML object detection JSON',
  // `roboflow_create_ml`: Datumaro's id for Roboflow's export of this format
  aliases: ['create_ml', 'roboflow_create_ml'],
  extensions: ['.json'],
  options: { write: createmlWriteOptions },
  capabilities: {
    annotations: ['bbox'],
    media: ['image'],
    tracks: false,
    attributes: false,
    subsets: true,
    streaming: false,
  },
  detect: detectCreateml,
  read: readCreateml,
  write: writeCreateml,
});

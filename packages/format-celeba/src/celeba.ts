/**
 * CelebA (`celeba`: the in-the-wild images, with boxes) and its aligned and cropped images
 * (`align_celeba`), as in the dataset's own files and Datumaro's importers: identities, 40 binary
 * attributes, boxes, 5 landmarks and the train / val / test partition. Two variants of one family,
 * from a table (lib/celeba-files.ts); the work is in read-celeba.ts and write-celeba.ts.
 */
import { defineFormat, type FormatCapabilities } from '@labelport/core';
import { ALIGN_CELEBA, CELEBA, type CelebaVariant } from './lib/celeba-files.js';
import { detectCelebaAs, readCelebaAs } from './read-celeba.js';
import { writeCelebaAs } from './write-celeba.js';

const capabilitiesOf = (v: CelebaVariant): FormatCapabilities => ({
  annotations: v.bboxes ? ['label', 'bbox', 'points'] : ['label', 'points'],
  media: ['image'],
  tracks: false,
  attributes: true,
  subsets: true,
  streaming: false,
});

const formatOf = (v: CelebaVariant, title: string) =>
  defineFormat({
    id: v.id,
    title,
    extensions: ['.txt'],
    capabilities: capabilitiesOf(v),
    detect: detectCelebaAs(v),
    read: readCelebaAs(v),
    write: writeCelebaAs(v),
  });

export const celeba = formatOf(
  CELEBA,
  'CelebA (in-the-wild images: identities, attributes, boxes, landmarks)',
);
export const alignCeleba = formatOf(
  ALIGN_CELEBA,
  'CelebA aligned and cropped (identities, attributes, landmarks)',
);

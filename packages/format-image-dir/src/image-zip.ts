import { defineFormat, type OptionValues } from '@labelport/core';
import { imageZipWriteOptions } from './options.js';
import { detectImageZip, readImageZip } from './read-image-zip.js';
import { writeImageZip } from './write-image-zip.js';

export type ImageZipWriteOptions = OptionValues<typeof imageZipWriteOptions>;

/**
 * Datumaro's `image_zip`: a folder of `.zip` archives of images, every image of every archive an item
 * without annotations (its id the path inside the archive, without extension); written as one archive,
 * `default.zip` unless named.
 */
export const imageZip = defineFormat<object, ImageZipWriteOptions>({
  id: 'image_zip',
  title: 'Zip archives of images',
  extensions: ['.zip'],
  options: { write: imageZipWriteOptions },
  capabilities: {
    annotations: [],
    media: ['image'],
    tracks: false,
    attributes: false,
    subsets: false,
    streaming: true,
  },
  detect: detectImageZip,
  read: readImageZip,
  write: writeImageZip,
});

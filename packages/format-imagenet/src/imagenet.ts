import { defineFormat, type OptionValues } from '@labelport/core';
import { IMAGE_EXTENSIONS } from '@labelport/core/media';
import { imagenetWriteOptions } from './options.js';
import { detectImagenet, readImagenet } from './read-imagenet.js';
import { writeImagenet } from './write-imagenet.js';

export type ImagenetWriteOptions = OptionValues<typeof imagenetWriteOptions>;

/** ImageNet as Datumaro reads it: one folder per label, optionally inside train/val/test folders. */
export const imagenet = defineFormat<object, ImagenetWriteOptions>({
  id: 'imagenet',
  title: 'ImageNet (folder per label)',
  aliases: ['imagenet_with_subset_dirs'],
  extensions: IMAGE_EXTENSIONS.slice(),
  options: { write: imagenetWriteOptions },
  capabilities: {
    annotations: ['label'],
    media: ['image'],
    tracks: false,
    attributes: false,
    subsets: true,
    streaming: true,
  },
  detect: detectImagenet,
  read: readImagenet,
  write: writeImagenet,
});

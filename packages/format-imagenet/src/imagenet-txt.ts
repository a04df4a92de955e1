import { defineFormat, type OptionValues } from '@labelport/core';
import { imagenetTxtReadOptions, imagenetTxtWriteOptions } from './options.js';
import { detectImagenetTxt, readImagenetTxt } from './read-imagenet-txt.js';
import { writeImagenetTxt } from './write-imagenet-txt.js';

export interface ImagenetTxtReadOptions {
  /** 'file' (default): names from the labels file or dataset_meta.json; 'generate': `class-N`; or the names. */
  labels?: 'file' | 'generate' | string[];
  /** The labels file, beside the lists (default synsets.txt). */
  labelsFile?: string;
  /** Where the images are, beside the lists (default images). */
  imageDir?: string;
}

export type ImagenetTxtWriteOptions = OptionValues<typeof imagenetTxtWriteOptions>;

/** ImageNet as `<subset>.txt` lists of `<image> <label id>...` lines beside synsets.txt. */
export const imagenetTxt = defineFormat<ImagenetTxtReadOptions, ImagenetTxtWriteOptions>({
  id: 'imagenet_txt',
  title: 'ImageNet txt (<subset>.txt + synsets.txt)',
  extensions: ['.txt'],
  options: { read: imagenetTxtReadOptions, write: imagenetTxtWriteOptions },
  capabilities: {
    annotations: ['label'],
    media: ['image'],
    tracks: false,
    attributes: false,
    subsets: true,
    streaming: true,
  },
  detect: detectImagenetTxt,
  read: readImagenetTxt,
  write: writeImagenetTxt,
});

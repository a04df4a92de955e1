import { imagenet } from './imagenet.js';
import { imagenetTxt } from './imagenet-txt.js';

export type { ImagenetWriteOptions } from './imagenet.js';
export type { ImagenetTxtReadOptions } from './imagenet-txt.js';
export { imagenet, imagenetTxt };
export const formats = [imagenet, imagenetTxt];

import { imagenet, imagenetWithSubsetDirs } from './imagenet.js';
import { imagenetTxt } from './imagenet-txt.js';
import { roboflowMulticlass } from './roboflow-multiclass.js';

export type { ImagenetWriteOptions } from './imagenet.js';
export type { ImagenetTxtReadOptions } from './imagenet-txt.js';
export type { RoboflowMulticlassWriteOptions } from './roboflow-multiclass.js';
export { imagenet, imagenetTxt, imagenetWithSubsetDirs, roboflowMulticlass };
export const formats = [imagenet, imagenetWithSubsetDirs, imagenetTxt, roboflowMulticlass];

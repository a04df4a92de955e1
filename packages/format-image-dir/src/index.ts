import { imageDir } from './image-dir.js';
import { imageZip } from './image-zip.js';

export type { ImageZipWriteOptions } from './image-zip.js';
export { imageDir, imageZip };
export const formats = [imageDir, imageZip];

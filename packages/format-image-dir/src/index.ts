import { imageDir } from './image-dir.js';

export { imageDir };
export const formats = [imageDir];

import { vggFace2 } from './vgg-face2.js';

export { vggFace2 };
export const formats = [vggFace2];

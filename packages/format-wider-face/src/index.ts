import { widerFace } from './wider-face.js';

export { widerFace };
export const formats = [widerFace];

import { lfw } from './lfw.js';

export { lfw };
export const formats = [lfw];

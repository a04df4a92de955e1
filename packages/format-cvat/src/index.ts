import { cvat } from './cvat.js';
import { cvatVideo } from './cvat-video.js';

export type { CvatReadOptions } from './lib/cvat-reader.js';
export { cvat, cvatVideo };
export const formats = [cvat, cvatVideo];

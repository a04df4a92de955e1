import { cvat, cvatVideo } from './cvat.js';

export type { CvatReadOptions } from './read-cvat.js';
export { cvat, cvatVideo };
export const formats = [cvat, cvatVideo];

import { openImages } from './open-images.js';

export type { OpenImagesReadOptions } from './lib/read-open-images.js';
export { openImages };
export const formats = [openImages];

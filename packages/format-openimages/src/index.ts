import { openImages } from './open-images.js';

export type { OpenImagesReadOptions } from './read-open-images.js';
export { openImages };
export const formats = [openImages];

import { openImages } from './open-images.js';

export { openImages };
export const formats = [openImages];

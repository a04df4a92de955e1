// @labelport/core/media: image files (sizes from headers, extensions, saving them). A toolbox, not the contract.
export * from './image-size.js';
export { type ItemPixels, itemPixels } from './pixels.js';
export { mediaExtension, saveMedia } from './save.js';

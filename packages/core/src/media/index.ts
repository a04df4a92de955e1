// @labelport/core/media: image files (sizes from headers, extensions). A toolbox, not the contract.
export * from './image-size.js';

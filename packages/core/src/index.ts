// @labelport/core: the model, the format contract, the registry, file trees, geometry and PNG masks.
// Browser-safe: nothing here touches the disk (see '@labelport/core/node' for directories).

export * from './convert.js';
export * from './dataset.js';
export * from './errors.js';
export { backedTree, subTree, type TreeBackend } from './files/backed-tree.js';
export { concatBytes, type MemorySink, memorySink, memoryTree } from './files/memory.js';
export * from './files/paths.js';
export * from './files/text.js';
export * from './files/tree.js';
export * from './files/zip.js';
// Both the zip and the PNG code checksum with CRC-32; this is the one the package exports.
export { crc32 } from './files/zip-crc.js';
export * from './format.js';
export * from './geometry/index.js';
export * from './mask.js';
export * from './masks/index-image.js';
export * from './media/image-size.js';
export * from './meta/dataset-meta.js';
export * from './meta/label-colors.js';
export * from './model.js';
export * from './png/index.js';
export * from './registry.js';
export * from './report.js';
export * from './validate.js';

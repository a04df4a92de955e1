// @labelport/core: the model, the format contract, the registry, file trees, geometry and PNG masks.
// Browser-safe: nothing here touches the disk (see '@labelport/core/node' for directories).
export * from './model.js';
export * from './errors.js';
export * from './format.js';
export * from './report.js';
export * from './registry.js';
export * from './dataset.js';
export * from './convert.js';
export * from './mask.js';
export * from './validate.js';
export * from './files/tree.js';
export * from './files/paths.js';
export * from './files/text.js';
export { backedTree, subTree, type TreeBackend } from './files/backed-tree.js';
export { memoryTree, memorySink, concatBytes, type MemorySink } from './files/memory.js';
export * from './files/zip.js';
export * from './media/image-size.js';
export * from './geometry/index.js';
export * from './png/index.js';
// Both the zip and the PNG code checksum with CRC-32; this is the one the package exports.
export { crc32 } from './files/zip-crc.js';

// @labelport/core: the contract a format package implements and an application uses. Everything
// named here is the stable, semver-kept API (recorded in api/core.api.md and compared in CI): the model,
// the format contract, reports, errors, file trees, the registry, convert and validate.
// Helpers live on subpaths that may change in a minor release: '@labelport/core/geometry', '/png',
// '/files', '/media', '/meta', '/json'; '@labelport/core/node' (Node only) and '/testing' (the
// conformance kit). Browser-safe: nothing here touches the disk.

export {
  type AccountedSource,
  accountOfSource,
  checkNotEmpty,
  describeUnused,
  type FileAccount,
  readAccounted,
  type UnusedFile,
  type UnusedReason,
} from './account.js';
export { type ConvertOptions, checkAborted, convert, describeLoss } from './convert.js';
export { Dataset, sourceOf } from './dataset.js';
export * from './errors.js';
export { type MemorySink, memorySink, memoryTree } from './files/memory.js';
export { readJson, readText } from './files/text.js';
export type { FileEntry, FileSink, FileTree, FileWriter } from './files/tree.js';
export { blobAccess, bytesAccess, type RandomAccess, zipTree } from './files/zip.js';
export * from './format.js';
export type { BinaryMask, Rle } from './geometry/types.js';
export {
  allocatePixels,
  checkDepth,
  checkJsonDepth,
  checkPixels,
  checkTextBytes,
  type DatasetLimits,
  DEFAULT_LIMITS,
  type LimitPlace,
  limitsOf,
} from './limits.js';
export { bitmapMask, lazyMask, loadMask, maskSize, maskToRle, rleMask } from './mask.js';
export * from './model.js';
export { normalizedOf, toPixels } from './normalized.js';
export * from './options.js';
export {
  type ErrorAction,
  type ErrorPolicy,
  type ItemLoopOptions,
  type MakeItem,
  type ReadContext,
  type ReadContextOptions,
  type ReaderSourceInit,
  type RecordWhere,
  readContext,
  readerSource,
} from './read-context.js';
export * from './registry.js';
export * from './report.js';
export * from './validate.js';
export { itemIdClaims } from './write-checks.js';

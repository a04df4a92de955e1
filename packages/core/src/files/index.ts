// @labelport/core/files: helpers for reading and writing files: paths, text and lines, zip archives,
// trees backed by other storage. A toolbox, not the contract: it may change in a minor release.

export { hasNodeBuffer, indexOfAscii, latin1Text, utf8Text } from '../env.js';
export { backedTree, subTree, type TreeBackend } from './backed-tree.js';
export { decodeBase64, encodeBase64 } from './base64.js';
export { mapConcurrent, mapSettled, READ_AHEAD, type Settled } from './concurrent.js';
export * from './csv.js';
export { concatBytes } from './memory.js';
export * from './paths.js';
export * from './text.js';
export * from './xml.js';
export * from './zip.js';
export { crc32 } from './zip-crc.js';

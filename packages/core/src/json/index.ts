/**
 * Streaming JSON: a scanner that reads a file of any size a root key or an array element at a time,
 * and a writer that writes arrays element by element with JSON.stringify's exact output.
 */

export {
  asObject,
  badField,
  checkNumbers,
  describeValue,
  intField,
  isObject,
  type JsonObject,
  listField,
  numberField,
  objectField,
  optionalInt,
  optionalList,
  optionalNumber,
  optionalString,
  stringField,
} from './fields.js';
export { type JsonLine, parseJsonLine, streamJsonLines } from './lines.js';
export { parseJsonBytes } from './parse.js';
export {
  type JsonEvent,
  type JsonPlan,
  JsonScanner,
  type JsonScanOptions,
} from './scanner.js';
export {
  type JsonStreamOptions,
  readJsonRange,
  readJsonTop,
  readRangeChunks,
  scanJson,
  scanJsonBatches,
} from './stream.js';
export { streamOnly } from './stream-only.js';
export { JsonTextWriter, type StreamedArray, streamedArray, writeJson } from './writer.js';

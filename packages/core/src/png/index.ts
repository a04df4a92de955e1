// @labelport/core/png: a PNG codec of our own (every colour type and depth) and index masks.
// A toolbox, not the contract: it may change in a minor release.

export { decodeBinaryMaskPng, encodeBinaryMaskPng } from '../masks/binary-png.js';
// Index images: id-per-pixel PNGs (instance and panoptic masks).
export * from '../masks/index-image.js';
export { type DecodePngOptions, decodePng } from './decode.js';
export { type EncodePngOptions, encodePng } from './encode.js';
export { readPngHeader } from './header.js';
export { pngToRgbInts } from './rgb-ints.js';
export type { DecodedPng, PngBitDepth, PngColorType, PngHeader, PngImage } from './types.js';
export type { ZlibChoice } from './zlib.js';

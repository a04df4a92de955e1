export { type DecodePngOptions, decodePng } from './decode.js';
export { type EncodePngOptions, encodePng } from './encode.js';
export { readPngHeader } from './header.js';
export { pngToRgbInts } from './rgb-ints.js';
export type { DecodedPng, PngBitDepth, PngColorType, PngHeader, PngImage } from './types.js';
export type { ZlibChoice } from './zlib.js';

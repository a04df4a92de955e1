import { DatasetError } from '../errors.js';
import { crc32 } from '../files/zip-crc.js';
import type { PngBitDepth, PngColorType, PngHeader } from './types.js';

export const PNG_SIGNATURE = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);

const COLOR_TYPES: Record<number, PngColorType> = {
  0: 'gray',
  2: 'rgb',
  3: 'palette',
  4: 'gray-alpha',
  6: 'rgba',
};
const ALLOWED_DEPTHS: Record<PngColorType, readonly number[]> = {
  gray: [1, 2, 4, 8, 16],
  rgb: [8, 16],
  palette: [1, 2, 4, 8],
  'gray-alpha': [8, 16],
  rgba: [8, 16],
};

/** The IHDR code of a colour type. */
export function colorTypeCode(colorType: PngColorType): number {
  switch (colorType) {
    case 'gray':
      return 0;
    case 'rgb':
      return 2;
    case 'palette':
      return 3;
    case 'gray-alpha':
      return 4;
    case 'rgba':
      return 6;
  }
}

/** Samples per pixel of a colour type. */
export function channelsOf(colorType: PngColorType): 1 | 2 | 3 | 4 {
  switch (colorType) {
    case 'gray':
    case 'palette':
      return 1;
    case 'gray-alpha':
      return 2;
    case 'rgb':
      return 3;
    case 'rgba':
      return 4;
  }
}

export function checkSignature(bytes: Uint8Array): void {
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new DatasetError('bad-image', 'not a PNG file (bad signature)');
  }
}

export function readUint32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
}

/** Parses and checks the 13 bytes of an IHDR chunk. */
export function parseIhdr(bytes: Uint8Array, at: number): PngHeader {
  const width = readUint32(bytes, at);
  const height = readUint32(bytes, at + 4);
  const bitDepth = bytes[at + 8];
  const code = bytes[at + 9];
  const colorType = COLOR_TYPES[code];
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) {
    throw new DatasetError('bad-image', `invalid image size ${width}x${height}`);
  }
  if (colorType === undefined) throw new DatasetError('bad-image', `invalid colour type ${code}`);
  if (!ALLOWED_DEPTHS[colorType].includes(bitDepth)) {
    throw new DatasetError('bad-image', `invalid bit depth ${bitDepth} for colour type ${colorType}`);
  }
  if (bytes[at + 10] !== 0)
    throw new DatasetError('bad-image', `unknown compression method ${bytes[at + 10]}`);
  if (bytes[at + 11] !== 0) throw new DatasetError('bad-image', `unknown filter method ${bytes[at + 11]}`);
  const interlace = bytes[at + 12];
  if (interlace > 1) throw new DatasetError('bad-image', `unknown interlace method ${interlace}`);
  return { width, height, bitDepth: bitDepth as PngBitDepth, colorType, interlaced: interlace === 1 };
}

/**
 * Reads width, height, bit depth, colour type and interlacing from the first 33 bytes of a PNG
 * (signature and IHDR chunk, CRC checked). Throws DatasetError 'bad-png' when they are not a PNG header.
 */
export function readPngHeader(bytes: Uint8Array): PngHeader {
  checkSignature(bytes);
  if (bytes.length < 33) throw new DatasetError('bad-image', 'truncated PNG header');
  const type = String.fromCharCode(bytes[12], bytes[13], bytes[14], bytes[15]);
  if (readUint32(bytes, 8) !== 13 || type !== 'IHDR') {
    throw new DatasetError('bad-image', 'the first chunk is not a 13-byte IHDR');
  }
  if (crc32(bytes.subarray(12, 29)) !== readUint32(bytes, 29))
    throw new DatasetError('bad-image', 'bad CRC in chunk IHDR');
  return parseIhdr(bytes, 16);
}

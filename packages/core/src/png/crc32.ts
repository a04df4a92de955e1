import { crc32 as crc32Of } from '../files/zip-crc.js';

/** CRC-32 (ISO 3309, as PNG uses it) of bytes[start, end), as an unsigned number: the zip code's CRC. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return crc32Of(start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end));
}

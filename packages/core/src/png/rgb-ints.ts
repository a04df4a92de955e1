import { DatasetError } from '../errors.js';
import type { DecodedPng } from './types.js';

/**
 * One integer per pixel, r << 16 | g << 8 | b, for colour-coded masks: rgb and rgba images give
 * their colour (alpha ignored), palette images their palette colour, gray images g,g,g. 16-bit
 * samples keep their high byte; 1, 2 and 4-bit gray is scaled to 0..255.
 * A palette index past the end of the palette throws DatasetError 'bad-png'.
 */
export function pngToRgbInts(decoded: DecodedPng): Uint32Array {
  const { width, height, data, channels, bitDepth, colorType } = decoded;
  const n = width * height;
  const out = new Uint32Array(n);
  const shift = bitDepth === 16 ? 8 : 0;
  if (colorType === 'palette') {
    const palette = decoded.palette ?? [];
    const lut = new Uint32Array(palette.length);
    palette.forEach(([r, g, b], i) => {
      lut[i] = (r << 16) | (g << 8) | b;
    });
    for (let i = 0; i < n; i++) {
      const index = data[i];
      if (index >= lut.length) {
        throw new DatasetError(
          'bad-image',
          `palette index ${index} is outside the palette (${lut.length} entries)`,
        );
      }
      out[i] = lut[index];
    }
  } else if (colorType === 'rgb' || colorType === 'rgba') {
    for (let i = 0, s = 0; i < n; i++, s += channels) {
      out[i] = ((data[s] >> shift) << 16) | ((data[s + 1] >> shift) << 8) | (data[s + 2] >> shift);
    }
  } else {
    const scale = bitDepth < 8 ? 255 / (2 ** bitDepth - 1) : 1;
    for (let i = 0, s = 0; i < n; i++, s += channels) {
      const g = bitDepth < 8 ? Math.round(data[s] * scale) : data[s] >> shift;
      out[i] = (g << 16) | (g << 8) | g;
    }
  }
  return out;
}

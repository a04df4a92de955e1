import { DatasetError, type DatasetLimits, isDatasetError } from '@labelport/core';
import { decodePng, pngToRgbInts } from '@labelport/core/png';
import { decodeBmp, isBmp } from './bmp.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];

/** A colour image as one `r << 16 | g << 8 | b` integer per pixel. */
export interface ColorInts {
  width: number;
  height: number;
  colors: Uint32Array;
}

/**
 * Decodes a colour-coded mask, BMP or PNG whatever its extension says (Datumaro reads images by
 * content, and some `_GT.bmp` files are PNGs).
 */
export function decodeColorMask(bytes: Uint8Array, file: string, limits?: DatasetLimits): ColorInts {
  try {
    if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) {
      const png = decodePng(bytes, { limits });
      return { width: png.width, height: png.height, colors: pngToRgbInts(png) };
    }
    if (isBmp(bytes)) {
      const { width, height, data } = decodeBmp(bytes, limits);
      const colors = new Uint32Array(width * height);
      for (let i = 0, s = 0; i < colors.length; i++, s += 3)
        colors[i] = (data[s] << 16) | (data[s + 1] << 8) | data[s + 2];
      return { width, height, colors };
    }
  } catch (e) {
    // The decoders' DatasetErrors name no file: this one. Anything else is a bug and is thrown as it is.
    if (isDatasetError(e)) throw (e as DatasetError).withLocation(file);
    throw e;
  }
  throw new DatasetError('bad-image', 'not a BMP or PNG image', { file });
}

export const rgbInt = ([r, g, b]: readonly number[]) => (r << 16) | (g << 8) | b;

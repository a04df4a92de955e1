// Binary masks as PNG files: the one decoder and encoder for the formats that keep one object's mask
// per file (LabelMe, Open Images, labelme's `mask` shapes).

import { inFile } from '../errors.js';
import type { BinaryMask } from '../geometry/types.js';
import type { DatasetLimits } from '../limits.js';
import { decodePng } from '../png/decode.js';
import { encodePng } from '../png/encode.js';

/**
 * A PNG as a binary mask: a pixel is set when any of its colour samples is non-zero (a palette pixel
 * by its palette colour). Alpha is ignored unless `alpha` is set, when a non-zero alpha sets the pixel
 * too (as Datumaro reads LabelMe masks: any channel). Any colour type and depth; a broken file is a
 * DatasetError naming `file`.
 */
export function decodeBinaryMaskPng(
  bytes: Uint8Array,
  file: string,
  options: { limits?: DatasetLimits; alpha?: boolean } = {},
): BinaryMask {
  const png = inFile(file, () => decodePng(bytes, { limits: options.limits }));
  const { width, height, channels, data } = png;
  const out = new Uint8Array(width * height);
  if (png.colorType === 'palette') {
    const on = (png.palette ?? []).map((c) => (c[0] || c[1] || c[2] ? 1 : 0));
    for (let i = 0; i < out.length; i++) out[i] = on[data[i]!] ?? 0;
    return { width, height, data: out };
  }
  const colours = options.alpha
    ? channels
    : png.colorType === 'gray-alpha'
      ? 1
      : png.colorType === 'rgba'
        ? 3
        : channels;
  if (channels === 1) {
    for (let i = 0; i < out.length; i++) out[i] = data[i] ? 1 : 0;
    return { width, height, data: out };
  }
  for (let i = 0, k = 0; i < out.length; i++, k += channels) {
    let on = 0;
    for (let c = 0; c < colours; c++) if (data[k + c]) on = 1;
    out[i] = on;
  }
  return { width, height, data: out };
}

/** A binary mask as an 8-bit gray PNG: set pixels `value` (255 by default), the rest 0. */
export function encodeBinaryMaskPng(mask: BinaryMask, value = 255): Uint8Array {
  const gray = new Uint8Array(mask.width * mask.height);
  const src = mask.data;
  for (let i = 0; i < gray.length; i++) if (src[i]) gray[i] = value;
  return encodePng({ width: mask.width, height: mask.height, colorType: 'gray', data: gray });
}

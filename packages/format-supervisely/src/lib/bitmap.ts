/**
 * Supervisely's bitmap encoding (the SDK's `Bitmap.base64_2_data` / `data_2_base64`): the object's
 * cropped mask as a PNG, zlib-compressed, in base64; `origin` is the crop's top-left pixel [x, y].
 * Supervisely writes a 1-bit palette PNG (black, white) whose entry 0 is transparent and reads the
 * mask from the alpha channel (OpenCV's IMREAD_UNCHANGED: a palette with tRNS becomes BGRA), a plain
 * gray PNG by its non-zero pixels; a string that is no zlib stream is taken as a bare PNG, any
 * non-zero sample set (the SDK's fallback).
 */
import {
  allocatePixels,
  type BinaryMask,
  checkPixels,
  DatasetError,
  type DatasetLimits,
  isDatasetError,
} from '@labelport/core';
import { decodeBase64, encodeBase64 } from '@labelport/core/files';
import { type DecodedPng, decodePng, encodePng } from '@labelport/core/png';
import { deflateZlib, inflateCapped, isZlibHeader } from './zlib.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Signature and IHDR: where a PNG says its width and height. */
const PNG_HEAD = 33;

export interface Where {
  file: string;
  place: string;
}

const isPng = (b: Uint8Array) => PNG_SIGNATURE.every((v, i) => b[i] === v);
const u32 = (b: Uint8Array, at: number) =>
  ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

/**
 * The most bytes a PNG of the size its header declares can take (16-bit RGBA, unfiltered, stored
 * uncompressed, with slack for chunks), checked against the pixel limit first.
 */
function pngCap(head: Uint8Array, limits: DatasetLimits): number {
  if (head.length < PNG_HEAD || !isPng(head))
    throw new DatasetError('bad-image', 'the inflated data is not a PNG');
  const width = u32(head, 16);
  const height = u32(head, 20);
  checkPixels(width, height, undefined, limits);
  return Math.min(limits.maxTextBytes, 2 * height * (1 + width * 8) + 65536);
}

/** The mask of a decoded PNG as Supervisely reads it (see the file comment). */
function maskOf(png: DecodedPng, bare: boolean, where: Where, limits: DatasetLimits): BinaryMask {
  const { width, height, channels, data, colorType } = png;
  const out = allocatePixels(width, height, where, { limits });
  if (colorType === 'palette') {
    const alpha = png.transparency;
    if (!alpha && !bare) throw noAlpha(colorType, where);
    for (let i = 0; i < out.length; i++) {
      const v = data[i]!;
      out[i] = (bare ? v !== 0 : (alpha![v] ?? 255) !== 0) ? 1 : 0;
    }
    return { width, height, data: out };
  }
  if (bare || channels === 1) {
    for (let i = 0, k = 0; i < out.length; i++, k += channels) {
      let on = 0;
      for (let c = 0; c < channels; c++) if (data[k + c]) on = 1;
      out[i] = on;
    }
    return { width, height, data: out };
  }
  if (colorType === 'rgb') throw noAlpha(colorType, where);
  // gray-alpha and rgba: the alpha channel, the last sample of each pixel
  for (let i = 0, k = channels - 1; i < out.length; i++, k += channels) out[i] = data[k] ? 1 : 0;
  return { width, height, data: out };
}

function noAlpha(colorType: string, where: Where): DatasetError {
  return new DatasetError(
    'bad-image',
    `the bitmap's PNG (${colorType}) has no alpha channel, which Supervisely reads the mask from`,
    where,
  );
}

/** A DatasetError placed at `where`; anything else (a bug) as it is. */
function placed(e: unknown, where: Where): unknown {
  return isDatasetError(e) ? e.withLocation(where.file, where.place) : e;
}

/** The cropped mask a bitmap's `data` holds. A bad string is a DatasetError at `where`. */
export function decodeBitmapData(text: string, where: Where, limits: DatasetLimits): BinaryMask {
  const bytes = decodeBase64(text);
  if (!bytes) throw new DatasetError('bad-field', 'the bitmap data is not base64', where);
  try {
    const bare = isPng(bytes);
    if (!bare && !isZlibHeader(bytes))
      throw new DatasetError('bad-value', 'the bitmap data is neither a zlib stream nor a PNG');
    const png = bare ? bytes : inflateCapped(bytes, PNG_HEAD, (head) => pngCap(head, limits));
    return maskOf(decodePng(png, { limits }), bare, where, limits);
  } catch (e) {
    throw placed(e, where);
  }
}

/** A mask as Supervisely writes it: a palette PNG (entry 0 transparent black, 1 white), zlib, base64. */
export function encodeBitmapData(mask: BinaryMask): string {
  const png = encodePng({
    width: mask.width,
    height: mask.height,
    colorType: 'palette',
    data: mask.data,
    palette: [
      [0, 0, 0],
      [255, 255, 255],
    ],
    transparency: [0],
  });
  return encodeBase64(deflateZlib(png));
}

/** The tight crop of a mask's set pixels and its top-left corner; undefined when no pixel is set. */
export function cropMask(mask: BinaryMask): { x: number; y: number; crop: BinaryMask } | undefined {
  const { width, height, data } = mask;
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      if (!data[i]) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      y1 = y;
    }
  }
  if (x1 < 0) return undefined;
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = (y0 + y) * width + x0;
    for (let x = 0; x < w; x++) out[y * w + x] = data[row + x] ? 1 : 0;
  }
  return { x: x0, y: y0, crop: { width: w, height: h, data: out } };
}

/**
 * A cropped mask placed at (x, y) on a canvas of `width` x `height` (the image): the pixels outside
 * the canvas are cut off and counted.
 */
export function pasteMask(
  crop: BinaryMask,
  x: number,
  y: number,
  size: { width: number; height: number },
  where: Where,
  limits: DatasetLimits,
): { mask: BinaryMask; cut: number } {
  const { width, height } = size;
  const data = allocatePixels(width, height, where, { limits });
  let cut = 0;
  for (let r = 0; r < crop.height; r++) {
    const ty = y + r;
    for (let c = 0; c < crop.width; c++) {
      if (!crop.data[r * crop.width + c]) continue;
      const tx = x + c;
      if (tx < 0 || ty < 0 || tx >= width || ty >= height) cut++;
      else data[ty * width + tx] = 1;
    }
  }
  return { mask: { width, height, data }, cut };
}

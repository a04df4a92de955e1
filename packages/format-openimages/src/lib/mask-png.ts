import {
  allocatePixels,
  type BinaryMask,
  DatasetError,
  type DatasetLimits,
  type FileTree,
  inFile,
} from '@labelport/core';
import { decodePng, encodePng } from '@labelport/core/png';

/**
 * A binary mask from a PNG: a pixel is foreground when any of its colour samples is non-zero (alpha
 * is ignored), resized to `width` x `height` by nearest neighbour (OpenCV's INTER_NEAREST: source
 * pixel floor(x * srcW / dstW)) when the PNG has another size, as Open Images' masks do.
 */
export async function loadPngMask(
  tree: FileTree,
  path: string,
  width: number,
  height: number,
  limits?: DatasetLimits,
): Promise<BinaryMask> {
  const bytes = await tree.read(path);
  const png = inFile(path, () => decodePng(bytes, { limits }));
  const { channels, data } = png;
  const colorSamples = png.colorType === 'gray-alpha' ? 1 : png.colorType === 'rgba' ? 3 : channels;
  const src = new Uint8Array(png.width * png.height);
  for (let p = 0, s = 0; p < src.length; p++, s += channels) {
    let on = 0;
    for (let c = 0; c < colorSamples; c++) if (data[s + c] !== 0) on = 1;
    src[p] = on;
  }
  if (png.width === width && png.height === height) return { width, height, data: src };
  if (png.width === 0 || png.height === 0) {
    throw new DatasetError('bad-image', 'the mask PNG is empty', { file: path });
  }
  return resizeNearest({ width: png.width, height: png.height, data: src }, width, height, limits);
}

export function resizeNearest(
  src: BinaryMask,
  width: number,
  height: number,
  limits?: DatasetLimits,
): BinaryMask {
  const data = allocatePixels(width, height, 'mask', { limits });
  const xs = new Int32Array(width);
  for (let x = 0; x < width; x++) xs[x] = Math.min(src.width - 1, Math.floor((x * src.width) / width));
  for (let y = 0; y < height; y++) {
    const sy = Math.min(src.height - 1, Math.floor((y * src.height) / height));
    const row = sy * src.width;
    const out = y * width;
    for (let x = 0; x < width; x++) data[out + x] = src.data[row + xs[x]!]!;
  }
  return { width, height, data };
}

/** A binary mask as an 8-bit grey PNG, 0 and 255 (what Open Images ships and every reader accepts). */
export function encodeMaskPng(mask: BinaryMask): Uint8Array {
  const data = new Uint8Array(mask.data.length);
  for (let i = 0; i < data.length; i++) data[i] = mask.data[i] ? 255 : 0;
  return encodePng({ width: mask.width, height: mask.height, colorType: 'gray', data });
}

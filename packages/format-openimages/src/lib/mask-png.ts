import {
  allocatePixels,
  type BinaryMask,
  DatasetError,
  type DatasetLimits,
  type FileTree,
} from '@labelport/core';
import { decodeBinaryMaskPng } from '@labelport/core/png';

/**
 * A binary mask from a PNG (core's `decodeBinaryMaskPng`: a pixel is foreground when any of its
 * colour samples is non-zero, alpha ignored), resized to `width` x `height` by nearest neighbour
 * (OpenCV's INTER_NEAREST: source pixel floor(x * srcW / dstW)) when the PNG has another size, as
 * Open Images' masks do.
 */
export async function loadPngMask(
  tree: FileTree,
  path: string,
  width: number,
  height: number,
  limits?: DatasetLimits,
): Promise<BinaryMask> {
  const src = decodeBinaryMaskPng(await tree.read(path), path, { limits });
  if (src.width === width && src.height === height) return src;
  if (src.width === 0 || src.height === 0) {
    throw new DatasetError('bad-image', 'the mask PNG is empty', { file: path });
  }
  return resizeNearest(src, width, height, limits);
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

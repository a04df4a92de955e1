import { DatasetError } from './errors.js';
import { decodeRle, encodeRle } from './geometry/rle.js';
import type { BinaryMask, Rle } from './geometry/types.js';
import { checkPixels, type DatasetLimits } from './limits.js';
import type { MaskSource } from './model.js';

/** A mask source over COCO-style run-length encoding (decoded on demand). */
export const rleMask = (rle: Rle): MaskSource => ({ kind: 'rle', rle });
/** A mask source over a bitmap already in memory (one byte per pixel, non-zero inside). */
export const bitmapMask = (bitmap: BinaryMask): MaskSource => ({ kind: 'bitmap', bitmap });

/** A mask loaded on demand (from a PNG in the dataset); the load runs at most once. */
export function lazyMask(
  load: () => Promise<BinaryMask>,
  size?: { width: number; height: number },
): MaskSource {
  let pending: Promise<BinaryMask> | undefined;
  return { kind: 'lazy', width: size?.width, height: size?.height, load: () => (pending ??= load()) };
}

/** The mask's size, when known without loading it. */
export function maskSize(m: MaskSource): { width: number; height: number } | undefined {
  if (m.kind === 'rle') return { width: m.rle.size[1], height: m.rle.size[0] };
  if (m.kind === 'bitmap') return { width: m.bitmap.width, height: m.bitmap.height };
  return m.width !== undefined && m.height !== undefined ? { width: m.width, height: m.height } : undefined;
}

/**
 * The mask's pixels. A bitmap whose data does not match its size (or whose size is over the pixel
 * limit) is DatasetError 'bad-value'/'too-large' here, before a writer encodes or paints it. With
 * `limits` (a reader's or writer's `options.limits`), every size is held to them, and a lazy mask
 * that declares its size is checked before it is loaded; `where` names the place in errors.
 */
export async function loadMask(
  m: MaskSource,
  options: { limits?: DatasetLimits; where?: string } = {},
): Promise<BinaryMask> {
  const { limits, where } = options;
  if (m.kind === 'bitmap') return checkBitmap(m.bitmap, limits, where);
  if (m.kind === 'rle') {
    // An RLE's size comes from the file (a COCO segmentation, a CVAT mask's image): checked before
    // decoding allocates it.
    checkPixels(m.rle.size[1], m.rle.size[0], where ?? 'RLE mask', limits);
    return decodeRle(m.rle);
  }
  if (m.width !== undefined && m.height !== undefined)
    checkPixels(m.width, m.height, where ?? 'mask', limits);
  return checkBitmap(await m.load(), limits, where);
}

function checkBitmap(b: BinaryMask, limits?: DatasetLimits, where = 'mask'): BinaryMask {
  const n = checkPixels(b.width, b.height, where, limits);
  if (b.data?.length !== n) {
    throw new DatasetError(
      'bad-value',
      `a ${b.width}x${b.height} mask has ${b.data?.length} bytes of data, not ${n}`,
    );
  }
  return b;
}

/** A mask source's pixels as COCO-style run-length encoding. */
export async function maskToRle(m: MaskSource): Promise<Rle> {
  if (m.kind === 'rle') return m.rle;
  return encodeRle(await loadMask(m));
}

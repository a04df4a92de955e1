import type { BinaryMask, DatasetLimits, Rle } from '@labelport/core';
import { allocatePixels, checkPixels } from '@labelport/core';

/**
 * CVAT's mask RLE: run lengths over the mask's own box (`left`, `top`, `width`, `height`), row by row,
 * alternating runs of 0 and 1 and starting with a (possibly empty) run of 0. (Datumaro reads it as a
 * (W, H) array and transposes it, which is the same thing.)
 */
export interface CvatMaskBox {
  counts: number[];
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Parses `rle="3, 5, 7"`; undefined when a count is not a whole number >= 0. */
export function parseCvatCounts(text: string): number[] | undefined {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const s = part.trim();
    if (s === '') continue;
    const n = Number(s);
    if (!Number.isInteger(n) || n < 0) return undefined;
    out.push(n);
  }
  return out;
}

/**
 * Turns a CVAT mask box into a COCO RLE over the whole image (column-major), without building the
 * image-sized bitmap: the cost is the box's area plus the image's width. Parts of the box outside the
 * image are cut off.
 */
export function cvatMaskToRle(
  box: CvatMaskBox,
  imageWidth: number,
  imageHeight: number,
  limits?: DatasetLimits,
): Rle {
  const { counts, left, top, width, height } = box;
  // The runs are built column by column over the whole image: its size is held to the pixel limit.
  checkPixels(imageWidth, imageHeight, 'image', limits);
  const local = allocatePixels(width, height, 'mask box', { limits });
  let pos = 0;
  let value = 0;
  for (const n of counts) {
    if (value === 1) local.fill(1, pos, Math.min(pos + n, local.length));
    pos += n;
    value ^= 1;
  }
  const out: number[] = [];
  let run = 0;
  let current = 0;
  const push = (v: number, n: number) => {
    if (n === 0) return;
    if (v === current) run += n;
    else {
      out.push(run);
      run = n;
      current = v;
    }
  };
  for (let x = 0; x < imageWidth; x++) {
    const bx = x - left;
    if (bx < 0 || bx >= width) {
      push(0, imageHeight);
      continue;
    }
    const y0 = Math.max(0, top);
    const y1 = Math.min(imageHeight, top + height);
    push(0, Math.min(imageHeight, Math.max(0, top)));
    // the column of the box as runs of equal pixels, one push each
    for (let y = y0; y < y1; ) {
      const v = local[(y - top) * width + bx]!;
      let end = y + 1;
      while (end < y1 && local[(end - top) * width + bx] === v) end++;
      push(v, end - y);
      y = end;
    }
    push(0, Math.max(0, imageHeight - Math.max(y1, y0)));
  }
  out.push(run);
  return { size: [imageHeight, imageWidth], counts: out };
}

/** The tight box of a mask's set pixels and CVAT's row-major runs over it; undefined for an empty mask. */
export function bitmapToCvatMask(mask: BinaryMask): CvatMaskBox | undefined {
  const { width: W, height: H, data } = mask;
  let x0 = W;
  let y0 = H;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < H; y++) {
    const row = y * W;
    for (let x = 0; x < W; x++) {
      if (data[row + x]) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        y1 = y;
      }
    }
  }
  if (x1 < 0) return undefined;
  const counts: number[] = [];
  let value = 0;
  let run = 0;
  for (let y = y0; y <= y1; y++) {
    const row = y * W;
    for (let x = x0; x <= x1; x++) {
      const v = data[row + x] ? 1 : 0;
      if (v === value) run++;
      else {
        counts.push(run);
        run = 1;
        value = v;
      }
    }
  }
  counts.push(run);
  return { counts, left: x0, top: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

import type { Rle } from '@labelport/core';

/**
 * Splits a per-pixel key image (row-major) into one COCO RLE per key, in a single column-major pass and
 * without a full-size bitmap per key (a 1280x720 panoptic mask has dozens of segments). Keys for which
 * `skip` is true (background, ignore) get no mask. Keys come out in ascending order.
 */
export function splitKeysToRle(
  keys: ArrayLike<number>,
  width: number,
  height: number,
  skip: (key: number) => boolean,
): Map<number, Rle> {
  interface Runs {
    counts: number[];
    /** Column-major index just past the last closed run of ones. */
    end: number;
    start: number;
    len: number;
  }
  const runs = new Map<number, Runs>();
  let lastKey = -1;
  let last: Runs | undefined;
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const k = keys[y * width + x]!;
      if (k !== lastKey) {
        lastKey = k;
        if (skip(k)) last = undefined;
        else {
          last = runs.get(k);
          if (!last) {
            last = { counts: [], end: 0, start: 0, len: 0 };
            runs.set(k, last);
          }
        }
      }
      if (!last) continue;
      const p = x * height + y;
      if (last.len > 0 && last.start + last.len === p) last.len++;
      else {
        if (last.len > 0) {
          last.counts.push(last.start - last.end, last.len);
          last.end = last.start + last.len;
        }
        last.start = p;
        last.len = 1;
      }
    }
  }
  const total = width * height;
  const out = new Map<number, Rle>();
  for (const k of [...runs.keys()].sort((a, b) => a - b)) {
    const r = runs.get(k)!;
    if (r.len > 0) {
      r.counts.push(r.start - r.end, r.len);
      r.end = r.start + r.len;
    }
    if (r.end < total) r.counts.push(total - r.end);
    out.set(k, { size: [height, width], counts: r.counts });
  }
  return out;
}

import type { Bbox, BinaryMask } from './types.js';

/** Tight box [x, y, w, h] around flat [x1, y1, x2, y2, ...] points (w = maxX - minX); [0, 0, 0, 0] for none. */
export function bboxOfPoints(points: number[]): Bbox {
  if (points.length < 2) return [0, 0, 0, 0];
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i + 1 < points.length; i += 2) {
    const x = points[i];
    const y = points[i + 1];
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return [x0, y0, x1 - x0, y1 - y0];
}

/**
 * Pixel extents of the set pixels of a mask: [minX, minY, maxX - minX + 1, maxY - minY + 1],
 * so a single pixel at (3, 4) gives [3, 4, 1, 1]. An empty mask gives [0, 0, 0, 0].
 */
export function maskBbox(mask: BinaryMask): Bbox {
  const { width: w, height: h, data } = mask;
  let x0 = w;
  let y0 = -1;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let first = -1;
    for (let x = 0; x < w; x++) {
      if (data[row + x] !== 0) {
        first = x;
        break;
      }
    }
    if (first < 0) continue;
    let last = first;
    for (let x = w - 1; x > first; x--) {
      if (data[row + x] !== 0) {
        last = x;
        break;
      }
    }
    if (y0 < 0) y0 = y;
    y1 = y;
    if (first < x0) x0 = first;
    if (last > x1) x1 = last;
  }
  if (y0 < 0) return [0, 0, 0, 0];
  return [x0, y0, x1 - x0 + 1, y1 - y0 + 1];
}

/** Area of a box [x, y, w, h]: w * h, or 0 when either side is not positive. */
export function bboxArea(bbox: readonly number[]): number {
  const w = bbox[2];
  const h = bbox[3];
  return w > 0 && h > 0 ? w * h : 0;
}

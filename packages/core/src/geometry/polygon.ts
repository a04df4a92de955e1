import { DatasetError } from '../errors.js';
import { checkPixels } from '../limits.js';
import { mergeRle } from './rle.js';
import type { Rle } from './types.js';

/*
 * Polygon rasterisation, pixel for pixel as pycocotools `rleFrPoly` (maskApi.c):
 * vertices are snapped to a 5x grid (int(5*v + 0.5), truncating like a C cast), each edge is walked
 * as a dense digital line, and wherever the line crosses the centre column of a pixel
 * (5x grid column 5n+2 -> 5n+3) the crossing row ceil((min(v)+0.5)/5 - 0.5), clamped to [0, h],
 * toggles the column's pixels below it (even-odd fill). The crossings are the same as pycocotools'
 * dense walk, but found directly per pixel column, so huge coordinates neither hang nor exhaust memory.
 */

const SCALE = 5;

/** Rasterises one polygon (flat [x1, y1, x2, y2, ...], implicitly closed) to an RLE of height x width. */
/** Coordinates beyond this are no image's (and keep SCALE x coordinate an exact integer). */
const MAX_COORDINATE = 2 ** 40;

export function rasterizePolygon(points: number[], height: number, width: number): Rle {
  checkSize(height, width);
  if (points.length % 2 !== 0)
    throw new DatasetError('bad-value', `polygon has an odd number of coordinates (${points.length})`);
  const k = points.length / 2;
  const xs = new Array<number>(k + 1);
  const ys = new Array<number>(k + 1);
  for (let j = 0; j < k; j++) {
    const px = points[2 * j];
    const py = points[2 * j + 1];
    if (!Number.isFinite(px) || !Number.isFinite(py)) {
      throw new DatasetError('bad-value', `polygon point ${j} is not a pair of finite numbers: ${px}, ${py}`);
    }
    // Past 2^40 the binary search below would work on floats that no longer step by one (a hang).
    if (Math.abs(px) > MAX_COORDINATE || Math.abs(py) > MAX_COORDINATE) {
      throw new DatasetError('bad-value', `polygon point ${j} is out of any image: ${px}, ${py}`);
    }
    xs[j] = Math.trunc(SCALE * px + 0.5);
    ys[j] = Math.trunc(SCALE * py + 0.5);
  }
  xs[k] = xs[0];
  ys[k] = ys[0];

  const h = height;
  const w = width;
  const boundaries: number[] = [];
  const addCrossing = (col: number, vmin: number): void => {
    let yd = (vmin + 0.5) / SCALE - 0.5;
    if (yd < 0) yd = 0;
    else if (yd > h) yd = h;
    boundaries.push(col * h + Math.ceil(yd));
  };

  for (let j = 0; j < k; j++) {
    let x0 = xs[j];
    let x1 = xs[j + 1];
    let y0 = ys[j];
    let y1 = ys[j + 1];
    const dx = Math.abs(x1 - x0);
    const dy = Math.abs(y0 - y1);
    if (dx === 0) continue; // no crossing of any column (this includes a repeated point)
    const flip = (dx >= dy && x0 > x1) || (dx < dy && y0 > y1);
    if (flip) {
      [x0, x1] = [x1, x0];
      [y0, y1] = [y1, y0];
    }
    if (dx >= dy) {
      // u = x0 + t for t = 0..dx; v(t) = int(y0 + s*t + 0.5). The step t-1 -> t crosses column
      // 5n+2 -> 5n+3 when x0 + t - 1 = 5n + 2.
      const s = (y1 - y0) / dx;
      const nFirst = Math.max(0, Math.ceil((x0 - 2) / SCALE));
      const nLast = Math.min(w - 1, Math.floor((x0 + dx - 3) / SCALE));
      for (let n = nFirst; n <= nLast; n++) {
        const t = SCALE * n + 3 - x0;
        const va = Math.trunc(y0 + s * (t - 1) + 0.5);
        const vb = Math.trunc(y0 + s * t + 0.5);
        addCrossing(n, Math.min(va, vb));
      }
    } else {
      // v = y0 + t for t = 0..dy; u(t) = int(x0 + s*t + 0.5), monotone, changing by at most 1 a step.
      const s = (x1 - x0) / dy;
      const u = (t: number): number => Math.trunc(x0 + s * t + 0.5);
      const uStart = u(0);
      const uEnd = u(dy);
      const lo = Math.min(uStart, uEnd);
      const hi = Math.max(uStart, uEnd);
      const nFirst = Math.max(0, Math.ceil((lo - 2) / SCALE));
      const nLast = Math.min(w - 1, Math.floor((hi - 3) / SCALE));
      for (let n = nFirst; n <= nLast; n++) {
        // first t where u has passed from 5n+2 to 5n+3 (s > 0) or from 5n+3 to 5n+2 (s < 0)
        const target = SCALE * n + (s > 0 ? 3 : 2);
        let a = 1;
        let b = dy;
        while (a < b) {
          const mid = Math.floor((a + b) / 2);
          const um = u(mid);
          if (s > 0 ? um >= target : um <= target) b = mid;
          else a = mid + 1;
        }
        addCrossing(n, y0 + a - 1);
      }
    }
  }
  return boundariesToRle(boundaries, h, w);
}

/** Rasterises the parts of one object and unites them, as pycocotools `frPyObjects` + `merge`. */
export function rasterizePolygons(polygons: number[][], height: number, width: number): Rle {
  checkSize(height, width);
  if (polygons.length === 0) return { size: [height, width], counts: [height * width] };
  return mergeRle(polygons.map((p) => rasterizePolygon(p, height, width)));
}

/** Rasterises a box [x, y, w, h] as pycocotools `rleFrBbox`: the polygon (x,y),(x,y+h),(x+w,y+h),(x+w,y). */
export function rasterizeBbox(
  x: number,
  y: number,
  w: number,
  h: number,
  height: number,
  width: number,
): Rle {
  const xe = x + w;
  const ye = y + h;
  return rasterizePolygon([x, y, x, ye, xe, ye, xe, y], height, width);
}

/** Area enclosed by a polygon (shoelace formula, absolute value). */
export function polygonArea(points: number[]): number {
  const k = Math.floor(points.length / 2);
  let sum = 0;
  for (let j = 0; j < k; j++) {
    const i = (j + 1) % k;
    sum += points[2 * j] * points[2 * i + 1] - points[2 * i] * points[2 * j + 1];
  }
  return Math.abs(sum) / 2;
}

function boundariesToRle(boundaries: number[], h: number, w: number): Rle {
  // sort the toggle positions (plus the end, h*w), take differences, and merge away empty runs
  const a = new Float64Array(boundaries.length + 1);
  a.set(boundaries);
  a[boundaries.length] = h * w;
  a.sort();
  for (let j = a.length - 1; j > 0; j--) a[j] -= a[j - 1];
  const counts = [a[0]];
  let j = 1;
  while (j < a.length) {
    if (a[j] > 0) counts.push(a[j++]);
    else if (++j < a.length) counts[counts.length - 1] += a[j++];
  }
  return { size: [h, w], counts };
}

/**
 * A polygon's RLE is decoded at the image's size by its callers (a mask writer): the size is held to
 * the pixel limit here, once for all of them ('bad-value' for sizes that are not whole numbers).
 */
function checkSize(height: number, width: number): void {
  checkPixels(width, height, 'polygon mask');
}

import { DatasetError } from '../errors.js';
import { checkPixels } from '../limits.js';
import { mergeRle, rleArea } from './rle.js';
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

/** Coordinates beyond this are no image's (and keep SCALE x coordinate an exact integer). */
const MAX_COORDINATE = 2 ** 40;

/**
 * Buffers reused from one polygon to the next (they only grow): a typed array allocation costs more
 * than rasterising a small polygon. The functions below are synchronous, so one set is enough.
 */
const scratch: {
  xs: Float64Array;
  ys: Float64Array;
  toggles: Float64Array;
  sorted: Float64Array;
  cols: Int32Array;
  at: Int32Array;
} = {
  xs: new Float64Array(64),
  ys: new Float64Array(64),
  toggles: new Float64Array(1024),
  sorted: new Float64Array(1024),
  cols: new Int32Array(1024),
  at: new Int32Array(1024),
};
const atLeast = (a: Float64Array, n: number): Float64Array =>
  a.length >= n ? a : new Float64Array(Math.max(n, a.length * 2));

/** The polygon's vertices on the 5x grid, closed (the first repeated at the end). */
function gridVertices(points: number[]): { xs: Float64Array; ys: Float64Array; k: number } {
  if (points.length % 2 !== 0)
    throw new DatasetError('bad-value', `polygon has an odd number of coordinates (${points.length})`);
  const k = points.length / 2;
  scratch.xs = atLeast(scratch.xs, k + 1);
  scratch.ys = atLeast(scratch.ys, k + 1);
  const { xs, ys } = scratch;
  for (let j = 0; j < k; j++) {
    const px = points[2 * j];
    const py = points[2 * j + 1];
    if (!Number.isFinite(px) || !Number.isFinite(py)) {
      throw new DatasetError('bad-value', `polygon point ${j} is not a pair of finite numbers: ${px}, ${py}`);
    }
    // Past 2^40 the steps of t below would work on floats that no longer step by one (a hang).
    if (Math.abs(px) > MAX_COORDINATE || Math.abs(py) > MAX_COORDINATE) {
      throw new DatasetError('bad-value', `polygon point ${j} is out of any image: ${px}, ${py}`);
    }
    xs[j] = Math.trunc(SCALE * px + 0.5);
    ys[j] = Math.trunc(SCALE * py + 0.5);
  }
  xs[k] = xs[0];
  ys[k] = ys[0];
  return { xs, ys, k };
}

/** The toggle of column `col` at 5x-grid row `vmin`: its pixel offset col * h + row, clamped. */
function toggleAt(col: number, vmin: number, h: number): number {
  let yd = (vmin + 0.5) / SCALE - 0.5;
  if (yd < 0) yd = 0;
  else if (yd > h) yd = h;
  return col * h + Math.ceil(yd);
}

/**
 * The sorted toggle positions (column-major pixel offsets) of one polygon: the even-odd fill of the
 * image is on between the 1st and 2nd, the 3rd and 4th, ... Every edge gives one toggle per pixel
 * column whose centre it crosses, so a buffer of that many is filled without growing.
 */
function polygonToggles(points: number[], h: number, w: number): Float64Array {
  const { xs, ys, k } = gridVertices(points);
  let capacity = 0;
  for (let j = 0; j < k; j++) capacity += Math.min(w, Math.abs(xs[j + 1] - xs[j]) / SCALE + 1);
  scratch.toggles = atLeast(scratch.toggles, capacity);
  if (scratch.cols.length < capacity) scratch.cols = new Int32Array(scratch.toggles.length);
  const out = scratch.toggles;
  const cols = scratch.cols;
  let n = 0;
  for (let j = 0; j < k; j++) {
    let x0 = xs[j];
    let x1 = xs[j + 1];
    let y0 = ys[j];
    let y1 = ys[j + 1];
    const dx = Math.abs(x1 - x0);
    const dy = Math.abs(y0 - y1);
    if (dx === 0) continue; // no crossing of any column (this includes a repeated point)
    if ((dx >= dy && x0 > x1) || (dx < dy && y0 > y1)) {
      const tx = x0;
      x0 = x1;
      x1 = tx;
      const ty = y0;
      y0 = y1;
      y1 = ty;
    }
    if (dx >= dy) {
      // u = x0 + t for t = 0..dx; v(t) = int(y0 + s*t + 0.5). The step t-1 -> t crosses column
      // 5n+2 -> 5n+3 when x0 + t - 1 = 5n + 2.
      const s = (y1 - y0) / dx;
      const nFirst = Math.max(0, Math.ceil((x0 - 2) / SCALE));
      const nLast = Math.min(w - 1, Math.floor((x0 + dx - 3) / SCALE));
      for (let col = nFirst; col <= nLast; col++) {
        const t = SCALE * col + 3 - x0;
        const va = Math.trunc(y0 + s * (t - 1) + 0.5);
        const vb = Math.trunc(y0 + s * t + 0.5);
        cols[n] = col;
        out[n++] = toggleAt(col, Math.min(va, vb), h);
      }
    } else {
      n = steepEdgeToggles(x0, x1, y0, dy, h, w, n);
    }
  }
  return sortToggles(n);
}

/**
 * The first `n` toggles in ascending order. They come edge by edge, so column by column in runs going
 * right (the upper edges) and left (the lower ones): a counting sort by column, then an insertion sort
 * for the few toggles that share a column, is linear (a generic sort of a polygon's toggles took
 * three times as long). Toggles spread over far more columns than there are toggles are sorted plainly.
 */
function sortToggles(n: number): Float64Array {
  const t = scratch.toggles;
  const cols = scratch.cols;
  if (n < 2) return t.subarray(0, n);
  let lo = cols[0];
  let hi = lo;
  for (let i = 1; i < n; i++) {
    const c = cols[i];
    if (c < lo) lo = c;
    else if (c > hi) hi = c;
  }
  if (hi - lo > 4 * n + 64) return t.subarray(0, n).sort();
  const buckets = hi - lo + 2;
  if (scratch.at.length < buckets) scratch.at = new Int32Array(Math.max(buckets, scratch.at.length * 2));
  const at = scratch.at;
  at.fill(0, 0, buckets);
  for (let i = 0; i < n; i++) at[cols[i] - lo + 1]++;
  for (let c = 1; c < buckets; c++) at[c] += at[c - 1];
  scratch.sorted = atLeast(scratch.sorted, n);
  const out = scratch.sorted;
  for (let i = 0; i < n; i++) out[at[cols[i] - lo]++] = t[i];
  for (let i = 1; i < n; i++) {
    const v = out[i];
    let j = i - 1;
    while (j >= 0 && out[j] > v) {
      out[j + 1] = out[j];
      j--;
    }
    out[j + 1] = v;
  }
  return out.subarray(0, n);
}

/**
 * The toggles of an edge steeper than 45 degrees: v = y0 + t for t = 0..dy, u(t) = int(x0 + s*t +
 * 0.5), monotone, changing by at most 1 a step; for each column centre it passes, the first t past it
 * (found from the line's equation and corrected by a step or two, so a long edge costs a few
 * evaluations per column, not dy).
 */
function steepEdgeToggles(
  x0: number,
  x1: number,
  y0: number,
  dy: number,
  h: number,
  w: number,
  n: number,
): number {
  const out = scratch.toggles;
  const cols = scratch.cols;
  const s = (x1 - x0) / dy;
  const uStart = Math.trunc(x0 + 0.5);
  const uEnd = Math.trunc(x0 + s * dy + 0.5);
  const lo = Math.min(uStart, uEnd);
  const hi = Math.max(uStart, uEnd);
  const nFirst = Math.max(0, Math.ceil((lo - 2) / SCALE));
  const nLast = Math.min(w - 1, Math.floor((hi - 3) / SCALE));
  for (let col = nFirst; col <= nLast; col++) {
    // first t where u has passed from 5n+2 to 5n+3 (s > 0) or from 5n+3 to 5n+2 (s < 0): u(t) is
    // monotone, so start from where the line reaches the target and step to the first such t
    const target = SCALE * col + (s > 0 ? 3 : 2);
    const passed = (t: number) => {
      const u = Math.trunc(x0 + s * t + 0.5);
      return s > 0 ? u >= target : u <= target;
    };
    let a = Math.ceil((target + (s > 0 ? -0.5 : 0.5) - x0) / s);
    if (!(a >= 1)) a = 1;
    else if (a > dy) a = dy;
    while (a > 1 && passed(a - 1)) a--;
    while (a < dy && !passed(a)) a++;
    cols[n] = col;
    out[n++] = toggleAt(col, y0 + a - 1, h);
  }
  return n;
}

/** Rasterises one polygon (flat [x1, y1, x2, y2, ...], implicitly closed) to an RLE of height x width. */
export function rasterizePolygon(points: number[], height: number, width: number): Rle {
  checkSize(height, width);
  return togglesToRle(polygonToggles(points, height, width), height, width);
}

/**
 * The number of pixels of the parts of one object, as pycocotools `area(merge(frPyObjects(...)))`
 * gives it (the COCO `area` of a polygon object), without building the RLE when there is one part.
 */
export function polygonsRasterArea(polygons: number[][], height: number, width: number): number {
  checkSize(height, width);
  if (polygons.length === 0) return 0;
  if (polygons.length > 1) return rleArea(rasterizePolygons(polygons, height, width));
  const t = polygonToggles(polygons[0], height, width);
  let area = 0;
  for (let j = 1; j < t.length; j += 2) area += t[j] - t[j - 1];
  return area;
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

function togglesToRle(toggles: Float64Array, h: number, w: number): Rle {
  // differences of the sorted toggle positions (and the end, h*w), empty runs merged away
  const counts: number[] = [];
  let prev = 0;
  let on = false;
  for (let j = 0; j <= toggles.length; j++) {
    const at = j < toggles.length ? toggles[j] : h * w;
    const run = at - prev;
    if (run > 0 || counts.length === 0) {
      if (counts.length % 2 === (on ? 1 : 0)) counts.push(run);
      else counts[counts.length - 1] += run;
    }
    prev = at;
    on = !on;
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

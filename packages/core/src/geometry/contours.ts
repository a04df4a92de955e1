import { DatasetError } from '../errors.js';
import { checkPixels } from '../limits.js';
import type { BinaryMask } from './types.js';

/** Options of `maskToPolygons`. */
export interface MaskToPolygonsOptions {
  /**
   * Douglas-Peucker tolerance in pixels. 0 (the default) keeps the exact pixel outline and only
   * leaves out points in the middle of straight runs.
   */
  tolerance?: number;
}

// Directions, clockwise on screen (y points down): east, south, west, north.
const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];

/**
 * Outer contours of the 8-connected components of a mask, one flat [x1, y1, x2, y2, ...] polygon
 * each, in raster order of the components' first pixels. Points are pixel corners: the contour
 * runs along the pixel edges (a single pixel at (3, 4) gives the square 3,4 4,4 4,5 3,5), so with
 * tolerance 0 `rasterizePolygons` (pycocotools' even-odd fill) gives back exactly the component's
 * pixels, as long as the component has no holes. Holes are not represented: the outer contour
 * encloses them, so rasterising it fills every hole (a ring becomes a disc). A component that lies
 * inside another's hole gets its own polygon. Components that simplify to fewer than 3 points are dropped.
 * Pixels that touch only at a corner belong to one component, and its contour passes through that corner.
 */
export function maskToPolygons(mask: BinaryMask, options: MaskToPolygonsOptions = {}): number[][] {
  const tolerance = options.tolerance ?? 0;
  if (!(tolerance >= 0)) throw new RangeError(`tolerance must be a non-negative number, got ${tolerance}`);
  const { width: w, height: h, data } = mask;
  if (data.length !== w * h)
    throw new DatasetError('bad-value', `mask data has ${data.length} bytes, expected ${w}x${h} = ${w * h}`);
  const labels = labelComponents(data, w, h);
  const polygons: number[][] = [];
  let next = 1;
  for (let i = 0; i < w * h; i++) {
    // the first pixel of each component in raster order starts its trace
    if (labels[i] !== next) continue;
    const ring = traceOuterContour(labels, w, h, i % w, Math.floor(i / w), next);
    next++;
    const simplified = tolerance > 0 ? simplifyRing(ring, tolerance) : ring;
    if (simplified.length >= 6) polygons.push(simplified);
  }
  return polygons;
}

/** Component labels 1, 2, ... in raster order of first pixels (8-connectivity); 0 = background. */
function labelComponents(data: Uint8Array, w: number, h: number): Int32Array {
  checkPixels(w, h, 'mask');
  const labels = new Int32Array(w * h);
  const stack = new Int32Array(w * h);
  let next = 0;
  for (let start = 0; start < data.length; start++) {
    if (data[start] === 0 || labels[start] !== 0) continue;
    next++;
    labels[start] = next;
    let top = 0;
    stack[top++] = start;
    while (top > 0) {
      const p = stack[--top];
      const px = p % w;
      const py = (p - px) / w;
      for (let ny = py - 1; ny <= py + 1; ny++) {
        if (ny < 0 || ny >= h) continue;
        for (let nx = px - 1; nx <= px + 1; nx++) {
          if (nx < 0 || nx >= w) continue;
          const q = ny * w + nx;
          if (data[q] !== 0 && labels[q] === 0) {
            labels[q] = next;
            stack[top++] = q;
          }
        }
      }
    }
  }
  return labels;
}

/**
 * Follows the pixel edges around component `id` clockwise (on screen), the component on the right,
 * starting at the top-left corner of its first pixel (x0, y0), whose top edge is on the outer boundary.
 * Where two pixels of the component meet only at a corner the walk turns towards the second one
 * (8-connectivity). Returns the corners where the direction changes.
 */
function traceOuterContour(
  labels: Int32Array,
  w: number,
  h: number,
  x0: number,
  y0: number,
  id: number,
): number[] {
  const inside = (x: number, y: number): boolean =>
    x >= 0 && y >= 0 && x < w && y < h && labels[y * w + x] === id;
  const ring = [x0, y0];
  let d = 0;
  let vx = x0 + 1;
  let vy = y0;
  while (vx !== x0 || vy !== y0) {
    // the two pixels ahead of vertex (vx, vy), to the left and to the right of direction d
    let aheadLeft: boolean;
    let aheadRight: boolean;
    switch (d) {
      case 0:
        aheadLeft = inside(vx, vy - 1);
        aheadRight = inside(vx, vy);
        break;
      case 1:
        aheadLeft = inside(vx, vy);
        aheadRight = inside(vx - 1, vy);
        break;
      case 2:
        aheadLeft = inside(vx - 1, vy);
        aheadRight = inside(vx - 1, vy - 1);
        break;
      default:
        aheadLeft = inside(vx - 1, vy - 1);
        aheadRight = inside(vx, vy - 1);
    }
    const nd = aheadLeft ? (d + 3) & 3 : aheadRight ? d : (d + 1) & 3;
    if (nd !== d) ring.push(vx, vy);
    d = nd;
    vx += DX[d];
    vy += DY[d];
  }
  return ring;
}

/** Douglas-Peucker on a closed ring, split at the first point and the point farthest from it. */
function simplifyRing(ring: number[], tolerance: number): number[] {
  const n = ring.length / 2;
  if (n <= 3) return ring;
  let far = 0;
  let farDist = -1;
  for (let i = 1; i < n; i++) {
    const d = (ring[2 * i] - ring[0]) ** 2 + (ring[2 * i + 1] - ring[1]) ** 2;
    if (d > farDist) {
      farDist = d;
      far = i;
    }
  }
  const keep = new Uint8Array(n + 1);
  keep[0] = 1;
  keep[far] = 1;
  keep[n] = 1;
  const at = (i: number) => (i % n) * 2;
  const stack: number[] = [0, far, far, n];
  while (stack.length > 0) {
    const b = stack.pop()!;
    const a = stack.pop()!;
    if (b - a < 2) continue;
    const ax = ring[at(a)];
    const ay = ring[at(a) + 1];
    const bx = ring[at(b)];
    const by = ring[at(b) + 1];
    const len = Math.hypot(bx - ax, by - ay);
    let worst = -1;
    let worstDist = -1;
    for (let i = a + 1; i < b; i++) {
      const px = ring[at(i)];
      const py = ring[at(i) + 1];
      const dist =
        len === 0
          ? Math.hypot(px - ax, py - ay)
          : Math.abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / len;
      if (dist > worstDist) {
        worstDist = dist;
        worst = i;
      }
    }
    if (worstDist > tolerance) {
      keep[worst] = 1;
      stack.push(a, worst, worst, b);
    }
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(ring[2 * i], ring[2 * i + 1]);
  return out;
}

/**
 * Scalabel's Poly2D: vertices with a type each, `L` (a vertex the path goes through) or `C` (a cubic
 * Bezier control point; `L C C L` is a curve from the first vertex to the last, matplotlib CURVE4),
 * closed (a filled polygon, the first vertex appended) or open (a stroked path).
 */
export interface Poly2d {
  vertices: [number, number][];
  types: string;
  closed: boolean;
}

/**
 * The path as a flat list of points, each Bezier curve replaced by line segments that stay within
 * `tolerance` pixels of it (de Casteljau subdivision until the control points lie that close to the
 * chord). A closed path does not repeat its first point at the end.
 */
export function flattenPoly2d(poly: Poly2d, tolerance: number): number[] {
  const v = poly.vertices;
  const n = v.length;
  if (n === 0) return [];
  const out: number[] = [v[0]![0], v[0]![1]];
  let i = 1;
  while (i < n) {
    if (poly.types[i] === 'C') {
      const endIndex = i + 2;
      const end = endIndex < n ? v[endIndex] : endIndex === n && poly.closed ? v[0] : undefined;
      if (end === undefined) {
        // A curve without its end point: keep the vertices as corners.
        out.push(v[i]![0], v[i]![1]);
        i++;
        continue;
      }
      const x0 = out[out.length - 2]!;
      const y0 = out[out.length - 1]!;
      const c1 = v[i]!;
      const c2 = v[i + 1]!;
      subdivide(x0, y0, c1[0], c1[1], c2[0], c2[1], end[0], end[1], tolerance, out, 0);
      i += 3;
    } else {
      out.push(v[i]![0], v[i]![1]);
      i++;
    }
  }
  if (
    poly.closed &&
    out.length >= 4 &&
    out[out.length - 2] === v[0]![0] &&
    out[out.length - 1] === v[0]![1]
  ) {
    out.length -= 2;
  }
  return out;
}

function subdivide(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  x3: number,
  y3: number,
  tol: number,
  out: number[],
  depth: number,
): void {
  if (depth >= 16 || flatEnough(x0, y0, x1, y1, x2, y2, x3, y3, tol)) {
    out.push(x3, y3);
    return;
  }
  const x01 = (x0 + x1) / 2;
  const y01 = (y0 + y1) / 2;
  const x12 = (x1 + x2) / 2;
  const y12 = (y1 + y2) / 2;
  const x23 = (x2 + x3) / 2;
  const y23 = (y2 + y3) / 2;
  const xa = (x01 + x12) / 2;
  const ya = (y01 + y12) / 2;
  const xb = (x12 + x23) / 2;
  const yb = (y12 + y23) / 2;
  const xm = (xa + xb) / 2;
  const ym = (ya + yb) / 2;
  subdivide(x0, y0, x01, y01, xa, ya, xm, ym, tol, out, depth + 1);
  subdivide(xm, ym, xb, yb, x23, y23, x3, y3, tol, out, depth + 1);
}

/** Both control points within `tol` of the chord (which bounds the curve's distance from it). */
function flatEnough(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  x3: number,
  y3: number,
  tol: number,
) {
  const dx = x3 - x0;
  const dy = y3 - y0;
  const len = Math.hypot(dx, dy);
  if (len < 1e-9) return Math.hypot(x1 - x0, y1 - y0) <= tol && Math.hypot(x2 - x0, y2 - y0) <= tol;
  const d1 = Math.abs((x1 - x0) * dy - (y1 - y0) * dx) / len;
  const d2 = Math.abs((x2 - x0) * dy - (y2 - y0) * dx) / len;
  return d1 <= tol && d2 <= tol;
}

/** A Poly2D of straight segments from flat points. */
export function poly2dFromPoints(points: number[], closed: boolean): Poly2d {
  const vertices: [number, number][] = [];
  for (let i = 0; i + 1 < points.length; i += 2) vertices.push([points[i]!, points[i + 1]!]);
  return { vertices, types: 'L'.repeat(vertices.length), closed };
}

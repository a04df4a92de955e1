/**
 * The rectangle of least area around a set of points (Freeman and Shapira: one of its sides lies on
 * an edge of the convex hull), as its four corners, clockwise on the image (y down). What the DOTA
 * writer makes of a polygon that is not four points, DOTA's objects being oriented boxes.
 */

/** The convex hull of flat x, y points (Andrew's monotone chain), counter-clockwise in x-right y-up terms. */
function convexHull(points: readonly number[]): [number, number][] {
  const pts: [number, number][] = [];
  for (let i = 0; i + 1 < points.length; i += 2) pts.push([points[i]!, points[i + 1]!]);
  pts.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return pts;
  const cross = (o: [number, number], a: [number, number], b: [number, number]) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (list: [number, number][]) => {
    const out: [number, number][] = [];
    for (const p of list) {
      while (out.length >= 2 && cross(out[out.length - 2]!, out[out.length - 1]!, p) <= 0) out.pop();
      out.push(p);
    }
    out.pop();
    return out;
  };
  return [...half(pts), ...half([...pts].reverse())];
}

/** The corners of the rectangle with one side along the direction (ux, uy) that holds every point. */
function rectangleAlong(hull: [number, number][], ux: number, uy: number) {
  let minU = Infinity;
  let maxU = -Infinity;
  let minV = Infinity;
  let maxV = -Infinity;
  for (const [x, y] of hull) {
    const u = x * ux + y * uy;
    const v = -x * uy + y * ux;
    minU = Math.min(minU, u);
    maxU = Math.max(maxU, u);
    minV = Math.min(minV, v);
    maxV = Math.max(maxV, v);
  }
  const at = (u: number, v: number) => [u * ux - v * uy, u * uy + v * ux];
  const corners = [...at(minU, minV), ...at(maxU, minV), ...at(maxU, maxV), ...at(minU, maxV)];
  return { area: (maxU - minU) * (maxV - minV), corners };
}

/** The four corners (flat x, y, clockwise on the image) of the least rectangle around `points`. */
export function minAreaRectangle(points: readonly number[]): number[] {
  const hull = convexHull(points);
  let best = rectangleAlong(hull, 1, 0);
  for (let i = 0; i < hull.length; i++) {
    const [x1, y1] = hull[i]!;
    const [x2, y2] = hull[(i + 1) % hull.length]!;
    const len = Math.hypot(x2 - x1, y2 - y1);
    if (len === 0) continue;
    const r = rectangleAlong(hull, (x2 - x1) / len, (y2 - y1) / len);
    if (r.area < best.area - 1e-9) best = r;
  }
  return best.corners;
}

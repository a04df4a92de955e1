import { describe, expect, it } from 'vitest';
import { polygonsRasterArea, rasterizePolygon, rasterizePolygons, rleArea } from '../../src/geometry/index.js';

/**
 * The dense walk pycocotools' rleFrPoly describes (every 5x-grid step of every edge, a toggle where
 * the walk crosses a pixel column's centre), written plainly as a reference for the fast rasteriser.
 */
function denseCounts(points: number[], h: number, w: number): number[] {
  const k = points.length / 2;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let j = 0; j <= k; j++) {
    xs.push(Math.trunc(5 * points[2 * (j % k)] + 0.5));
    ys.push(Math.trunc(5 * points[2 * (j % k) + 1] + 0.5));
  }
  const u: number[] = [];
  const v: number[] = [];
  for (let j = 0; j < k; j++) {
    let [x0, x1, y0, y1] = [xs[j], xs[j + 1], ys[j], ys[j + 1]];
    const dx = Math.abs(x1 - x0);
    const dy = Math.abs(y0 - y1);
    const flip = (dx >= dy && x0 > x1) || (dx < dy && y0 > y1);
    if (flip) [x0, x1, y0, y1] = [x1, x0, y1, y0];
    if (dx >= dy) {
      const s = dx === 0 ? 0 : (y1 - y0) / dx;
      for (let d = 0; d <= dx; d++) {
        const t = flip ? dx - d : d;
        u.push(t + x0);
        v.push(Math.trunc(y0 + s * t + 0.5));
      }
    } else {
      const s = (x1 - x0) / dy;
      for (let d = 0; d <= dy; d++) {
        const t = flip ? dy - d : d;
        v.push(t + y0);
        u.push(Math.trunc(x0 + s * t + 0.5));
      }
    }
  }
  const toggles: number[] = [];
  for (let j = 1; j < u.length; j++) {
    if (u[j] === u[j - 1]) continue;
    let xd = u[j] < u[j - 1] ? u[j] : u[j] - 1;
    xd = (xd + 0.5) / 5 - 0.5;
    if (Math.floor(xd) !== xd || xd < 0 || xd > w - 1) continue;
    let yd = (Math.min(v[j], v[j - 1]) + 0.5) / 5 - 0.5;
    yd = Math.ceil(Math.min(h, Math.max(0, yd)));
    toggles.push(xd * h + yd);
  }
  toggles.sort((a, b) => a - b);
  toggles.push(h * w);
  const counts: number[] = [];
  let prev = 0;
  toggles.forEach((at, i) => {
    const run = at - prev;
    const on = i % 2 === 1;
    if (counts.length % 2 === (on ? 1 : 0)) counts.push(run);
    else counts[counts.length - 1] += run;
    prev = at;
  });
  // an empty run is dropped and the runs on either side join (one at the end is just dropped), as
  // maskApi.c compacts the differences
  const merged: number[] = [counts[0]];
  for (let i = 1; i < counts.length; i++) {
    if (counts[i] > 0) merged.push(counts[i]);
    else if (++i < counts.length) merged[merged.length - 1] += counts[i];
  }
  return merged;
}

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

describe('the fast polygon rasteriser', () => {
  it('gives the dense walk\'s RLE on random polygons, inside and across the image border', () => {
    const rnd = random(7);
    for (let c = 0; c < 400; c++) {
      const h = 5 + Math.floor(rnd() * 40);
      const w = 5 + Math.floor(rnd() * 40);
      const n = 3 + Math.floor(rnd() * 9);
      const pts: number[] = [];
      for (let j = 0; j < n; j++) pts.push(+(rnd() * (w + 10) - 5).toFixed(2), +(rnd() * (h + 10) - 5).toFixed(2));
      const fast = rasterizePolygon(pts, h, w);
      expect(fast.counts, `case ${c}: ${JSON.stringify(pts)} on ${h}x${w}`).toEqual(denseCounts(pts, h, w));
      expect(polygonsRasterArea([pts], h, w)).toBe(rleArea(fast));
    }
  });
  it('gives the area of several parts as the area of their union', () => {
    const parts = [
      [0, 0, 10, 0, 10, 10, 0, 10],
      [5, 5, 15, 5, 15, 15, 5, 15],
    ];
    expect(polygonsRasterArea(parts, 20, 20)).toBe(rleArea(rasterizePolygons(parts, 20, 20)));
    expect(polygonsRasterArea(parts, 20, 20)).toBe(175);
    expect(polygonsRasterArea([], 20, 20)).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { type BinaryMask, decodeRle, maskToPolygons, rasterizePolygons } from '../../src/geometry/index.js';

function maskOf(rows: string[]): BinaryMask {
  const height = rows.length;
  const width = rows[0].length;
  const data = new Uint8Array(width * height);
  rows.forEach((r, y) => {
    for (let x = 0; x < width; x++) data[y * width + x] = r[x] === '1' ? 1 : 0;
  });
  return { width, height, data };
}

function roundTrip(mask: BinaryMask, tolerance = 0): BinaryMask {
  return decodeRle(rasterizePolygons(maskToPolygons(mask, { tolerance }), mask.height, mask.width));
}

/** The mask with its holes filled: background not 4-connected to the border becomes foreground. */
function fillHoles(mask: BinaryMask): BinaryMask {
  const { width: w, height: h, data } = mask;
  const outside = new Uint8Array(w * h);
  const stack: number[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if ((x === 0 || y === 0 || x === w - 1 || y === h - 1) && !data[y * w + x]) {
        outside[y * w + x] = 1;
        stack.push(y * w + x);
      }
    }
  }
  while (stack.length) {
    const p = stack.pop()!;
    const x = p % w;
    const y = (p - x) / w;
    for (const [nx, ny] of [
      [x + 1, y],
      [x - 1, y],
      [x, y + 1],
      [x, y - 1],
    ]) {
      const q = ny * w + nx;
      if (nx >= 0 && ny >= 0 && nx < w && ny < h && !data[q] && !outside[q]) {
        outside[q] = 1;
        stack.push(q);
      }
    }
  }
  return { width: w, height: h, data: outside.map((o) => 1 - o) };
}

describe('maskToPolygons', () => {
  it('outlines a single pixel by its corners, clockwise on screen', () => {
    expect(maskToPolygons(maskOf(['000', '010', '000']))).toEqual([[1, 1, 2, 1, 2, 2, 1, 2]]);
  });

  it('keeps only the corners of a rectangle', () => {
    expect(maskToPolygons(maskOf(['0000', '0111', '0111']))).toEqual([[1, 1, 4, 1, 4, 3, 1, 3]]);
  });

  it('outlines a concave U shape exactly', () => {
    const u = maskOf(['101', '101', '111']);
    expect(maskToPolygons(u)).toEqual([[0, 0, 1, 0, 1, 2, 2, 2, 2, 0, 3, 0, 3, 3, 0, 3]]);
    expect(roundTrip(u)).toEqual(u);
  });

  it('joins pixels that touch at a corner (8-connectivity) into one polygon through that corner', () => {
    const diag = maskOf(['10', '01']);
    expect(maskToPolygons(diag)).toEqual([[0, 0, 1, 0, 1, 1, 2, 1, 2, 2, 1, 2, 1, 1, 0, 1]]);
    expect(roundTrip(diag)).toEqual(diag);
    const anti = maskOf(['01', '10']);
    expect(maskToPolygons(anti)).toHaveLength(1);
    expect(roundTrip(anti)).toEqual(anti);
  });

  it('gives one polygon per component, in raster order of first pixels', () => {
    const m = maskOf(['1100', '0000', '0011', '0011']);
    expect(maskToPolygons(m)).toEqual([
      [0, 0, 2, 0, 2, 1, 0, 1],
      [2, 2, 4, 2, 4, 4, 2, 4],
    ]);
    expect(maskToPolygons(maskOf(['000', '000']))).toEqual([]);
  });

  it('round-trips convex and concave shapes without holes exactly', () => {
    const shapes = [
      ['0110', '1111', '1111', '0110'],
      ['11111', '10001', '10001', '00000'],
      ['0010000', '0111000', '1111100', '0111110', '0011111', '0001110'],
      ['1000001', '1100011', '1111111'],
      ['111', '111', '111'],
      ['1'],
    ];
    for (const rows of shapes) {
      const m = maskOf(rows);
      expect(roundTrip(m), rows.join('/')).toEqual(m);
    }
  });

  it('fills holes: only outer contours are returned (documented behaviour)', () => {
    const ring = maskOf(['11111', '10001', '10101', '10001', '11111']);
    const polys = maskToPolygons(ring);
    // the ring's outer square, and the centre pixel (inside the hole) on its own
    expect(polys).toEqual([
      [0, 0, 5, 0, 5, 5, 0, 5],
      [2, 2, 3, 2, 3, 3, 2, 3],
    ]);
    expect(roundTrip(ring)).toEqual(maskOf(['11111', '11111', '11111', '11111', '11111']));
  });

  it('reproduces random masks with their holes filled', () => {
    let s = 5;
    const rnd = () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    for (let n = 0; n < 60; n++) {
      const width = 1 + Math.floor(rnd() * 16);
      const height = 1 + Math.floor(rnd() * 16);
      const p = 0.2 + rnd() * 0.6;
      const m: BinaryMask = {
        width,
        height,
        data: new Uint8Array(width * height).map(() => (rnd() < p ? 1 : 0)),
      };
      expect(roundTrip(m)).toEqual(fillHoles(m));
    }
  });

  it('simplifies with a tolerance, keeping at least a triangle', () => {
    // a staircase: 4 steps of one pixel
    const stairs = maskOf(['1000', '1100', '1110', '1111']);
    const exact = maskToPolygons(stairs)[0];
    const simple = maskToPolygons(stairs, { tolerance: 1 })[0];
    expect(exact.length / 2).toBe(10);
    expect(simple.length / 2).toBeLessThan(exact.length / 2);
    expect(simple.length / 2).toBeGreaterThanOrEqual(3);
    // every kept point is one of the exact corners
    const corners = new Set<string>();
    for (let i = 0; i < exact.length; i += 2) corners.add(`${exact[i]},${exact[i + 1]}`);
    for (let i = 0; i < simple.length; i += 2)
      expect(corners.has(`${simple[i]},${simple[i + 1]}`)).toBe(true);
    expect(() => maskToPolygons(stairs, { tolerance: -1 })).toThrow(RangeError);
  });
});

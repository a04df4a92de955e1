import { encodeRle } from '@labelport/core/geometry';
import { describe, expect, it } from 'vitest';
import { splitKeysToRle } from '../src/lib/keyed-rle.js';
import { flattenPoly2d } from '../src/lib/poly2d.js';

describe('splitKeysToRle', () => {
  it('gives, for every key, the RLE of its pixels (as encodeRle does)', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (const [w, h] of [
      [1, 1],
      [5, 3],
      [17, 11],
      [64, 9],
    ] as const) {
      // Blocky keys, so runs cross columns, plus noise.
      const keys = Array.from({ length: w * h }, (_, p) =>
        rand() < 0.2 ? Math.floor(rand() * 4) : (Math.floor((p % w) / 4) + Math.floor(p / w / 3)) % 4,
      );
      const out = splitKeysToRle(keys, w, h, (k) => k === 0);
      for (let k = 1; k < 4; k++) {
        const data = new Uint8Array(keys.map((v) => (v === k ? 1 : 0)));
        if (!data.includes(1)) {
          expect(out.has(k)).toBe(false);
          continue;
        }
        expect(out.get(k)).toEqual(encodeRle({ width: w, height: h, data }));
      }
      expect(out.has(0)).toBe(false);
    }
  });
});

describe('flattenPoly2d', () => {
  const cubic = (p: number[][], t: number) => {
    const u = 1 - t;
    return [0, 1].map(
      (i) =>
        u * u * u * p[0]![i]! + 3 * u * u * t * p[1]![i]! + 3 * u * t * t * p[2]![i]! + t * t * t * p[3]![i]!,
    );
  };
  const distToPolyline = (pt: number[], flat: number[]) => {
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i + 3 < flat.length; i += 2) {
      const [ax, ay, bx, by] = [flat[i]!, flat[i + 1]!, flat[i + 2]!, flat[i + 3]!];
      const dx = bx - ax;
      const dy = by - ay;
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((pt[0]! - ax) * dx + (pt[1]! - ay) * dy) / len2));
      best = Math.min(best, Math.hypot(pt[0]! - (ax + t * dx), pt[1]! - (ay + t * dy)));
    }
    return best;
  };

  it('stays within the tolerance of the curve, from its start to its end', () => {
    const ctrl = [
      [0, 0],
      [100, -80],
      [200, 160],
      [300, 0],
    ];
    for (const tol of [2, 0.5, 0.1]) {
      const flat = flattenPoly2d({ vertices: ctrl as [number, number][], types: 'LCCL', closed: false }, tol);
      expect(flat.slice(0, 2)).toEqual([0, 0]);
      expect(flat.slice(-2)).toEqual([300, 0]);
      for (let t = 0; t <= 1; t += 0.01)
        expect(distToPolyline(cubic(ctrl, t), flat)).toBeLessThanOrEqual(tol + 1e-9);
    }
    // A finer tolerance gives more points.
    const coarse = flattenPoly2d(
      { vertices: ctrl as [number, number][], types: 'LCCL', closed: false },
      2,
    ).length;
    const fine = flattenPoly2d(
      { vertices: ctrl as [number, number][], types: 'LCCL', closed: false },
      0.1,
    ).length;
    expect(fine).toBeGreaterThan(coarse);
  });

  it('keeps straight vertices and closes a curve back to the first vertex without repeating it', () => {
    const flat = flattenPoly2d(
      {
        vertices: [
          [0, 0],
          [10, 0],
          [10, 5],
          [5, 10],
        ],
        types: 'LLCC',
        closed: true,
      },
      0.5,
    );
    expect(flat.slice(0, 4)).toEqual([0, 0, 10, 0]);
    expect(flat.slice(-2)).not.toEqual([0, 0]);
    expect(flat.length).toBeGreaterThan(6);
  });
});

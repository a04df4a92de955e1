import { describe, expect, it } from 'vitest';
import { bboxArea, bboxOfPoints, maskBbox } from '../../src/geometry/index.js';

describe('bbox', () => {
  it('bboxOfPoints spans the points', () => {
    expect(bboxOfPoints([1, 2, 5, 3, 2, 7])).toEqual([1, 2, 4, 5]);
    expect(bboxOfPoints([1.5, 2.5])).toEqual([1.5, 2.5, 0, 0]);
    expect(bboxOfPoints([])).toEqual([0, 0, 0, 0]);
  });

  it('maskBbox gives pixel extents (w = maxX - minX + 1)', () => {
    const data = new Uint8Array(5 * 4);
    data[1 * 5 + 3] = 1;
    expect(maskBbox({ width: 5, height: 4, data })).toEqual([3, 1, 1, 1]);
    data[3 * 5 + 1] = 1;
    data[2 * 5 + 4] = 1;
    expect(maskBbox({ width: 5, height: 4, data })).toEqual([1, 1, 4, 3]);
    expect(maskBbox({ width: 5, height: 4, data: new Uint8Array(20) })).toEqual([0, 0, 0, 0]);
  });

  it('bboxArea is w * h, 0 for empty or negative boxes', () => {
    expect(bboxArea([1, 1, 2.5, 4])).toBe(10);
    expect(bboxArea([1, 1, 0, 4])).toBe(0);
    expect(bboxArea([1, 1, -2, -4])).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/errors.js';
import {
  decodeRle,
  polygonArea,
  type Rle,
  rasterizeBbox,
  rasterizePolygon,
  rasterizePolygons,
  rleArea,
} from '../../src/geometry/index.js';

/** The set pixels of an RLE as rows of '0'/'1', for readable expectations. */
function pixels(rle: Rle): string[] {
  const m = decodeRle(rle);
  const rows: string[] = [];
  for (let y = 0; y < m.height; y++)
    rows.push(Array.from(m.data.subarray(y * m.width, (y + 1) * m.width)).join(''));
  return rows;
}

describe('rasterizePolygon (pycocotools rleFrPoly)', () => {
  it('spec example: [1,0,3,0,3,1,1,1] on 4x3 sets pixels (1,0) and (2,0)', () => {
    // By hand (spec 7): the 5x grid crosses pixel columns 1 and 2 (5n+2 -> 5n+3 lies in 5..15) on
    // the edges y=0 and y=5, giving rows ceil(max(0,-0.4)) = 0 and ceil(0.6) = 1: row 0 only.
    const rle = rasterizePolygon([1, 0, 3, 0, 3, 1, 1, 1], 3, 4);
    expect(rle).toEqual({ size: [3, 4], counts: [3, 1, 2, 1, 5] });
    expect(pixels(rle)).toEqual(['0110', '0000', '0000']);
    expect(rleArea(rle)).toBe(2);
  });

  it('a right triangle (0,0),(4,0),(0,4) on 4x4 keeps the pixels whose centres are inside', () => {
    // By hand: the hypotenuse on the 5x grid is v = 20 - u; the crossing of column n is between
    // u = 5n+2 and 5n+3, v = min(18-5n, 17-5n) = 17-5n -> row ceil((17.5-5n)/5 - 0.5) = 3-n.
    const rle = rasterizePolygon([0, 0, 4, 0, 0, 4], 4, 4);
    expect(pixels(rle)).toEqual(['1110', '1100', '1000', '0000']);
    expect(rle.counts).toEqual([0, 3, 1, 2, 2, 1, 7]);
  });

  it('a concave L shape with integer corners gives exactly the cells inside', () => {
    const rle = rasterizePolygon([0, 0, 3, 0, 3, 1, 1, 1, 1, 3, 0, 3], 4, 4);
    expect(pixels(rle)).toEqual(['1110', '1000', '1000', '0000']);
    expect(rle.counts).toEqual([0, 3, 1, 1, 3, 1, 7]);
  });

  it('an irregular triangle matches maskApi.c', () => {
    // expected counts computed with cocoapi common/maskApi.c rleFrPoly, compiled locally
    const rle = rasterizePolygon([1.2, 0.7, 4.9, 2.1, 2.3, 4.6], 5, 6);
    expect(rle.counts).toEqual([6, 1, 4, 3, 3, 1, 4, 1, 7]);
    expect(pixels(rle)).toEqual(['000000', '011000', '001110', '001000', '000000']);
  });

  it('clips to the image and handles degenerate polygons', () => {
    expect(rasterizePolygon([-1, -1, 10, -1, 10, 10, -1, 10], 4, 4).counts).toEqual([0, 16]);
    expect(rasterizePolygon([0, 0, 2, 2], 3, 3).counts).toEqual([9]); // a line encloses nothing
    expect(rasterizePolygon([1, 1], 3, 3).counts).toEqual([9]);
    expect(rasterizePolygon([], 3, 3).counts).toEqual([9]);
    expect(rasterizePolygon([5, 5, 7, 5, 7, 7], 3, 3).counts).toEqual([9]); // outside
  });

  it('does not hang or run out of memory on huge coordinates', () => {
    const rle = rasterizePolygon([-1e12, -1e12, 1e12, -1e12, 1e12, 1e12, -1e12, 1e12], 10, 10);
    expect(rle.counts).toEqual([0, 100]);
    const thin = rasterizePolygon([2, -1e9, 2.9, -1e9, 2.9, 1e9, 2, 1e9], 10, 10);
    expect(rleArea(thin)).toBe(10); // column 2 (centre 2.5 inside), every row
    expect(pixels(thin).every((r) => r === '0010000000')).toBe(true);
  });

  it('rejects odd coordinate counts, non-finite points and bad sizes', () => {
    expect(() => rasterizePolygon([0, 0, 1], 2, 2)).toThrow(DatasetError);
    expect(() => rasterizePolygon([0, 0, 1, Number.NaN, 1, 1], 2, 2)).toThrow(/finite/);
    expect(() => rasterizePolygon([0, 0, 1, 0, 1, 1], -1, 2)).toThrow(DatasetError);
  });
});

describe('rasterizePolygons / rasterizeBbox / polygonArea', () => {
  it('unites the parts of one object', () => {
    const rle = rasterizePolygons(
      [
        [0, 0, 2, 0, 2, 1, 0, 1],
        [1, 0, 3, 0, 3, 2, 1, 2],
      ],
      3,
      4,
    );
    expect(pixels(rle)).toEqual(['1110', '0110', '0000']);
    expect(rasterizePolygons([], 3, 4)).toEqual({ size: [3, 4], counts: [12] });
  });

  it('rasterises a box as pycocotools rleFrBbox', () => {
    expect(pixels(rasterizeBbox(1, 1, 2, 1, 3, 4))).toEqual(['0000', '0110', '0000']);
    expect(rasterizeBbox(1, 1, 2, 1, 3, 4).counts).toEqual([4, 1, 2, 1, 4]);
    // by hand: x 0.5..2.5 -> 5x grid 3..13 crosses columns 1 (7->8) and 2 (12->13);
    // y 0.5..1.5 -> v 3..8 -> rows ceil(0.2) = 1 to ceil(1.2) = 2: row 1 only
    expect(pixels(rasterizeBbox(0.5, 0.5, 2, 1, 3, 4))).toEqual(['0000', '0110', '0000']);
    expect(rleArea(rasterizeBbox(0, 0, 4, 3, 3, 4))).toBe(12);
  });

  it('computes the shoelace area whatever the orientation', () => {
    expect(polygonArea([0, 0, 4, 0, 0, 4])).toBe(8);
    expect(polygonArea([0, 0, 0, 4, 4, 0])).toBe(8);
    expect(polygonArea([0, 0, 3, 0, 3, 1, 1, 1, 1, 3, 0, 3])).toBe(5);
    expect(polygonArea([0, 0, 1, 1])).toBe(0);
    expect(polygonArea([])).toBe(0);
  });
});

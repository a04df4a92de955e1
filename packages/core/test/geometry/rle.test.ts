import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/errors.js';
import {
  type BinaryMask,
  decodeRle,
  encodeRle,
  mergeRle,
  parseCocoRle,
  type Rle,
  rleArea,
  rleFromString,
  rleToBbox,
  rleToString,
  toCocoRleJson,
} from '../../src/geometry/index.js';

/** A mask from rows of '0'/'1' characters. */
function maskOf(rows: string[]): BinaryMask {
  const height = rows.length;
  const width = rows[0].length;
  const data = new Uint8Array(width * height);
  rows.forEach((r, y) => {
    for (let x = 0; x < width; x++) data[y * width + x] = r[x] === '1' ? 1 : 0;
  });
  return { width, height, data };
}

function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('encodeRle / decodeRle', () => {
  it('encodes the spec examples (a single column, so column-major = row order)', () => {
    expect(encodeRle(maskOf(['0', '0', '1', '1', '1', '0', '1'])).counts).toEqual([2, 3, 1, 1]);
    expect(encodeRle(maskOf(['1', '1', '1', '1', '1', '1', '0'])).counts).toEqual([0, 6, 1]);
  });

  it('walks down the columns (column-major)', () => {
    // column 0 = 1,0 ; column 1 = 1,1 ; column 2 = 0,0  ->  1 0 1 1 0 0
    const rle = encodeRle(maskOf(['110', '010']));
    expect(rle).toEqual({ size: [2, 3], counts: [0, 1, 1, 2, 2] });
    expect(encodeRle(maskOf(['000', '000'])).counts).toEqual([6]);
  });

  it('decodes to the same mask (random masks) and re-encodes to the same counts', () => {
    const rnd = seededRandom(7);
    for (let n = 0; n < 50; n++) {
      const width = 1 + Math.floor(rnd() * 13);
      const height = 1 + Math.floor(rnd() * 11);
      const p = rnd();
      const data = new Uint8Array(width * height).map(() => (rnd() < p ? 1 : 0));
      const rle = encodeRle({ width, height, data });
      expect(rle.counts.reduce((a, b) => a + b, 0)).toBe(width * height);
      expect(decodeRle(rle)).toEqual({ width, height, data });
      expect(encodeRle(decodeRle(rle))).toEqual(rle);
    }
  });

  it('decodes the spec example annotation 2 (first column of a 3x4 image)', () => {
    expect(decodeRle({ size: [3, 4], counts: [0, 3, 9] })).toEqual(maskOf(['1000', '1000', '1000']));
  });

  it('rejects counts that do not add up to the size', () => {
    expect(() => decodeRle({ size: [2, 2], counts: [1, 2] })).toThrow(RangeError);
    expect(() => decodeRle({ size: [2, 2], counts: [1, 2, 3] })).toThrow(/more than/);
  });
});

describe('encodeRle against a walk down the columns', () => {
  /** pycocotools' rleEncode on the column-major order, written the slow, obvious way. */
  function reference(width: number, height: number, data: Uint8Array): number[] {
    const counts: number[] = [];
    let prev = 0;
    let run = 0;
    for (let x = 0; x < width; x++)
      for (let y = 0; y < height; y++) {
        const v = data[y * width + x] === 0 ? 0 : 1;
        if (v !== prev) {
          counts.push(run);
          run = 0;
          prev = v;
        }
        run++;
      }
    counts.push(run);
    return counts;
  }

  it('gives the same counts on random masks of any values, shapes 1xN, Nx1 and square', () => {
    const rnd = seededRandom(7);
    for (let n = 0; n < 200; n++) {
      const width = 1 + Math.floor(rnd() * (n % 3 === 0 ? 1 : 12));
      const height = 1 + Math.floor(rnd() * (n % 5 === 0 ? 1 : 12));
      const density = rnd();
      const data = new Uint8Array(width * height).map(() => (rnd() < density ? [1, 2, 255][n % 3] : 0));
      expect(encodeRle({ width, height, data }).counts, `${width}x${height}`).toEqual(
        reference(width, height, data),
      );
    }
  });
});

describe('rleArea / rleToBbox', () => {
  it('sums the 1-runs', () => {
    expect(rleArea({ size: [3, 4], counts: [0, 3, 9] })).toBe(3);
    expect(rleArea({ size: [5, 10], counts: [10, 10, 5, 10, 15] })).toBe(20);
    expect(rleArea({ size: [5, 10], counts: [50] })).toBe(0);
  });

  it('gives integer pixel extents (hand-computed)', () => {
    // [0,20,30] on 10x5: pixels 0..19 = columns 0 and 1 completely
    expect(rleToBbox({ size: [10, 5], counts: [0, 20, 30] })).toEqual([0, 0, 2, 10]);
    // [10,10,5,10,15] on 5x10: columns 2-3 and 5-6 completely
    expect(rleToBbox({ size: [5, 10], counts: [10, 10, 5, 10, 15] })).toEqual([2, 0, 5, 5]);
    // 4 rows x 3 cols: pixels 5,6 = column 1 rows 1-2; pixel 9 = column 2 row 1
    expect(rleToBbox({ size: [4, 3], counts: [5, 2, 2, 1, 2] })).toEqual([1, 1, 2, 2]);
    // a run wrapping from column 0 (row 3) into column 1 (row 0): full height
    expect(rleToBbox({ size: [4, 3], counts: [3, 2, 7] })).toEqual([0, 0, 2, 4]);
    expect(rleToBbox({ size: [4, 3], counts: [12] })).toEqual([0, 0, 0, 0]);
  });

  it('skips 1-runs of length 0 as current pycocotools does', () => {
    // pycocotools 2.0.7+: [1, 1, 1, 2]; the old cocoapi code gave [0, -1, 2, 4]
    expect(rleToBbox({ size: [3, 3], counts: [0, 0, 4, 2, 3] })).toEqual([1, 1, 1, 2]);
    // a leading empty 1-run and an empty one in the middle: only pixels 4 and 7 (column 1 and 2, row 1)
    expect(rleToBbox({ size: [3, 3], counts: [0, 0, 4, 1, 0, 0, 2, 1, 1] })).toEqual([1, 1, 2, 1]);
    // no set pixel at all
    expect(rleToBbox({ size: [3, 3], counts: [4, 0, 5] })).toEqual([0, 0, 0, 0]);
  });

  it('agrees with the pixels of random masks', () => {
    const rnd = seededRandom(99);
    for (let n = 0; n < 40; n++) {
      const width = 1 + Math.floor(rnd() * 9);
      const height = 1 + Math.floor(rnd() * 9);
      const data = new Uint8Array(width * height).map(() => (rnd() < 0.15 ? 1 : 0));
      let x0 = width;
      let y0 = height;
      let x1 = -1;
      let y1 = -1;
      data.forEach((v, i) => {
        if (!v) return;
        const x = i % width;
        const y = Math.floor(i / width);
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      });
      const expected = x1 < 0 ? [0, 0, 0, 0] : [x0, y0, x1 - x0 + 1, y1 - y0 + 1];
      expect(rleToBbox(encodeRle({ width, height, data }))).toEqual(expected);
    }
  });
});

describe('mergeRle', () => {
  // 3 rows x 2 columns; A = column 0, B = row 0
  const A: Rle = { size: [3, 2], counts: [0, 3, 3] };
  const B: Rle = { size: [3, 2], counts: [0, 1, 2, 1, 2] };

  it('unites', () => {
    expect(mergeRle([A, B])).toEqual({ size: [3, 2], counts: [0, 4, 2] });
    expect(mergeRle([B, A])).toEqual({ size: [3, 2], counts: [0, 4, 2] });
  });

  it('intersects', () => {
    expect(mergeRle([A, B], true)).toEqual({ size: [3, 2], counts: [0, 1, 5] });
    const C: Rle = { size: [3, 2], counts: [5, 1] };
    expect(mergeRle([A, C], true)).toEqual({ size: [3, 2], counts: [6] });
  });

  it('agrees with pixel-wise or/and on random masks', () => {
    const rnd = seededRandom(3);
    for (let n = 0; n < 30; n++) {
      const width = 1 + Math.floor(rnd() * 8);
      const height = 1 + Math.floor(rnd() * 8);
      const masks = [0, 1, 2].map(() => new Uint8Array(width * height).map(() => (rnd() < 0.4 ? 1 : 0)));
      const rles = masks.map((data) => encodeRle({ width, height, data }));
      const or = masks[0].map((_, i) => masks[0][i] | masks[1][i] | masks[2][i]);
      const and = masks[0].map((_, i) => masks[0][i] & masks[1][i] & masks[2][i]);
      expect(mergeRle(rles)).toEqual(encodeRle({ width, height, data: or }));
      expect(mergeRle(rles, true)).toEqual(encodeRle({ width, height, data: and }));
    }
  });

  it('copies a single RLE and refuses none or mixed sizes', () => {
    const m = mergeRle([A]);
    expect(m).toEqual(A);
    expect(m.counts).not.toBe(A.counts);
    expect(() => mergeRle([])).toThrow(RangeError);
    expect(() => mergeRle([A, { size: [2, 3], counts: [6] }])).toThrow(/sizes differ/);
  });
});

describe('compressed RLE strings', () => {
  it('matches the verified pycocotools examples', () => {
    const examples: [number[], string][] = [
      [[2, 3, 1, 1], '231N'],
      [[0, 6, 1], '061'],
      [[5, 10, 20, 3, 2], '5:d0I^O'],
      [[100, 20, 80, 20, 1000], 'T3d0`20hl0'],
    ];
    for (const [counts, s] of examples) {
      expect(rleToString(counts)).toBe(s);
      expect(rleFromString(s)).toEqual(counts);
    }
  });

  it('handles counts above 2^31 and large negative deltas', () => {
    // expected strings computed with cocoapi's common/maskApi.c `rleToString`, compiled locally
    const big: [number[], string][] = [
      [[3000000000, 1, 5, 4000000000, 7], 'P`gP]i215ooYfVg32'],
      [[0, 2, 3, 4, 1000, 4294967295], '0232Uo0kooooo3'],
    ];
    for (const [counts, s] of big) {
      expect(rleToString(counts)).toBe(s);
      expect(rleFromString(s)).toEqual(counts);
    }
    // beyond 32 bits (pycocotools cannot hold these; we stay exact) and negative deltas
    const counts = [2 ** 40, 3, 2 ** 33 + 7, 1, 5, 2 ** 31, 2 ** 31 - 1, 2 ** 52, 0, 17];
    expect(rleFromString(rleToString(counts))).toEqual(counts);
    // 2 - 5 = -3 -> one group 29 with the sign bit: 'M' (by hand; maskApi.c agrees)
    expect(rleToString([100, 5, 1, 2])).toBe('T351M');
    expect(rleFromString('T351M')).toEqual([100, 5, 1, 2]);
  });

  it('round-trips random counts', () => {
    const rnd = seededRandom(11);
    for (let n = 0; n < 200; n++) {
      const counts = Array.from({ length: Math.floor(rnd() * 12) }, () =>
        Math.floor(rnd() * (rnd() < 0.3 ? 2 ** 34 : 300)),
      );
      expect(rleFromString(rleToString(counts))).toEqual(counts);
    }
  });

  it('rejects bad characters and a string that ends inside a value', () => {
    expect(() => rleFromString('23 1')).toThrow(DatasetError);
    expect(() => rleFromString('23p')).toThrow(/invalid character/);
    // 'P' = 48 + 0x20: a continuation group with nothing after it
    try {
      rleFromString('61P');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DatasetError);
      expect((e as DatasetError).code).toBe('bad-value');
      expect((e as DatasetError).message).toMatch(/ends inside a value/);
    }
  });
});

describe('parseCocoRle / toCocoRleJson', () => {
  it('reads uncompressed and compressed forms', () => {
    expect(parseCocoRle({ counts: [0, 3, 9], size: [3, 4] })).toEqual({ size: [3, 4], counts: [0, 3, 9] });
    expect(parseCocoRle({ size: [7, 1], counts: '231N' })).toEqual({ size: [7, 1], counts: [2, 3, 1, 1] });
  });

  it('writes both forms and reads them back', () => {
    const rle: Rle = { size: [7, 1], counts: [2, 3, 1, 1] };
    expect(toCocoRleJson(rle, true)).toEqual({ counts: '231N', size: [7, 1] });
    expect(toCocoRleJson(rle, false)).toEqual({ counts: [2, 3, 1, 1], size: [7, 1] });
    expect(toCocoRleJson(rle, false).counts).not.toBe(rle.counts);
    expect(parseCocoRle(JSON.parse(JSON.stringify(toCocoRleJson(rle, true))))).toEqual(rle);
  });

  const bad: [unknown, RegExp][] = [
    [null, /expected an RLE object/],
    [[1, 2], /expected an RLE object/],
    [{ counts: [1, 2] }, /size must be \[height, width\]/],
    [{ counts: [1, 2], size: [3] }, /size must be/],
    [{ counts: [1, 2], size: [1.5, 2] }, /size must be/],
    [{ counts: [1, 2], size: [-1, 2] }, /size must be/],
    [{ counts: [0, 3, 8], size: [3, 4] }, /add up to 11, expected height\*width = 3\*4 = 12/],
    [{ counts: [0, -3, 15], size: [3, 4] }, /counts\[1\] must be a non-negative integer/],
    [{ counts: [0, 3.5, 8.5], size: [3, 4] }, /counts\[1\]/],
    [{ counts: [0, '3', 9], size: [3, 4] }, /counts\[1\]/],
    [{ counts: 12, size: [3, 4] }, /counts must be a list of integers or a string/],
    [{ counts: '231N', size: [3, 4] }, /add up to 7/],
    [{ counts: '5O', size: [1, 5] }, /negative count/],
    [{ counts: '2~', size: [1, 5] }, /invalid character/],
  ];
  for (const [value, message] of bad) {
    it(`rejects ${JSON.stringify(value)}`, () => {
      let caught: unknown;
      try {
        parseCocoRle(value);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(DatasetError);
      expect((caught as DatasetError).code).toBe('bad-value');
      expect((caught as DatasetError).message).toMatch(message);
    });
  }
});

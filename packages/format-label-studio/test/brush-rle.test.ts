import { DEFAULT_LIMITS, isDatasetError } from '@labelport/core';
import { describe, expect, it } from 'vitest';
import { checkBrushHeader, decodeBrushRle, encodeBrushRle } from '../src/lib/brush-rle.js';
import { brushPyRle, MASK_4X3, paintedRgba, rgbaOf } from './fixtures.js';

const where = { file: 'export.json', place: '[0].annotations[0].result[0].value.rle' };

/** brush.py's decode_rle, over a bit string (the reference the package's decoder must agree with). */
function brushPyDecode(rle: number[]): number[] {
  const bits = rle.map((b) => b.toString(2).padStart(8, '0')).join('');
  let i = 0;
  const read = (n: number) => {
    const v = Number.parseInt(bits.slice(i, i + n), 2);
    i += n;
    return v;
  };
  const num = read(32);
  const word = read(5) + 1;
  const sizes = [0, 0, 0, 0].map(() => read(4) + 1);
  const out = new Array<number>(num).fill(0);
  for (let k = 0; k < num; ) {
    const x = read(1);
    const j = k + 1 + read(sizes[read(2)]!);
    if (x) {
      const v = read(word);
      for (; k < j && k < num; k++) out[k] = v;
    } else for (; k < j; k++) out[k] = read(word);
  }
  return out;
}

/** A thi.ng rle-pack stream with a literal chunk of several values (which brush.py's encoder never writes). */
function literalChunkRle(): number[] {
  const b = (v: number, n: number) => v.toString(2).padStart(n, '0');
  // 2x1 image: pixel 0 = (10, 20, 30, 40), pixel 1 = (0, 0, 0, 0)
  let s = b(8, 32) + b(7, 5) + [3, 4, 8, 16].map((x) => b(x - 1, 4)).join('');
  s += `0${b(0, 2)}${b(3, 3)}${[10, 20, 30, 40].map((v) => b(v, 8)).join('')}`; // literal of 4
  s += `1${b(0, 2)}${b(3, 3)}${b(0, 8)}`; // run of 4 zeros
  s += '0'.repeat((8 - (s.length % 8)) % 8);
  return Array.from({ length: s.length / 8 }, (_, k) => Number.parseInt(s.slice(k * 8, k * 8 + 8), 2));
}

describe("Label Studio's brush RLE", () => {
  it('decodes what brush.py encodes (painted RGBA, single values and runs)', () => {
    const mask = decodeBrushRle(brushPyRle(paintedRgba(MASK_4X3)), 4, 3, where);
    expect([...mask.data]).toEqual(MASK_4X3);
    expect(decodeBrushRle(brushPyRle(rgbaOf(MASK_4X3.map((v) => v * 255))), 4, 3, where).data).toEqual(
      new Uint8Array(MASK_4X3),
    );
  });

  it('decodes literal chunks of several values (thi.ng rle-pack, as the Label Studio editor writes)', () => {
    expect([...decodeBrushRle(literalChunkRle(), 2, 1, where).data]).toEqual([1, 0]);
  });

  it('encodes what brush.py decodes, runs longer than 65536 values split', () => {
    const w = 200;
    const h = 100;
    const data = new Uint8Array(w * h);
    // Short runs, then one run of 17,000 pixels (68,000 values: two run chunks).
    for (let i = 0; i < data.length; i++) data[i] = i < 2000 ? Number(i % 7 < 3) : Number(i < 19000);
    const rle = encodeBrushRle({ width: w, height: h, data });
    const values = brushPyDecode(rle);
    expect(values.length).toBe(w * h * 4);
    expect(values.filter((_, k) => k % 4 === 3).map((v) => (v ? 1 : 0))).toEqual([...data]);
    expect(decodeBrushRle(rle, w, h, where).data).toEqual(data);
    const full = encodeBrushRle({ width: 200, height: 200, data: new Uint8Array(40000).fill(1) });
    expect(decodeBrushRle(full, 200, 200, where).data.every((v) => v === 1)).toBe(true);
  });

  it('an empty image is a header alone', () => {
    expect(
      decodeBrushRle(encodeBrushRle({ width: 0, height: 0, data: new Uint8Array() }), 0, 0, where).data,
    ).toEqual(new Uint8Array());
  });

  const error = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      expect(isDatasetError(e)).toBe(true);
      return (e as Error).message;
    }
    throw new Error('no error');
  };

  it('says where an RLE ends early, holds another size, or is not bytes', () => {
    const rle = brushPyRle(paintedRgba(MASK_4X3));
    expect(error(() => decodeBrushRle(rle.slice(0, 9), 4, 3, where))).toBe(
      'export.json: [0].annotations[0].result[0].value.rle: the brush RLE ends early (in a chunk header)',
    );
    expect(error(() => decodeBrushRle(rle.slice(0, 8), 4, 3, where))).toMatch(
      /ends early \(in (a run|literal values|a chunk header)\)$/,
    );
    expect(error(() => decodeBrushRle(rle.slice(0, 3), 4, 3, where))).toMatch(
      /ends early \(in the header\)$/,
    );
    expect(error(() => decodeBrushRle(rle, 3, 3, where))).toMatch(/holds 48 values, not 3 x 3 x 4 = 36/);
    expect(error(() => decodeBrushRle([1, 2, 300], 4, 3, where))).toMatch(
      /byte 2 is not an integer 0\.\.255/,
    );
    expect(error(() => decodeBrushRle('AAAA', 4, 3, where))).toMatch(/not a list of bytes/);
    expect(error(() => checkBrushHeader(rle, 5, 3, where))).toMatch(/not 5 x 3 x 4 = 60/);
  });

  it('checks the size against limits.maxPixels before anything is allocated', () => {
    const limits = { ...DEFAULT_LIMITS, maxPixels: 10 };
    expect(error(() => decodeBrushRle([0, 0, 0, 48], 4, 3, where, limits))).toMatch(/limits\.maxPixels/);
    expect(error(() => checkBrushHeader([0, 0, 0, 48], 65535, 65535, where))).toMatch(/limits\.maxPixels/);
  });
});

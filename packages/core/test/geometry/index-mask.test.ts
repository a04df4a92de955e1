import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/errors.js';
import { encodeRle, renderIndexMask, splitIndexMask } from '../../src/geometry/index.js';

describe('splitIndexMask', () => {
  it('gives one binary mask per value, skipping ignored values', () => {
    const values = [0, 1, 1, 255, 2, 1, 0, 2];
    const masks = splitIndexMask(values, 4, 2, { ignore: [0, 255] });
    expect([...masks.keys()]).toEqual([1, 2]);
    expect(Array.from(masks.get(1)!.data)).toEqual([0, 1, 1, 0, 0, 1, 0, 0]);
    expect(Array.from(masks.get(2)!.data)).toEqual([0, 0, 0, 0, 1, 0, 0, 1]);
    expect(masks.get(2)!.width).toBe(4);
    expect(masks.get(2)!.height).toBe(2);
    expect(splitIndexMask(new Uint16Array([7, 7, 7]), 3, 1).get(7)!.data).toEqual(new Uint8Array([1, 1, 1]));
  });

  it('checks the length', () => {
    expect(() => splitIndexMask([1, 2, 3], 2, 2)).toThrow(DatasetError);
  });
});

describe('renderIndexMask', () => {
  it('paints layers in order, later on top, over the background', () => {
    const a = { width: 3, height: 2, data: new Uint8Array([1, 1, 0, 1, 1, 0]) };
    const b = { width: 3, height: 2, data: new Uint8Array([0, 1, 1, 0, 0, 0]) };
    const out = renderIndexMask(
      3,
      2,
      [
        { mask: a, value: 5 },
        { mask: b, value: 9 },
      ],
      255,
    );
    expect(out).toBeInstanceOf(Uint8Array);
    expect(Array.from(out)).toEqual([5, 9, 9, 5, 5, 255]);
  });

  it('paints RLEs (column-major) the same as masks, into wider arrays', () => {
    const m = { width: 3, height: 2, data: new Uint8Array([0, 1, 1, 1, 0, 0]) };
    const rle = encodeRle(m);
    const out = renderIndexMask(3, 2, [{ mask: rle, value: 40000 }], 0, Uint16Array);
    expect(out).toBeInstanceOf(Uint16Array);
    expect(Array.from(out)).toEqual([0, 40000, 40000, 40000, 0, 0]);
    const big = renderIndexMask(3, 2, [{ mask: rle, value: 2 ** 32 - 1 }], 0, Uint32Array);
    expect(big[1]).toBe(2 ** 32 - 1);
  });

  it('round-trips with splitIndexMask', () => {
    const values = new Uint8Array([3, 3, 0, 4, 4, 4, 0, 3, 7]);
    const layers = [...splitIndexMask(values, 3, 3, { ignore: [0] })].map(([value, mask]) => ({
      mask,
      value,
    }));
    expect(renderIndexMask(3, 3, layers)).toEqual(values);
  });

  it('rejects values that do not fit and masks of another size', () => {
    const m = { width: 2, height: 1, data: new Uint8Array([1, 0]) };
    expect(() => renderIndexMask(2, 1, [{ mask: m, value: 256 }])).toThrow(/does not fit/);
    expect(() => renderIndexMask(2, 1, [{ mask: m, value: 1 }], -1)).toThrow(DatasetError);
    expect(() => renderIndexMask(1, 2, [{ mask: m, value: 1 }])).toThrow(/expected 1x2/);
    expect(() => renderIndexMask(1, 2, [{ mask: { size: [1, 2], counts: [2] }, value: 1 }])).toThrow(
      DatasetError,
    );
  });
});

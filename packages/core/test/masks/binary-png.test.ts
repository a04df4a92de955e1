import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/errors.js';
import { decodeBinaryMaskPng, encodeBinaryMaskPng, encodePng } from '../../src/png/index.js';

const mask = { width: 3, height: 2, data: new Uint8Array([0, 1, 1, 0, 0, 1]) };

describe('binary mask PNGs', () => {
  it('round-trips through an 8-bit gray PNG', () => {
    const png = encodeBinaryMaskPng(mask);
    expect(decodeBinaryMaskPng(png, 'm.png')).toEqual(mask);
  });
  it('reads RGBA by its colour, not its alpha, and palettes by their colours', () => {
    const rgba = new Uint8Array(6 * 4);
    rgba[4 * 1] = 255; // red, opaque
    rgba[4 * 2 + 3] = 255; // black, opaque: not set
    rgba[4 * 5 + 1] = 203;
    const fromRgba = decodeBinaryMaskPng(encodePng({ width: 3, height: 2, colorType: 'rgba', data: rgba }), 'r.png');
    expect([...fromRgba.data]).toEqual([0, 1, 0, 0, 0, 1]);
    const indices = new Uint8Array([0, 1, 2, 0, 2, 1]);
    const palette: [number, number, number][] = [[0, 0, 0], [9, 0, 0], [0, 0, 0]];
    const fromPalette = decodeBinaryMaskPng(
      encodePng({ width: 3, height: 2, colorType: 'palette', palette, data: indices }),
      'p.png',
    );
    expect([...fromPalette.data]).toEqual([0, 1, 0, 0, 0, 1]);
  });
  it('counts alpha when asked, as Datumaro reads LabelMe masks', () => {
    const rgba = new Uint8Array(2 * 4);
    rgba[3] = 255; // black, opaque
    const png = encodePng({ width: 2, height: 1, colorType: 'rgba', data: rgba });
    expect([...decodeBinaryMaskPng(png, 'a.png').data]).toEqual([0, 0]);
    expect([...decodeBinaryMaskPng(png, 'a.png', { alpha: true }).data]).toEqual([1, 0]);
  });
  it('names the file when the PNG is broken', () => {
    expect(() => decodeBinaryMaskPng(new Uint8Array([1, 2, 3]), 'masks/x.png')).toThrow(DatasetError);
    try {
      decodeBinaryMaskPng(new Uint8Array([1, 2, 3]), 'masks/x.png');
    } catch (e) {
      expect((e as DatasetError).message).toContain('masks/x.png');
    }
  });
});

import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/errors.js';
import { type DecodedPng, pngToRgbInts } from '../../src/png/index.js';

function png(p: Partial<DecodedPng> & Pick<DecodedPng, 'colorType' | 'data' | 'channels'>): DecodedPng {
  return { width: 2, height: 1, bitDepth: 8, ...p };
}

describe('pngToRgbInts', () => {
  it('packs r << 16 | g << 8 | b from rgb and rgba (alpha ignored)', () => {
    expect(
      Array.from(
        pngToRgbInts(png({ colorType: 'rgb', channels: 3, data: new Uint8Array([1, 2, 3, 255, 0, 128]) })),
      ),
    ).toEqual([0x010203, 0xff0080]);
    expect(
      Array.from(
        pngToRgbInts(png({ colorType: 'rgba', channels: 4, data: new Uint8Array([1, 2, 3, 0, 4, 5, 6, 9]) })),
      ),
    ).toEqual([0x010203, 0x040506]);
  });

  it('keeps the high byte of 16-bit samples and scales low-depth gray', () => {
    const rgb16 = png({
      colorType: 'rgb',
      channels: 3,
      bitDepth: 16,
      data: new Uint16Array([0x1234, 0xff00, 0x00ff, 0, 0, 0]),
    });
    expect(Array.from(pngToRgbInts(rgb16))).toEqual([0x12ff00, 0]);
    expect(
      Array.from(
        pngToRgbInts(png({ colorType: 'gray', channels: 1, bitDepth: 1, data: new Uint8Array([1, 0]) })),
      ),
    ).toEqual([0xffffff, 0]);
    expect(
      Array.from(
        pngToRgbInts(png({ colorType: 'gray', channels: 1, bitDepth: 2, data: new Uint8Array([1, 3]) })),
      ),
    ).toEqual([0x555555, 0xffffff]);
    expect(
      Array.from(
        pngToRgbInts(png({ colorType: 'gray-alpha', channels: 2, data: new Uint8Array([7, 0, 9, 255]) })),
      ),
    ).toEqual([0x070707, 0x090909]);
  });

  it('looks up palette colours and rejects indices past the palette', () => {
    const p = png({
      colorType: 'palette',
      channels: 1,
      data: new Uint8Array([1, 0]),
      palette: [
        [0, 0, 0],
        [128, 0, 0],
      ],
    });
    expect(Array.from(pngToRgbInts(p))).toEqual([0x800000, 0]);
    const bad = { ...p, data: new Uint8Array([2, 0]) };
    expect(() => pngToRgbInts(bad)).toThrow(DatasetError);
    expect(() => pngToRgbInts(bad)).toThrow(/palette index 2 is outside the palette \(2 entries\)/);
  });
});

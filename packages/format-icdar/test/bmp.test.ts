import { describe, expect, it } from 'vitest';
import { decodeBmp, encodeBmp24 } from '../src/lib/bmp.js';

const u32 = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255];
const i32 = (n: number) => u32(n >>> 0);
const u16 = (n: number) => [n & 255, (n >> 8) & 255];

/** A BITMAPINFOHEADER file, written out field by field. */
function bmp(width: number, height: number, bits: number, palette: number[][], pixels: number[]): Uint8Array {
  const offset = 14 + 40 + palette.length * 4;
  const size = offset + pixels.length;
  return Uint8Array.from([
    0x42,
    0x4d,
    ...u32(size),
    0,
    0,
    0,
    0,
    ...u32(offset),
    ...u32(40),
    ...i32(width),
    ...i32(height),
    ...u16(1),
    ...u16(bits),
    ...u32(0),
    ...u32(pixels.length),
    ...u32(2835),
    ...u32(2835),
    ...u32(palette.length),
    ...u32(0),
    ...palette.flatMap(([r, g, b]) => [b, g, r, 0]),
    ...pixels,
  ]);
}

describe('BMP codec', () => {
  // 2x2: top row red, green; bottom row blue, white. Rows are stored bottom-up, BGR, padded to 4 bytes.
  const rgb = Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]);
  const stored24 = bmp(2, 2, 24, [], [255, 0, 0, 255, 255, 255, 0, 0, 0, 0, 255, 0, 255, 0, 0, 0]);

  it('reads a bottom-up 24-bit file', () => {
    expect(decodeBmp(stored24)).toEqual({ width: 2, height: 2, data: rgb });
  });

  it('writes the same bytes as the reference layout', () => {
    const written = encodeBmp24({ width: 2, height: 2, data: rgb });
    // The reference leaves the resolution at 2835 ppm; ours writes 0 there: compare everything else.
    expect([...written.slice(0, 38)]).toEqual([...stored24.slice(0, 38)]);
    expect([...written.slice(46)]).toEqual([...stored24.slice(46)]);
  });

  it('reads a top-down 8-bit palette file', () => {
    const file = bmp(
      3,
      -1,
      8,
      [
        [1, 2, 3],
        [200, 100, 50],
      ],
      [1, 0, 1, 0],
    );
    expect(decodeBmp(file)).toEqual({
      width: 3,
      height: 1,
      data: Uint8Array.from([200, 100, 50, 1, 2, 3, 200, 100, 50]),
    });
  });

  it('reads a 1-bit palette file', () => {
    const file = bmp(
      3,
      1,
      1,
      [
        [0, 0, 0],
        [255, 255, 255],
      ],
      [0b10100000, 0, 0, 0],
    );
    expect([...decodeBmp(file).data]).toEqual([255, 255, 255, 0, 0, 0, 255, 255, 255]);
  });

  it('rejects truncated and compressed files', () => {
    expect(() => decodeBmp(stored24.slice(0, 60))).toThrow(/cut short/);
    const rle = stored24.slice();
    rle[30] = 1;
    expect(() => decodeBmp(rle)).toThrow(/compress/);
    expect(() => decodeBmp(Uint8Array.from([1, 2, 3]))).toThrow(/BM signature/);
  });
});

import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/errors.js';
import { decodePng, encodePng, type PngColorType, readPngHeader } from '../../src/png/index.js';

const CHANNELS: Record<PngColorType, number> = { gray: 1, 'gray-alpha': 2, rgb: 3, rgba: 4, palette: 1 };

function seeded(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.floor((s / 2 ** 32) * n);
  };
}

/** Smooth areas, edges and noise, so that every filter wins somewhere. */
function sampleData(w: number, h: number, ch: number, max: number, seed: number): number[] {
  const rnd = seeded(seed);
  const out: number[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < ch; c++) {
        const region = (x < w / 2 ? 1 : 3) * (y < h / 2 ? 1 : 2);
        const v =
          y % 7 === 3
            ? rnd(max + 1)
            : Math.floor(((region * (x + 2 * y + c)) / (3 * w + 3 * h)) * max) % (max + 1);
        out.push(v);
      }
    }
  }
  return out;
}

describe('encodePng', () => {
  for (const colorType of ['gray', 'gray-alpha', 'rgb', 'rgba'] as const) {
    for (const bitDepth of [8, 16] as const) {
      it(`round-trips ${colorType} ${bitDepth}-bit`, () => {
        for (const [w, h] of [
          [1, 1],
          [5, 3],
          [31, 17],
        ]) {
          const data = sampleData(w, h, CHANNELS[colorType], 2 ** bitDepth - 1, w + h);
          const typed = bitDepth === 16 ? Uint16Array.from(data) : Uint8Array.from(data);
          const png = encodePng({ width: w, height: h, colorType, bitDepth, data: typed });
          expect(readPngHeader(png)).toEqual({ width: w, height: h, bitDepth, colorType, interlaced: false });
          for (const zlib of ['auto', 'js'] as const) {
            const d = decodePng(png, { zlib });
            expect(d.data).toBeInstanceOf(bitDepth === 16 ? Uint16Array : Uint8Array);
            expect(Array.from(d.data)).toEqual(data);
          }
        }
      });
    }
  }

  it('writes files that pngjs reads the same (8-bit rgba, 16-bit gray)', () => {
    const data = Uint8Array.from(sampleData(23, 11, 4, 255, 1));
    const theirs = PNG.sync.read(Buffer.from(encodePng({ width: 23, height: 11, colorType: 'rgba', data })));
    expect(Array.from(theirs.data)).toEqual(Array.from(data));
    const gray = Uint16Array.from(sampleData(9, 4, 1, 65535, 2));
    const g = PNG.sync.read(
      Buffer.from(encodePng({ width: 9, height: 4, colorType: 'gray', bitDepth: 16, data: gray })),
      {
        skipRescale: true,
      } as object,
    );
    expect(Array.from(g.data as unknown as Uint16Array).filter((_, i) => i % 4 === 0)).toEqual(
      Array.from(gray),
    );
  });

  it('round-trips a palette PNG: indices, palette and tRNS kept', () => {
    const palette: [number, number, number][] = [
      [0, 0, 0],
      [128, 0, 0],
      [0, 128, 0],
      [224, 224, 192],
    ];
    const data = Uint8Array.from({ length: 12 * 7 }, (_, i) => (i * 5) % 4);
    const png = encodePng({
      width: 12,
      height: 7,
      colorType: 'palette',
      data,
      palette,
      transparency: [0, 255, 255, 128],
    });
    const d = decodePng(png);
    expect(d.colorType).toBe('palette');
    expect(d.bitDepth).toBe(8);
    expect(Array.from(d.data)).toEqual(Array.from(data));
    expect(d.palette).toEqual(palette);
    expect(d.transparency).toEqual([0, 255, 255, 128]);
    // pngjs (which decodes palettes to RGBA) sees the same colours and alpha
    const theirs = PNG.sync.read(Buffer.from(png));
    for (let i = 0; i < data.length; i++) {
      const [r, g, b] = palette[data[i]];
      expect(Array.from(theirs.data.subarray(i * 4, i * 4 + 4))).toEqual([
        r,
        g,
        b,
        [0, 255, 255, 128][data[i]],
      ]);
    }
  });

  it('writes gray and rgb tRNS', () => {
    const gray = encodePng({
      width: 1,
      height: 1,
      colorType: 'gray',
      bitDepth: 16,
      data: [5],
      transparency: [300],
    });
    expect(decodePng(gray).transparency).toEqual([300]);
    const rgb = encodePng({
      width: 1,
      height: 1,
      colorType: 'rgb',
      data: [1, 2, 3],
      transparency: [1, 2, 3],
    });
    expect(decodePng(rgb).transparency).toEqual([1, 2, 3]);
  });

  it('compresses flat masks well', () => {
    const data = new Uint8Array(256 * 256);
    for (let y = 64; y < 192; y++) data.fill(1, y * 256 + 64, y * 256 + 192);
    const png = encodePng({
      width: 256,
      height: 256,
      colorType: 'palette',
      data,
      palette: [
        [0, 0, 0],
        [128, 0, 0],
      ],
    });
    expect(png.length).toBeLessThan(1000);
    expect(decodePng(png).data).toEqual(data);
  });

  it('rejects images that are not valid PNGs', () => {
    expect(() => encodePng({ width: 0, height: 1, colorType: 'gray', data: [] })).toThrow(DatasetError);
    expect(() => encodePng({ width: 2, height: 1, colorType: 'rgb', data: [1, 2, 3] })).toThrow(
      /expected 2x1x3 = 6/,
    );
    expect(() => encodePng({ width: 1, height: 1, colorType: 'palette', data: [0] })).toThrow(
      /palette entries/,
    );
    expect(() =>
      encodePng({ width: 1, height: 1, colorType: 'palette', data: [2], palette: [[0, 0, 0]] }),
    ).toThrow(/outside the palette/);
    expect(() =>
      encodePng({ width: 1, height: 1, colorType: 'palette', bitDepth: 16, data: [0], palette: [[0, 0, 0]] }),
    ).toThrow(/8-bit/);
    expect(() =>
      encodePng({ width: 1, height: 1, colorType: 'rgba', data: [1, 2, 3, 4], transparency: [1] }),
    ).toThrow(TypeError);
    expect(() => encodePng({ width: 1, height: 1, colorType: 'cmyk' as PngColorType, data: [1] })).toThrow(
      TypeError,
    );
  });
});

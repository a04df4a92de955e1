import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/errors.js';
import { decodePng, readPngHeader } from '../../src/png/index.js';

/*
 * A test-only PNG writer, independent of the code under test: bitwise CRC, Node's zlib, and
 * filters applied by rule (filter type = row number mod 5, so every filter is exercised, on first
 * rows too), with optional Adam7 interlacing. Samples are given unpacked, as decodePng returns them.
 */
function crcBitwise(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

function be32(v: number): number[] {
  return [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
}

function chunk(type: string, body: ArrayLike<number>): number[] {
  const typed = [...type].map((c) => c.charCodeAt(0));
  const crc = crcBitwise(new Uint8Array([...typed, ...Array.from(body)]));
  return [...be32(body.length), ...typed, ...Array.from(body), ...be32(crc)];
}

const CODES = { gray: 0, rgb: 2, palette: 3, 'gray-alpha': 4, rgba: 6 } as const;
const CHANNELS = { gray: 1, rgb: 3, palette: 1, 'gray-alpha': 2, rgba: 4 } as const;

interface TestImage {
  width: number;
  height: number;
  bitDepth: 1 | 2 | 4 | 8 | 16;
  colorType: keyof typeof CODES;
  data: number[];
  palette?: [number, number, number][];
  trns?: number[];
}

function packRow(samples: number[], bitDepth: number): number[] {
  const out: number[] = [];
  if (bitDepth === 16) for (const s of samples) out.push(s >> 8, s & 255);
  else if (bitDepth === 8) out.push(...samples);
  else {
    const per = 8 / bitDepth;
    for (let i = 0; i < samples.length; i += per) {
      let byte = 0;
      for (let k = 0; k < per; k++) byte |= (samples[i + k] ?? 0) << (8 - bitDepth * (k + 1));
      out.push(byte);
    }
  }
  return out;
}

function paethPredict(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function filterImage(rows: number[][], bpp: number): number[] {
  const out: number[] = [];
  rows.forEach((row, y) => {
    const type = y % 5;
    const prev = y > 0 ? rows[y - 1] : row.map(() => 0);
    out.push(type);
    row.forEach((x, i) => {
      const a = i >= bpp ? row[i - bpp] : 0;
      const b = prev[i];
      const c = i >= bpp ? prev[i - bpp] : 0;
      const pred = [0, a, b, (a + b) >> 1, paethPredict(a, b, c)][type];
      out.push((x - pred) & 255);
    });
  });
  return out;
}

const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

function writeTestPng(img: TestImage, interlace = false): Uint8Array {
  const ch = CHANNELS[img.colorType];
  const bpp = Math.max(1, (ch * img.bitDepth) >> 3);
  const pixelRows = (x0: number, y0: number, dx: number, dy: number) => {
    const rows: number[][] = [];
    for (let y = y0; y < img.height; y += dy) {
      const samples: number[] = [];
      for (let x = x0; x < img.width; x += dx)
        for (let c = 0; c < ch; c++) samples.push(img.data[(y * img.width + x) * ch + c]);
      if (samples.length) rows.push(packRow(samples, img.bitDepth));
    }
    return rows;
  };
  const raw: number[] = [];
  if (interlace)
    for (const [x0, y0, dx, dy] of ADAM7) raw.push(...filterImage(pixelRows(x0, y0, dx, dy), bpp));
  else raw.push(...filterImage(pixelRows(0, 0, 1, 1), bpp));
  const bytes = [137, 80, 78, 71, 13, 10, 26, 10];
  bytes.push(
    ...chunk('IHDR', [
      ...be32(img.width),
      ...be32(img.height),
      img.bitDepth,
      CODES[img.colorType],
      0,
      0,
      interlace ? 1 : 0,
    ]),
  );
  if (img.palette) bytes.push(...chunk('PLTE', img.palette.flat()));
  if (img.trns) bytes.push(...chunk('tRNS', img.trns));
  bytes.push(
    ...chunk(
      'tEXt',
      [...'Comment\0test'].map((c) => c.charCodeAt(0)),
    ),
  ); // ancillary: skipped
  const z = deflateSync(new Uint8Array(raw));
  // two IDAT chunks, to check that they are joined
  const half = z.length >> 1;
  bytes.push(...chunk('IDAT', z.subarray(0, half)), ...chunk('IDAT', z.subarray(half)));
  bytes.push(...chunk('IEND', []));
  return new Uint8Array(bytes);
}

function seeded(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.floor((s / 2 ** 32) * n);
  };
}

function randomImage(
  colorType: keyof typeof CODES,
  bitDepth: TestImage['bitDepth'],
  w: number,
  h: number,
  seed: number,
) {
  const rnd = seeded(seed);
  const max = colorType === 'palette' ? Math.min(2 ** bitDepth, 7) : 2 ** bitDepth;
  const data = Array.from({ length: w * h * CHANNELS[colorType] }, () => rnd(max));
  const palette =
    colorType === 'palette'
      ? Array.from(
          { length: 7 },
          (_, i) => [i * 30, 255 - i * 30, (i * 77) % 256] as [number, number, number],
        )
      : undefined;
  return { width: w, height: h, bitDepth, colorType, data, palette } as TestImage;
}

const KINDS: [keyof typeof CODES, TestImage['bitDepth']][] = [
  ['gray', 1],
  ['gray', 2],
  ['gray', 4],
  ['gray', 8],
  ['gray', 16],
  ['gray-alpha', 8],
  ['gray-alpha', 16],
  ['rgb', 8],
  ['rgb', 16],
  ['rgba', 8],
  ['rgba', 16],
  ['palette', 1],
  ['palette', 2],
  ['palette', 4],
  ['palette', 8],
];

function expectBadPng(bytes: Uint8Array, message: RegExp, zlib: 'auto' | 'js' = 'auto'): void {
  let caught: unknown;
  try {
    decodePng(bytes, { zlib });
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(DatasetError);
  expect((caught as DatasetError).code).toBe('bad-image');
  expect((caught as DatasetError).message).toMatch(message);
}

describe('decodePng', () => {
  it('decodes a hand-built 3x2 8-bit gray PNG', () => {
    const png = writeTestPng({
      width: 3,
      height: 2,
      bitDepth: 8,
      colorType: 'gray',
      data: [0, 10, 255, 7, 8, 9],
    });
    const d = decodePng(png);
    expect(d).toMatchObject({ width: 3, height: 2, bitDepth: 8, colorType: 'gray', channels: 1 });
    expect(d.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(d.data)).toEqual([0, 10, 255, 7, 8, 9]);
    expect(d.palette).toBeUndefined();
  });

  it('unpacks 1-bit samples MSB first and drops row padding', () => {
    const png = writeTestPng({
      width: 10,
      height: 2,
      bitDepth: 1,
      colorType: 'gray',
      data: [1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1],
    });
    expect(Array.from(decodePng(png).data)).toEqual([
      1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1,
    ]);
  });

  for (const zlib of ['auto', 'js'] as const) {
    for (const interlace of [false, true]) {
      it(`decodes every colour type and bit depth, all five filters (${interlace ? 'Adam7' : 'not interlaced'}, zlib ${zlib})`, () => {
        for (const [colorType, bitDepth] of KINDS) {
          for (const [w, h] of [
            [1, 1],
            [3, 2],
            [9, 11],
            [17, 5],
          ]) {
            const img = randomImage(colorType, bitDepth, w, h, w * 100 + h + bitDepth);
            const d = decodePng(writeTestPng(img, interlace), { zlib });
            const what = `${colorType} ${bitDepth}-bit ${w}x${h}`;
            expect(d.colorType, what).toBe(colorType);
            expect(d.bitDepth, what).toBe(bitDepth);
            expect(d.channels, what).toBe(CHANNELS[colorType]);
            expect(d.data, what).toBeInstanceOf(bitDepth === 16 ? Uint16Array : Uint8Array);
            expect(Array.from(d.data), what).toEqual(img.data);
            if (img.palette) expect(d.palette, what).toEqual(img.palette);
          }
        }
      });
    }
  }

  it("agrees with pngjs on the test writer's interlaced files (checks the writer too)", () => {
    const img = randomImage('rgba', 8, 13, 9, 42);
    const ours = decodePng(writeTestPng(img, true));
    const theirs = PNG.sync.read(Buffer.from(writeTestPng(img, true)));
    expect(Array.from(ours.data)).toEqual(Array.from(theirs.data));
    const g = randomImage('gray', 16, 10, 10, 43);
    const theirs16 = PNG.sync.read(Buffer.from(writeTestPng(g, true)), { skipRescale: true } as object);
    const gray = Array.from(theirs16.data as unknown as Uint16Array).filter((_, i) => i % 4 === 0);
    expect(Array.from(decodePng(writeTestPng(g, true)).data)).toEqual(gray);
  });

  it('reads tRNS for palette, gray and rgb images', () => {
    const pal = randomImage('palette', 8, 2, 2, 1);
    expect(decodePng(writeTestPng({ ...pal, trns: [0, 128] })).transparency).toEqual([0, 128]);
    const gray = randomImage('gray', 16, 2, 2, 1);
    expect(decodePng(writeTestPng({ ...gray, trns: [1, 2] })).transparency).toEqual([258]);
    const rgb = randomImage('rgb', 8, 2, 2, 1);
    expect(decodePng(writeTestPng({ ...rgb, trns: [0, 1, 0, 2, 0, 3] })).transparency).toEqual([1, 2, 3]);
  });

  it('reads the header from the first 33 bytes', () => {
    const png = writeTestPng(randomImage('palette', 4, 7, 5, 3), true);
    expect(readPngHeader(png.subarray(0, 33))).toEqual({
      width: 7,
      height: 5,
      bitDepth: 4,
      colorType: 'palette',
      interlaced: true,
    });
    expect(() => readPngHeader(png.subarray(0, 20))).toThrow(DatasetError);
  });
});

describe('decodePng on bad input', () => {
  const good = writeTestPng(randomImage('rgb', 8, 6, 4, 9));
  for (const zlib of ['auto', 'js'] as const) {
    it(`rejects a bad signature, a bad CRC and truncated files (zlib ${zlib})`, () => {
      expectBadPng(new Uint8Array([1, 2, 3]), /signature/, zlib);
      const badSig = good.slice();
      badSig[1] = 0x51;
      expectBadPng(badSig, /signature/, zlib);
      const badCrc = good.slice();
      badCrc[20] ^= 1; // inside IHDR
      expectBadPng(badCrc, /bad CRC in chunk "IHDR"/, zlib);
      const badData = good.slice();
      badData[good.length - 20] ^= 0x10; // inside the last IDAT's data
      expectBadPng(badData, /bad CRC in chunk "IDAT"/, zlib);
      for (const cut of [10, 33, 40, good.length - 30, good.length - 12, good.length - 1]) {
        expectBadPng(good.subarray(0, cut), /truncated|no I/, zlib);
      }
    });

    it(`rejects image data that is short or not zlib (zlib ${zlib})`, () => {
      const short = writeTestPngWithIdat(new Uint8Array(deflateSync(new Uint8Array(10))));
      expectBadPng(
        short,
        /truncated data: image data has 10 bytes, expected 30/ /* 5 rows of 1 + 5 bytes */,
        zlib,
      );
      expectBadPng(writeTestPngWithIdat(new Uint8Array([1, 2, 3, 4, 5])), /corrupt image data/, zlib);
      // rows of filter type 0 and varied bytes, so that half the stream is half the pixels
      const rows = new Uint8Array(30).map((_, i) => (i % 6 === 0 ? 0 : (i * 37) % 251));
      const full = deflateSync(rows, { level: 0 });
      const cutStream = full.subarray(0, full.length >> 1);
      expectBadPng(writeTestPngWithIdat(new Uint8Array(cutStream)), /corrupt image data|truncated/, zlib);
    });
  }

  it('rejects bad headers, a bad filter type, a missing palette', () => {
    const img = randomImage('gray', 8, 2, 2, 5);
    const bytes = writeTestPng(img);
    expectBadPng(patchIhdr(bytes, 8, 3), /invalid bit depth 3 for colour type gray/);
    expectBadPng(patchIhdr(bytes, 9, 5), /invalid colour type 5/);
    expectBadPng(patchIhdr(bytes, 12, 2), /unknown interlace method 2/);
    expectBadPng(patchIhdr(bytes, 0, 0), /invalid image size/);
    const raw = new Uint8Array([7, 1, 2, 0, 3, 4]); // filter type 7
    expectBadPng(writeTestPngWithIdat(new Uint8Array(deflateSync(raw)), 2, 2), /invalid filter type 7/);
    const noPlte = writeTestPng({ ...randomImage('palette', 8, 2, 2, 1), palette: undefined });
    expectBadPng(noPlte, /without a PLTE/);
  });
});

/** An 8-bit gray PNG of w x h (default 5x5) with the given IDAT bytes. */
function writeTestPngWithIdat(idat: Uint8Array, w = 5, h = 5): Uint8Array {
  return new Uint8Array([
    137,
    80,
    78,
    71,
    13,
    10,
    26,
    10,
    ...chunk('IHDR', [...be32(w), ...be32(h), 8, 0, 0, 0, 0]),
    ...chunk('IDAT', idat),
    ...chunk('IEND', []),
  ]);
}

/** The file with IHDR data byte `offset` set to `value` (and the CRC fixed). */
function patchIhdr(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  const body = Array.from(bytes.subarray(16, 29));
  body[offset] = value;
  if (offset < 4) body.fill(0, 0, 4);
  return new Uint8Array([...bytes.subarray(0, 8), ...chunk('IHDR', body), ...bytes.subarray(33)]);
}

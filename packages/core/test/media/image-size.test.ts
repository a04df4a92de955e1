import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backedTree } from '../../src/files/backed-tree.js';
import { memoryTree } from '../../src/files/memory.js';
import type { FileTree } from '../../src/files/tree.js';
import { buildZip, bytesAccess, zipTree } from '../../src/files/zip.js';
import {
  IMAGE_EXTENSIONS,
  type ImageInfo,
  imageSizeFromHeader,
  readImageSize,
} from '../../src/media/image-size.js';
import { fixturesDir } from '../../src/testing/expect.js';

type Part = number[] | Uint8Array | string;
function bytes(...parts: Part[]): Uint8Array {
  const arrays = parts.map((p) =>
    typeof p === 'string'
      ? Uint8Array.from(p, (c) => c.charCodeAt(0))
      : p instanceof Uint8Array
        ? p
        : Uint8Array.from(p),
  );
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}
const u16be = (n: number) => [n >> 8, n & 0xff];
const u16le = (n: number) => [n & 0xff, n >> 8];
const u24le = (n: number) => [n & 0xff, (n >> 8) & 0xff, n >> 16];
const u32be = (n: number) => [n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const u32le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
const i32le = (n: number) => u32le(n >>> 0);

// --- PNG
const png = (w: number, h: number) =>
  bytes(
    '\x89PNG\r\n\x1a\n',
    u32be(13),
    'IHDR',
    u32be(w),
    u32be(h),
    [8, 2, 0, 0, 0],
    [0, 0, 0, 0],
    u32be(0),
    'IEND',
  );

// --- JPEG
const segment = (marker: number, payload: Part) => {
  const p = bytes(payload);
  return bytes([0xff, marker], u16be(p.length + 2), p);
};
const sof = (marker: number, w: number, h: number) =>
  segment(marker, bytes([8], u16be(h), u16be(w), [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]));
const jfif = segment(0xe0, bytes('JFIF\0', [1, 1, 0], u16be(1), u16be(1), [0, 0]));
const dqt = segment(0xdb, bytes([0], new Uint8Array(64).fill(1)));
const dht = segment(0xc4, bytes([0], new Uint8Array(16), []));
const sos = segment(0xda, [1, 1, 0, 0, 63, 0]);
function exif(orientation: number, le: boolean): Uint8Array {
  const u16 = le ? u16le : u16be;
  const u32 = le ? u32le : u32be;
  // TIFF header, IFD0 at 8 with two entries (an unrelated tag, then orientation), no next IFD.
  const tiff = bytes(
    le ? 'II' : 'MM',
    u16(42),
    u32(8),
    u16(2),
    u16(0x010f),
    u16(2),
    u32(4),
    'Cam\0',
    u16(0x0112),
    u16(3),
    u32(1),
    u16(orientation),
    [0, 0],
    u32(0),
  );
  return segment(0xe1, bytes('Exif\0\0', tiff));
}
const jpeg = (...segments: Uint8Array[]) => bytes([0xff, 0xd8], ...segments, sos, [1, 2, 3, 4], [0xff, 0xd9]);

// --- BMP
const bmpInfo = (w: number, h: number, headerSize = 40) =>
  bytes(
    'BM',
    u32le(0),
    u32le(0),
    u32le(14 + headerSize),
    u32le(headerSize),
    i32le(w),
    i32le(h),
    u16le(1),
    u16le(24),
    new Uint8Array(headerSize - 16),
  );
const bmpCore = (w: number, h: number) =>
  bytes('BM', u32le(0), u32le(0), u32le(26), u32le(12), u16le(w), u16le(h), u16le(1), u16le(24));

// --- GIF
const gif = (w: number, h: number, version = '89a') =>
  bytes(`GIF${version}`, u16le(w), u16le(h), [0xf7, 0, 0]);

// --- WebP
const riff = (chunk: string, payload: Uint8Array) =>
  bytes('RIFF', u32le(4 + 8 + payload.length), 'WEBP', chunk, u32le(payload.length), payload);
const webpLossy = (w: number, h: number) =>
  riff(
    'VP8 ',
    bytes(
      [0x30, 0x01, 0x00],
      [0x9d, 0x01, 0x2a],
      u16le(w | (1 << 14)),
      u16le(h | (2 << 14)),
      new Uint8Array(10),
    ),
  );
function webpLossless(w: number, h: number): Uint8Array {
  const bits = (w - 1) | ((h - 1) << 14) | (1 << 28); // alpha_is_used, version 0
  return riff('VP8L', bytes([0x2f], u32le(bits >>> 0), new Uint8Array(8)));
}
const webpExtended = (w: number, h: number) =>
  riff('VP8X', bytes([0x10, 0, 0, 0], u24le(w - 1), u24le(h - 1)));

// --- TIFF
function tiff(
  w: number,
  h: number,
  le: boolean,
  opts: { widthType?: 3 | 4; ifdAtEnd?: number } = {},
): Uint8Array {
  const u16 = le ? u16le : u16be;
  const u32 = le ? u32le : u32be;
  const value = (type: number, v: number) => (type === 3 ? bytes(u16(v), [0, 0]) : bytes(u32(v)));
  const wt = opts.widthType ?? 3;
  const pad = opts.ifdAtEnd ?? 0;
  const ifd = bytes(
    u16(3),
    u16(254),
    u16(4),
    u32(1),
    u32(0), // NewSubfileType
    u16(256),
    u16(wt),
    u32(1),
    value(wt, w),
    u16(257),
    u16(4),
    u32(1),
    value(4, h),
    u32(0),
  );
  return bytes(le ? 'II' : 'MM', u16(42), u32(8 + pad), new Uint8Array(pad), ifd);
}
function bigTiff(w: number, h: number): Uint8Array {
  const u64 = (n: number) => [...u32le(n), 0, 0, 0, 0];
  return bytes(
    'II',
    u16le(43),
    u16le(8),
    u16le(0),
    u64(16),
    u64(2),
    u16le(256),
    u16le(16),
    u64(1),
    u64(w),
    u16le(257),
    u16le(4),
    u64(1),
    u32le(h),
    [0, 0, 0, 0],
    u64(0),
  );
}

const info = (
  format: ImageInfo['format'],
  width: number,
  height: number,
  extra: Partial<ImageInfo> = {},
): ImageInfo => ({
  format,
  width,
  height,
  ...extra,
});

describe('imageSizeFromHeader', () => {
  it.each<[string, Uint8Array, ImageInfo]>([
    ['PNG', png(640, 480), info('png', 640, 480)],
    ['PNG, large', png(70_000, 3), info('png', 70_000, 3)],
    ['JPEG baseline', jpeg(jfif, dqt, dht, sof(0xc0, 1920, 1080)), info('jpeg', 1920, 1080)],
    ['JPEG progressive', jpeg(jfif, sof(0xc2, 33, 17)), info('jpeg', 33, 17)],
    [
      'JPEG lossless (SOF3), after DHT and DAC',
      jpeg(dht, segment(0xcc, [0, 0]), sof(0xc3, 5, 7)),
      info('jpeg', 5, 7),
    ],
    ['JPEG arithmetic (SOF9)', jpeg(sof(0xc9, 8, 9)), info('jpeg', 8, 9)],
    [
      'JPEG, fill bytes before markers',
      bytes([0xff, 0xd8, 0xff, 0xff, 0xff], jfif.subarray(1), [0xff, 0xff], sof(0xc0, 10, 5)),
      info('jpeg', 10, 5),
    ],
    [
      'JPEG, EXIF orientation (little-endian)',
      jpeg(exif(6, true), sof(0xc0, 4000, 3000)),
      info('jpeg', 4000, 3000, { orientation: 6 }),
    ],
    [
      'JPEG, EXIF orientation (big-endian), after JFIF',
      jpeg(jfif, exif(8, false), sof(0xc1, 30, 20)),
      info('jpeg', 30, 20, { orientation: 8 }),
    ],
    [
      'JPEG, EXIF with a thumbnail SOF inside',
      jpeg(segment(0xe1, bytes('Exif\0\0', sof(0xc0, 160, 120))), sof(0xc0, 1600, 1200)),
      info('jpeg', 1600, 1200),
    ],
    ['BMP, BITMAPINFOHEADER', bmpInfo(640, 480), info('bmp', 640, 480)],
    ['BMP, top-down (negative height)', bmpInfo(640, -480), info('bmp', 640, 480)],
    ['BMP, BITMAPV5HEADER', bmpInfo(3, 2, 124), info('bmp', 3, 2)],
    ['BMP, BITMAPCOREHEADER', bmpCore(300, 200), info('bmp', 300, 200)],
    ['GIF89a', gif(320, 240), info('gif', 320, 240)],
    ['GIF87a', gif(1, 65535, '87a'), info('gif', 1, 65535)],
    ['WebP lossy (VP8)', webpLossy(550, 368), info('webp', 550, 368)],
    ['WebP lossless (VP8L)', webpLossless(386, 395), info('webp', 386, 395)],
    ['WebP lossless (VP8L), maximum size', webpLossless(16384, 16384), info('webp', 16384, 16384)],
    ['WebP extended (VP8X)', webpExtended(100_000, 3), info('webp', 100_000, 3)],
    ['TIFF little-endian, SHORT width', tiff(1024, 768, true), info('tiff', 1024, 768)],
    ['TIFF big-endian, LONG width', tiff(100_000, 5, false, { widthType: 4 }), info('tiff', 100_000, 5)],
    ['BigTIFF', bigTiff(70_000, 9), info('tiff', 70_000, 9)],
  ])('%s', (_what, data, expected) => {
    expect(imageSizeFromHeader(data)).toEqual(expected);
  });

  it('returns undefined for bytes that are not a known image', () => {
    for (const data of [
      bytes(''),
      bytes([0x89]),
      bytes('hello, world: not an image at all'),
      bytes('{"images": []}'),
      bytes('RIFF', u32le(100), 'WAVEfmt ', new Uint8Array(20)),
      bytes('BM', new Uint8Array(12), u32le(7), new Uint8Array(16)), // unknown DIB header size
      bytes('\x89PNG\r\n\x1a\n', u32be(13), 'IDAT', new Uint8Array(13)), // IHDR missing
      bmpInfo(-5, 5), // negative width
      png(0, 10),
      jpeg(sof(0xc0, 10, 0)), // height defined later by DNL: not known from the header
      bytes([0xff, 0xd8], jfif, sos, sof(0xc0, 10, 10)), // scan before any frame header
      bytes([0xff, 0xd8], jfif, [0xff, 0xd9]),
    ]) {
      expect(imageSizeFromHeader(data)).toBeUndefined();
    }
  });

  it('returns undefined when the bytes stop before the size', () => {
    const cases = [
      png(640, 480),
      jpeg(jfif, exif(6, true), sof(0xc0, 100, 50)),
      bmpInfo(3, 4),
      gif(5, 6),
      webpLossy(7, 8),
      webpLossless(9, 10),
      webpExtended(11, 12),
      tiff(13, 14, true),
      tiff(13, 14, false),
    ];
    for (const full of cases) {
      const needed = [...Array(full.length + 1).keys()].find(
        (n) => imageSizeFromHeader(full.subarray(0, n)) !== undefined,
      );
      expect(needed, `a ${imageSizeFromHeader(full)?.format}`).toBeDefined();
      for (let n = 0; n < needed!; n++) expect(imageSizeFromHeader(full.subarray(0, n))).toBeUndefined();
    }
    // Headers fit in the first few dozen bytes (JPEG's depends on its segments).
    expect(imageSizeFromHeader(png(640, 480).subarray(0, 24))).toEqual(info('png', 640, 480));
    expect(imageSizeFromHeader(gif(5, 6).subarray(0, 10))).toEqual(info('gif', 5, 6));
    expect(imageSizeFromHeader(bmpInfo(3, 4).subarray(0, 26))).toEqual(info('bmp', 3, 4));
    expect(imageSizeFromHeader(webpExtended(11, 12).subarray(0, 30))).toEqual(info('webp', 11, 12));
  });

  it('still gives the size when the EXIF block is cut short', () => {
    const big = jpeg(exif(3, true), sof(0xc0, 64, 48));
    // The size comes after the EXIF block, so it can't be found without it; with just the orientation
    // entry cut, the size is there and the orientation is left out.
    const cut = bytes(
      [0xff, 0xd8],
      segment(0xe1, bytes('Exif\0\0II', u16le(42), u32le(8), u16le(9))),
      sof(0xc0, 64, 48),
    );
    expect(imageSizeFromHeader(big)).toEqual(info('jpeg', 64, 48, { orientation: 3 }));
    expect(imageSizeFromHeader(cut)).toEqual(info('jpeg', 64, 48));
  });

  it('lists image extensions in lower case with a dot', () => {
    for (const ext of ['.jpg', '.jpeg', '.png', '.bmp', '.gif', '.webp', '.tif', '.tiff', '.jfif']) {
      expect(IMAGE_EXTENSIONS).toContain(ext);
    }
    for (const ext of IMAGE_EXTENSIONS) expect(ext).toMatch(/^\.[a-z0-9]+$/);
    expect(Object.isFrozen(IMAGE_EXTENSIONS)).toBe(true);
  });
});

/** A tree that counts and records its readRange calls. */
function spied(tree: FileTree): FileTree & { ranges: [number, number][] } {
  const ranges: [number, number][] = [];
  return {
    ...tree,
    ranges,
    readRange: (path, start, end) => {
      ranges.push([start, end]);
      return tree.readRange(path, start, end);
    },
  };
}

describe('readImageSize', () => {
  it('reads the size of each format with one small read', async () => {
    const files = {
      'a.png': png(640, 480),
      'b.jpg': jpeg(jfif, exif(6, true), sof(0xc0, 4000, 3000)),
      'c.bmp': bmpCore(3, 2),
      'd.gif': gif(4, 5),
      'e.webp': webpLossless(6, 7),
      'f.tif': tiff(8, 9, false),
    };
    const tree = spied(memoryTree(files));
    expect(await readImageSize(tree, 'a.png')).toEqual(info('png', 640, 480));
    expect(await readImageSize(tree, 'b.jpg')).toEqual(info('jpeg', 4000, 3000, { orientation: 6 }));
    expect(await readImageSize(tree, 'c.bmp')).toEqual(info('bmp', 3, 2));
    expect(await readImageSize(tree, 'd.gif')).toEqual(info('gif', 4, 5));
    expect(await readImageSize(tree, 'e.webp')).toEqual(info('webp', 6, 7));
    expect(await readImageSize(tree, 'f.tif')).toEqual(info('tiff', 8, 9));
    expect(tree.ranges).toHaveLength(6);
    for (const [start, end] of tree.ranges) expect(end - start).toBeLessThanOrEqual(4096);
  });

  it('reads on to a JPEG SOF after large APP segments, without reading them whole', async () => {
    const app2 = segment(0xe2, bytes('ICC_PROFILE\0', new Uint8Array(65_000)));
    const data = bytes(
      jpeg(jfif, exif(1, true), app2, app2, app2, app2, sof(0xc2, 12_000, 9_000)),
      new Uint8Array(1 << 20),
    );
    expect(imageSizeFromHeader(data.subarray(0, 4096))).toBeUndefined();
    const tree = spied(memoryTree({ 'big.jpg': data }));
    expect(await readImageSize(tree, 'big.jpg')).toEqual(info('jpeg', 12_000, 9_000, { orientation: 1 }));
    const read = tree.ranges.reduce((n, [s, e]) => n + e - s, 0);
    expect(tree.ranges.length).toBeLessThanOrEqual(8);
    expect(read).toBeLessThan(100_000);
  });

  it('reads a TIFF whose IFD lies at the end of the file', async () => {
    const data = tiff(1234, 567, true, { ifdAtEnd: 3_000_000 });
    expect(imageSizeFromHeader(data.subarray(0, 4096))).toBeUndefined();
    const tree = spied(memoryTree({ 'scan.tiff': data }));
    expect(await readImageSize(tree, 'scan.tiff')).toEqual(info('tiff', 1234, 567));
    expect(tree.ranges.length).toBeLessThanOrEqual(3);
  });

  it('gives undefined for files that are not images, truncated or with offsets past their end', async () => {
    const tree = memoryTree({
      'notes.jpg': 'not a jpeg',
      'empty.png': new Uint8Array(0),
      'cut.jpg': jpeg(jfif, segment(0xe2, new Uint8Array(60_000)), sof(0xc0, 5, 5)).subarray(0, 30_000),
      'far.tif': bytes('II', u16le(42), u32le(1 << 30)),
      'garbage.jpg': bytes([0xff, 0xd8], new Uint8Array(1 << 20).fill(7)),
    });
    for (const path of ['notes.jpg', 'empty.png', 'cut.jpg', 'far.tif', 'garbage.jpg']) {
      expect(await readImageSize(tree, path), path).toBeUndefined();
    }
  });

  it('throws missing-file for a file that is not there', async () => {
    await expect(readImageSize(memoryTree({}), 'nope.png')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('reads sizes inside zip archives', async () => {
    const zip = buildZip(
      { 'img/a.png': png(3, 4), 'img/b.jpg': jpeg(jfif, sof(0xc0, 5, 6)) },
      { compress: true },
    );
    const tree = await zipTree(bytesAccess(zip), 'images.zip');
    expect(await readImageSize(tree, 'img/a.png')).toEqual(info('png', 3, 4));
    expect(await readImageSize(tree, 'img/b.jpg')).toEqual(info('jpeg', 5, 6));
  });
});

// --- The corpus: real images, checked against sizes known independently of this code.

const FIXTURES = fixturesDir();
if (!FIXTURES) console.warn('image-size.test.ts: LABELPORT_FIXTURES is not set; skipping the corpus images');

/** A read-only tree over a directory, on backedTree alone (no dependency on the directory tree's code). */
function diskTree(root: string): FileTree {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
      d.isDirectory() ? walk(join(dir, d.name)) : d.isFile() ? [join(dir, d.name)] : [],
    );
  return backedTree({
    name: root,
    listAll: async () =>
      walk(root).map((p) => ({ path: relative(root, p).split('\\').join('/'), size: statSync(p).size })),
    readFile: async (path) => new Uint8Array(await fs.readFile(join(root, path))),
    readRange: async (path, _e, start, end) => {
      const fh = await fs.open(join(root, path), 'r');
      try {
        const buf = new Uint8Array(Math.max(0, end - start));
        const { bytesRead } = await fh.read(buf, 0, buf.length, start);
        return buf.subarray(0, bytesRead);
      } finally {
        await fh.close();
      }
    },
  });
}

const hasFileCommand = (() => {
  try {
    execFileSync('file', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Format and size as the `file` command reports them, for the formats whose output it sizes. */
function sizeByFileCommand(description: string): ImageInfo | undefined {
  const patterns: [ImageInfo['format'], RegExp, boolean][] = [
    ['jpeg', /^JPEG image data.*?, precision \d+, (\d+)x(\d+),/, false],
    ['png', /^PNG image data, (\d+) x (\d+),/, false],
    ['gif', /^GIF image data, version \S+, (\d+) x (\d+)/, false],
    ['bmp', /^PC bitmap, [^,]*, (\d+) x -?(\d+)/, false],
    ['webp', /^RIFF \(little-endian\) data, Web\/P image.*?, (\d+)x(\d+)/, false],
    ['tiff', /^TIFF image data.*?height=(\d+).*?width=(\d+)/, true],
  ];
  for (const [format, re, swapped] of patterns) {
    const m = re.exec(description);
    if (m) return { format, width: Number(m[swapped ? 2 : 1]), height: Number(m[swapped ? 1 : 2]) };
  }
  return undefined;
}

describe.skipIf(!FIXTURES)('corpus images', () => {
  const root = FIXTURES ?? '';

  it.skipIf(!hasFileCommand)('agree with the `file` command on every image in the corpus', async () => {
    const tree = diskTree(root);
    const images = (await tree.list()).filter((e) =>
      IMAGE_EXTENSIONS.some((x) => e.path.toLowerCase().endsWith(x)),
    );
    expect(images.length).toBeGreaterThan(10);
    let compared = 0;
    for (let i = 0; i < images.length; i += 100) {
      const batch = images.slice(i, i + 100);
      const out = execFileSync('file', ['-b', ...batch.map((e) => join(root, e.path))], { encoding: 'utf8' })
        .trimEnd()
        .split('\n');
      for (const [k, e] of batch.entries()) {
        const expected = sizeByFileCommand(out[k]!);
        const got = await readImageSize(tree, e.path);
        if (expected) {
          expect(got && { format: got.format, width: got.width, height: got.height }, e.path).toEqual(
            expected,
          );
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(images.length / 2);
  });

  it('agree with the sizes in the COCO annotations beside the images', async () => {
    const coco = join(root, 'datumaro/coco_dataset');
    if (!existsSync(coco)) {
      console.warn(`image-size.test.ts: ${coco} is missing; skipping the COCO comparison`);
      return;
    }
    const tree = diskTree(coco);
    let compared = 0;
    for (const { path } of await tree.list()) {
      if (!path.endsWith('.json')) continue;
      const doc = JSON.parse(readFileSync(join(coco, path), 'utf8')) as {
        images?: { file_name: string; width: number; height: number }[];
      };
      const subset = /_([a-z]+)\.json$/.exec(path)?.[1] ?? '';
      const datasetRoot = path.includes('/annotations/')
        ? path.slice(0, path.indexOf('/annotations/'))
        : dirname(path);
      for (const image of doc.images ?? []) {
        const candidates = [
          `${datasetRoot}/images/${subset}/${image.file_name}`,
          `${datasetRoot}/${subset}/${image.file_name}`,
          `${dirname(path)}/${image.file_name}`,
        ];
        for (const c of candidates) {
          if (!(await tree.exists(c))) continue;
          const got = await readImageSize(tree, c);
          expect(got && [got.width, got.height], c).toEqual([image.width, image.height]);
          compared++;
          break;
        }
      }
    }
    expect(compared).toBeGreaterThan(10);
  });
});

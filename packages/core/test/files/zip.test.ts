import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/errors.js';
import type { FileTree } from '../../src/files/tree.js';
import { blobAccess, buildZip, bytesAccess, type RandomAccess, zipTree } from '../../src/files/zip.js';
import { crc32 } from '../../src/files/zip-crc.js';
import { fileAccess } from '../../src/node.js';
import { fixturesDir } from '../../src/testing/expect.js';

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const utf8 = (s: string) => new TextEncoder().encode(s);

async function collect(it: AsyncIterable<Uint8Array>): Promise<{ bytes: Uint8Array; chunks: number }> {
  const parts: Uint8Array[] = [];
  for await (const c of it) parts.push(c);
  const bytes = new Uint8Array(parts.reduce((n, c) => n + c.length, 0));
  let p = 0;
  for (const c of parts) {
    bytes.set(c, p);
    p += c.length;
  }
  return { bytes, chunks: parts.length };
}

/** Byte equality without vitest's element-by-element diffing, which is slow on megabytes. */
function expectSame(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.length).toBe(expected.length);
  expect(Buffer.from(actual.buffer, actual.byteOffset, actual.length).equals(expected)).toBe(true);
}

async function rejection(p: Promise<unknown>): Promise<DatasetError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DatasetError);
    return e as DatasetError;
  }
  throw new Error('expected a DatasetError, got success');
}

/** Pseudo-random, partly compressible bytes (deterministic). */
function sampleBytes(n: number, seed = 1): Uint8Array {
  const b = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    b[i] = i % 64 < 40 ? 97 + (i % 13) : s >>> 24;
  }
  return b;
}

/** Offsets of `needle` in `hay`. */
function findAll(hay: Uint8Array, needle: Uint8Array): number[] {
  const out: number[] = [];
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    out.push(i);
  }
  return out;
}

/** Offset of the central directory entry for the first entry (sig PK\1\2). */
const centralAt = (zip: Uint8Array) => findAll(zip, new Uint8Array([0x50, 0x4b, 1, 2]))[0]!;

const FILES = {
  'a.txt': 'hello',
  'dir/b.json': '{"x": [1, 2, 3]}',
  'dir/sub/empty.bin': new Uint8Array(0),
  'dir/folder/': '',
  'ünïcødé/名前.txt': 'unicode name',
  'win\\style\\path.txt': 'backslashes',
  'big.bin': sampleBytes(300_000),
};

describe('zipTree over buildZip archives', () => {
  for (const compress of [false, true]) {
    for (const zip64 of [false, true]) {
      it(`round-trips (${compress ? 'deflated' : 'stored'}${zip64 ? ', ZIP64' : ''})`, async () => {
        const zip = buildZip(FILES, { compress, zip64 });
        const tree = await zipTree(bytesAccess(zip), 'test.zip');
        expect(tree.name).toBe('test.zip');
        expect(await tree.list()).toEqual([
          { path: 'a.txt', size: 5 },
          { path: 'big.bin', size: 300_000 },
          { path: 'dir/b.json', size: 16 },
          { path: 'dir/sub/empty.bin', size: 0 },
          { path: 'win/style/path.txt', size: 11 },
          { path: 'ünïcødé/名前.txt', size: 12 },
        ]);
        expect(text(await tree.read('a.txt'))).toBe('hello');
        expect(text(await tree.read('dir/b.json'))).toBe('{"x": [1, 2, 3]}');
        expect(await tree.read('dir/sub/empty.bin')).toEqual(new Uint8Array(0));
        expect(text(await tree.read('ünïcødé/名前.txt'))).toBe('unicode name');
        expect(text(await tree.read('win/style/path.txt'))).toBe('backslashes');
        expectSame(await tree.read('big.bin'), FILES['big.bin']);
        expect(await tree.exists('dir/folder')).toBe(false);
        expect(await tree.stat('dir/b.json')).toEqual({ path: 'dir/b.json', size: 16 });
        expect(text(await tree.sub('dir').read('b.json'))).toBe('{"x": [1, 2, 3]}');
        expectSame((await collect(tree.stream('big.bin'))).bytes, FILES['big.bin']);
        const missing = await rejection(tree.read('nope.txt'));
        expect(missing.code).toBe('not-found');
      });
    }
  }

  it('reads ranges of stored and deflated entries', async () => {
    const big = FILES['big.bin'];
    for (const compress of [false, true]) {
      const tree = await zipTree(bytesAccess(buildZip(FILES, { compress })), 'r.zip');
      expect(text(await tree.readRange('a.txt', 1, 3))).toBe('el');
      expect(text(await tree.readRange('a.txt', 3, 100))).toBe('lo');
      expect(await tree.readRange('a.txt', 10, 20)).toEqual(new Uint8Array(0));
      expectSame(await tree.readRange('big.bin', 0, 16), big.subarray(0, 16));
      expectSame(await tree.readRange('big.bin', 150_000, 250_123), big.subarray(150_000, 250_123));
      expectSame(await tree.readRange('big.bin', 299_990, 400_000), big.subarray(299_990));
      expect(await tree.readRange('dir/sub/empty.bin', 0, 10)).toEqual(new Uint8Array(0));
    }
  });

  it('streams a >2 MiB deflated entry in chunks, never reading more than 1 MiB of it at once', async () => {
    const big = sampleBytes(5 * 1024 * 1024 + 123, 7);
    // Make the deflated form larger than 2 MiB too, so that it takes several slices to read.
    for (let i = 0; i < big.length; i += 2) big[i] = (Math.imul(i, 2654435761) >>> 24) & 0xff;
    const zip = buildZip({ 'huge.bin': big }, { compress: true });
    expect(zip.length).toBeGreaterThan(2 * 1024 * 1024);
    const inner = bytesAccess(zip);
    let largestRead = 0;
    let reads = 0;
    const spy: RandomAccess = {
      size: inner.size,
      read: (o, l) => {
        largestRead = Math.max(largestRead, l);
        reads++;
        return inner.read(o, l);
      },
    };
    const tree = await zipTree(spy, 'huge.zip');
    largestRead = 0;
    const { bytes, chunks } = await collect(tree.stream('huge.bin'));
    expect(bytes.length).toBe(big.length);
    expect(crc32(bytes)).toBe(crc32(big));
    expect(chunks).toBeGreaterThan(2);
    expect(largestRead).toBeLessThanOrEqual(1024 * 1024);
    expect(reads).toBeGreaterThan(2);
    expectSame(await tree.read('huge.bin'), big);

    // Stopping early stops reading.
    reads = 0;
    for await (const c of tree.stream('huge.bin')) {
      expect(c.length).toBeGreaterThan(0);
      break;
    }
    expect(reads).toBeLessThanOrEqual(3);
  });

  it('reads from a Blob', async () => {
    const tree = await zipTree(blobAccess(new Blob([buildZip(FILES, { compress: true })])), 'blob.zip');
    expect(text(await tree.read('dir/b.json'))).toBe('{"x": [1, 2, 3]}');
    expectSame(await tree.readRange('big.bin', 5, 10), FILES['big.bin'].subarray(5, 10));
  });

  it('reads an archive with a comment and an empty archive', async () => {
    const withComment = await zipTree(
      bytesAccess(buildZip({ 'a.txt': 'x' }, { comment: 'PK\x05\x06 fake signature' })),
      'c.zip',
    );
    expect(text(await withComment.read('a.txt'))).toBe('x');
    const empty = await zipTree(bytesAccess(buildZip({})), 'empty.zip');
    expect(await empty.list()).toEqual([]);
  });

  it('decodes names without the UTF-8 flag as CP437', async () => {
    const zip = buildZip({ 'Xber.txt': 'cp437' });
    const at = findAll(zip, utf8('Xber.txt'));
    expect(at).toHaveLength(2); // local header and central directory
    for (const i of at) zip[i] = 0x81; // 'ü' in CP437, not valid UTF-8 alone
    const tree = await zipTree(bytesAccess(zip), 'cp437.zip');
    expect((await tree.list()).map((e) => e.path)).toEqual(['über.txt']);
    expect(text(await tree.read('über.txt'))).toBe('cp437');
  });
});

describe('zipTree on bad archives', () => {
  it.each([
    ['../evil.txt'],
    ['a/../../evil.txt'],
    ['/etc/passwd'],
    ['..\\..\\evil.txt'],
    ['C:\\Windows\\evil.dll'],
    ['../'],
  ])('rejects the unsafe entry %s', async (name) => {
    const zip = buildZip({ 'ok.txt': 'fine', [name]: 'evil' });
    const e = await rejection(zipTree(bytesAccess(zip), 'evil.zip'));
    expect(e.code).toBe('unsafe-path');
    expect(e.file).toBe('evil.zip');
    expect(e.place).toBe(name);
  });

  it('keeps safe names that go up and down within the root', async () => {
    const tree = await zipTree(bytesAccess(buildZip({ 'a/../b.txt': 'b', './c.txt': 'c' })), 'ok.zip');
    expect((await tree.list()).map((e) => e.path)).toEqual(['b.txt', 'c.txt']);
  });

  it('rejects a file that is not a zip, or is truncated', async () => {
    const zip = buildZip(FILES, { compress: true });
    const cases: [string, Uint8Array][] = [
      ['empty', new Uint8Array(0)],
      ['not a zip', utf8('just some text, long enough to be searched for a signature')],
      ['cut at the end', zip.subarray(0, zip.length - 30)],
      ['cut in the middle', zip.subarray(0, zip.length >> 1)],
      ['cut at the start', zip.subarray(1000)],
    ];
    for (const [what, bytes] of cases) {
      const e = await rejection(zipTree(bytesAccess(bytes), 'broken.zip'));
      expect(e.code, what).toBe('bad-zip');
      expect(e.file, what).toBe('broken.zip');
      expect(e.message, what).toMatch(/truncated|not a zip|damaged|not found/);
    }
  });

  it('rejects an entry whose data is cut off, naming it', async () => {
    // A reader that lies about its size, as a file truncated while being read would.
    const zip = buildZip({ 'a.txt': 'hello', 'b.bin': sampleBytes(10_000) });
    const tree = await zipTree(
      // b.bin's data starts at 75 (a.txt: 30 + 5 + 5 bytes, b.bin's local header: 30 + 5).
      {
        size: zip.length,
        read: async (o, l) => zip.slice(o, o >= 75 && o < 10_075 ? o + Math.min(l, 100) : o + l),
      },
      'cut.zip',
    );
    const e = await rejection(tree.read('b.bin'));
    expect(e.code).toBe('bad-zip');
    expect(e.file).toBe('cut.zip');
    expect(e.place).toBe('b.bin');
    expect(e.message).toMatch(/truncated/);
  });

  it('detects a CRC-32 mismatch on full reads and streams, naming the entry', async () => {
    const zip = buildZip({ 'good.txt': 'good', 'bad.txt': 'the original content' });
    const at = findAll(zip, utf8('original'))[0]!;
    zip[at] = 'O'.charCodeAt(0);
    const tree = await zipTree(bytesAccess(zip), 'crc.zip');
    expect(text(await tree.read('good.txt'))).toBe('good');
    for (const p of [tree.read('bad.txt'), collect(tree.stream('bad.txt'))]) {
      const e = await rejection(p);
      expect(e.code).toBe('bad-zip');
      expect(e.file).toBe('crc.zip');
      expect(e.place).toBe('bad.txt');
      expect(e.message).toMatch(/CRC-32 mismatch/);
    }
    // A range does not see the whole entry, so it cannot check it.
    expect(text(await tree.readRange('bad.txt', 4, 12))).toBe('Original');
  });

  it('rejects corrupt deflate data', async () => {
    const zip = buildZip({ 'x.bin': sampleBytes(50_000) }, { compress: true });
    for (let i = 60; i < 400; i++) zip[i] = 0xff;
    const tree = await zipTree(bytesAccess(zip), 'corrupt.zip');
    const e = await rejection(tree.read('x.bin'));
    expect(e.code).toBe('bad-zip');
    expect(e.place).toBe('x.bin');
  });

  it('rejects encrypted entries and unsupported methods when they are read', async () => {
    const patch = (field: 'flags' | 'method', value: number) => {
      const zip = buildZip({ 'a.txt': 'hello', 'b.txt': 'world' });
      const cd = centralAt(zip);
      new DataView(zip.buffer).setUint16(cd + (field === 'flags' ? 8 : 10), value, true);
      return zip;
    };
    const encrypted = await zipTree(bytesAccess(patch('flags', 1)), 'enc.zip');
    expect(text(await encrypted.read('b.txt'))).toBe('world');
    let e = await rejection(encrypted.read('a.txt'));
    expect([e.code, e.file, e.place]).toEqual(['bad-zip', 'enc.zip', 'a.txt']);
    expect(e.message).toMatch(/encrypted/);

    const bzip2 = await zipTree(bytesAccess(patch('method', 12)), 'bz.zip');
    e = await rejection(bzip2.read('a.txt'));
    expect([e.code, e.file, e.place]).toEqual(['bad-zip', 'bz.zip', 'a.txt']);
    expect(e.message).toMatch(/bzip2 \(12\) is not supported/);
    e = await rejection(collect(bzip2.stream('a.txt')));
    expect(e.code).toBe('bad-zip');
  });

  it('rejects a central directory entry pointing at no local header', async () => {
    const zip = buildZip({ 'a.txt': 'hello' });
    new DataView(zip.buffer).setUint32(centralAt(zip) + 42, 3, true);
    const tree = await zipTree(bytesAccess(zip), 'off.zip');
    const e = await rejection(tree.read('a.txt'));
    expect([e.code, e.place]).toEqual(['bad-zip', 'a.txt']);
  });
});

/** How to make zips with a real tool: Info-ZIP's `zip`, else python3's zipfile, else nothing. */
function which(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const hasZip = which('zip');
const hasPython = which('python3');

describe.skipIf(!hasZip && !hasPython)(
  `archives made by ${hasZip ? 'Info-ZIP zip' : 'python3 zipfile'}`,
  () => {
    let dir = '';
    const big = sampleBytes(3 * 1024 * 1024, 3);

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'labelport-zip-'));
      const src = join(dir, 'src');
      mkdirSync(join(src, 'images/train'), { recursive: true });
      writeFileSync(join(src, 'images/train/a.txt'), 'first');
      writeFileSync(join(src, 'images/train/big.bin'), big);
      writeFileSync(join(src, 'annotations.json'), JSON.stringify({ images: [1, 2, 3] }));
      writeFileSync(join(src, 'données.txt'), 'accents');
      writeFileSync(join(src, 'stored.bin'), sampleBytes(1000, 5));
      if (hasZip) {
        symlinkSync('annotations.json', join(src, 'link.json'));
        execFileSync('zip', ['-qry', '../tool.zip', '.'], { cwd: src });
        // stdin input makes Info-ZIP write ZIP64 extra fields and a data descriptor.
        execFileSync('zip', ['-q', '-fz', join(dir, 'stdin64.zip'), '-'], { input: 'from stdin' });
      } else {
        const py = `
import os, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    for root, dirs, files in os.walk(src):
        for f in files:
            p = os.path.join(root, f)
            z.write(p, os.path.relpath(p, src), zipfile.ZIP_STORED if f == 'stored.bin' else zipfile.ZIP_DEFLATED)
`;
        execFileSync('python3', ['-c', py, src, join(dir, 'tool.zip')]);
      }
    });
    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('lists and reads every file', async () => {
      const access = await fileAccess(join(dir, 'tool.zip'));
      try {
        const tree = await zipTree(access, 'tool.zip');
        const paths = (await tree.list()).map((e) => e.path);
        expect(paths).toEqual(
          expect.arrayContaining([
            'annotations.json',
            'données.txt',
            'images/train/a.txt',
            'images/train/big.bin',
            'stored.bin',
          ]),
        );
        expect(text(await tree.read('images/train/a.txt'))).toBe('first');
        expect(text(await tree.read('données.txt'))).toBe('accents');
        expect(JSON.parse(text(await tree.read('annotations.json')))).toEqual({ images: [1, 2, 3] });
        expectSame(await tree.read('images/train/big.bin'), big);
        expectSame(
          await tree.readRange('images/train/big.bin', 2_000_000, 2_000_100),
          big.subarray(2_000_000, 2_000_100),
        );
        expectSame((await collect(tree.stream('images/train/big.bin'))).bytes, big);
        expectSame(await tree.read('stored.bin'), sampleBytes(1000, 5));
        if (hasZip) {
          // A symlink to a file inside the archive reads as that file.
          expect(text(await tree.read('link.json'))).toBe(JSON.stringify({ images: [1, 2, 3] }));
        }
      } finally {
        await access.close?.();
      }
    });

    it.skipIf(!hasZip)('reads ZIP64 extra fields and data descriptors written by zip', async () => {
      const tree = await zipTree(bytesAccess(readFileSync(join(dir, 'stdin64.zip'))), 'stdin64.zip');
      expect(await tree.list()).toEqual([{ path: '-', size: 10 }]);
      expect(text(await tree.read('-'))).toBe('from stdin');
    });

    it.skipIf(!hasZip)('rejects a symlink that leaves the archive', async () => {
      const src = join(dir, 'evil');
      mkdirSync(join(src, 'd'), { recursive: true });
      symlinkSync('../../outside.txt', join(src, 'd/escape.txt'));
      writeFileSync(join(src, 'ok.txt'), 'ok');
      execFileSync('zip', ['-qry', '../evil.zip', '.'], { cwd: src });
      const e = await rejection(zipTree(bytesAccess(readFileSync(join(dir, 'evil.zip'))), 'evil.zip'));
      expect(e.code).toBe('unsafe-path');
      expect(e.file).toBe('evil.zip');
      expect(e.place).toMatch(/^d\/escape\.txt -> /);
    });
  },
);

const FIXTURES = fixturesDir();
const zipFixtures = FIXTURES ? join(FIXTURES, 'datumaro/image_zip_dataset') : '';
if (!FIXTURES) console.warn('zip.test.ts: LABELPORT_FIXTURES is not set; skipping the corpus archives');

describe.skipIf(!FIXTURES || !existsSync(zipFixtures))('corpus archives (datumaro/image_zip_dataset)', () => {
  it.each([
    ['1.zip', '1.jpg'],
    ['2.zip', '2.jpg'],
  ])('reads %s', async (archive, image) => {
    const access = await fileAccess(join(zipFixtures, archive));
    try {
      const tree: FileTree = await zipTree(access, archive);
      expect(await tree.list()).toEqual([{ path: image, size: 631 }]);
      const bytes = await tree.read(image);
      expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
      expect(await tree.readRange(image, 0, 100)).toEqual(bytes.subarray(0, 100));
    } finally {
      await access.close?.();
    }
  });
});

describe('range reads of a deflated entry', () => {
  it('walking a big entry range after range inflates it about once, and any order gives the right bytes', async () => {
    const big = sampleBytes(6 * 1024 * 1024, 11);
    const zip = buildZip({ 'big.json': big }, { compress: true });
    let read = 0;
    const inner = bytesAccess(zip);
    const counting: RandomAccess = {
      size: inner.size,
      read: async (offset, length) => {
        read += length;
        return inner.read(offset, length);
      },
    };
    const tree = await zipTree(counting, 'walk.zip');
    read = 0;
    const step = 256 * 1024;
    for (let off = 0; off < big.length; off += step) {
      expectSame(await tree.readRange('big.json', off, off + step), big.subarray(off, off + step));
    }
    // 24 ranges: once through the compressed data (plus slack), not 24 walks from the start
    expect(read).toBeLessThan(zip.length * 2);
    for (const [a, b] of [
      [5_000_000, 5_100_000],
      [100, 300_000],
      [300_000, 300_001],
      [6 * 1024 * 1024 - 10, 6 * 1024 * 1024 + 10],
    ]) {
      expectSame(await tree.readRange('big.json', a!, b!), big.subarray(a!, b!));
    }
  });
});

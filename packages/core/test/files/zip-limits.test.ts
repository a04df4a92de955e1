import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/errors.js';
import { concatBytes as concat } from '../../src/files/memory.js';
import { buildZip, bytesAccess, zipTree } from '../../src/files/zip.js';
import { crc32 } from '../../src/files/zip-crc.js';
import { centralHeader, endRecords, localHeader, type ZipEntryRecord } from '../../src/files/zip-records.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

/**
 * A "non-recursive" zip bomb: one block of `compressed` bytes, and `copies` central
 * directory entries that all point at it, each declaring as much as deflate could give (1000:1).
 */
function overlappingBomb(compressed: number, copies: number): Uint8Array {
  // Never inflated: the archive must be refused from its directory alone.
  const data = new Uint8Array(compressed).fill(0x55);
  const base: ZipEntryRecord = {
    name: utf8('x0'),
    flags: 0,
    method: 8,
    crc: 0,
    compressedSize: data.length,
    size: data.length * 1000,
    offset: 0,
    time: 0,
    date: 0,
  };
  const local = localHeader(base);
  const central = [];
  for (let i = 0; i < copies; i++) central.push(centralHeader({ ...base, name: utf8(`x${i}`) }));
  const cd = concat(central);
  const cdOffset = local.length + data.length;
  return concat([local, data, cd, ...endRecords(copies, cdOffset, cd.length, new Uint8Array(0))]);
}

describe('zip limits', () => {
  it('refuses a 1 MB zip whose entries inflate to 10 GB, within a second, inflating nothing', async () => {
    const zip = overlappingBomb(1_000_000, 10);
    expect(zip.length).toBeLessThan(1_100_000);
    const t0 = performance.now();
    const err = await zipTree(bytesAccess(zip), 'bomb.zip').catch((e) => e);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(err).toBeInstanceOf(DatasetError);
    expect(err.code).toBe('too-large');
    expect(err.message).toMatch(/^bomb\.zip: .*10000000000 bytes/);
  });

  it('refuses overlapping entries past the ratio even under the total limit', async () => {
    const zip = overlappingBomb(100_000, 10); // 1 GB declared from 100 KB
    const err = await zipTree(bytesAccess(zip), 'ratio.zip').catch((e) => e);
    expect(err.code).toBe('too-large');
    expect(err.message).toMatch(/zip bomb/);
  });

  it('honours raised or lowered limits', async () => {
    const zip = buildZip({ 'a.txt': 'x'.repeat(5000) });
    const tree = await zipTree(bytesAccess(zip), 'ok.zip');
    expect((await tree.read('a.txt')).length).toBe(5000);
    const err = await zipTree(bytesAccess(zip), 'small.zip', { limits: { maxZipInflated: 1000 } }).catch(
      (e) => e,
    );
    expect(err.code).toBe('too-large');
    const small = await zipTree(bytesAccess(zip), 'text.zip', { limits: { maxTextBytes: 100 } });
    await expect(small.read('a.txt')).rejects.toMatchObject({ code: 'too-large' });
  });

  it('still holds an entry to its declared size (a lying size is bad-zip, not an allocation)', async () => {
    const body = new Uint8Array(4096).fill(7);
    const data = deflateSync(body);
    const rec: ZipEntryRecord = {
      name: utf8('a.bin'),
      flags: 0,
      method: 8,
      crc: crc32(body),
      compressedSize: data.length,
      size: 100,
      offset: 0,
      time: 0,
      date: 0,
    };
    const local = localHeader(rec);
    const cd = centralHeader(rec);
    const zip = concat([
      local,
      data,
      cd,
      ...endRecords(1, local.length + data.length, cd.length, new Uint8Array(0)),
    ]);
    const tree = await zipTree(bytesAccess(zip), 'liar.zip');
    await expect(tree.read('a.bin')).rejects.toMatchObject({ code: 'bad-zip' });
  });
});

it('an entry name with control characters is refused on one line', async () => {
  const zip = buildZip({ 'a\nb\u0000c.txt': 'x' });
  const err = await zipTree(bytesAccess(zip), 'names.zip').catch((e) => e);
  expect(err).toBeInstanceOf(DatasetError);
  expect(err.code).toBe('unsafe-path');
  expect(err.message).toBe(
    'names.zip: central directory entry 0: an entry name holds control characters: "a\\nb\\u0000c.txt"',
  );
});

it('reads the head of a deflated entry once, then from memory (20,000 header reads of a 64 MiB entry)', async () => {
  const { deflateRawSync } = await import('node:zlib');
  const body = new Uint8Array(64 * 2 ** 20).fill(0x20);
  body.set(new TextEncoder().encode('HEAD'), 0);
  const data = deflateRawSync(body, { level: 9 });
  const rec: ZipEntryRecord = {
    name: utf8('big.txt'),
    flags: 0,
    method: 8,
    crc: crc32(body),
    compressedSize: data.length,
    size: body.length,
    offset: 0,
    time: 0,
    date: 0,
  };
  const local = localHeader(rec);
  const cd = centralHeader(rec);
  const zip = concat([
    local,
    data,
    cd,
    ...endRecords(1, local.length + data.length, cd.length, new Uint8Array(0)),
  ]);
  const tree = await zipTree(bytesAccess(zip), 'heads.zip');
  const t0 = performance.now();
  for (let i = 0; i < 20_000; i++) expect((await tree.readRange('big.txt', 0, 4))[0]).toBe(0x48);
  expect(new TextDecoder().decode(await tree.readRange('big.txt', 1, 4))).toBe('EAD');
  expect((await tree.readRange('big.txt', 70_000, 70_004)).length).toBe(4);
  expect(performance.now() - t0).toBeLessThan(10_000);
});

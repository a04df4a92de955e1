/**
 * Hostile zip archives around a seed tree: names that leave the root (`../`, absolute, drive
 * letters), symbolic link entries (inside, outside, in a loop), sizes that lie, entries that overlap
 * and deflate bombs. Records come from core's zip writer; the fields are what is bent.
 */
import { deflateRawSync } from 'node:zlib';
import { concatBytes as concat, crc32 } from '@labelport/core/files';
import {
  centralHeader,
  endRecords,
  localHeader,
  type ZipEntryRecord,
} from '../../../packages/core/src/files/zip-records.js';
import type { Rng } from './rng.js';

interface ZipFile {
  name: string;
  data: Uint8Array;
  deflate?: boolean;
  /** Declared sizes and CRC, when they lie. */
  size?: number;
  crc?: number;
  /** A Unix mode (0o120777: a symbolic link). */
  mode?: number;
  /** Shares the data of the entry at this index (overlapping entries). */
  sameAs?: number;
  /** Data already deflated, with its true size. */
  raw?: { deflated: Uint8Array; size: number; crc: number };
}

const enc = new TextEncoder();

export function assembleZip(files: ZipFile[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  const records: ZipEntryRecord[] = [];
  let offset = 0;
  for (const f of files) {
    if (f.sameAs !== undefined && records[f.sameAs]) {
      const r = { ...records[f.sameAs]!, name: enc.encode(f.name) };
      central.push(withMode(centralHeader(r), f.mode));
      continue;
    }
    const body = f.raw?.deflated ?? (f.deflate ? deflateRawSync(f.data) : f.data);
    const r: ZipEntryRecord = {
      name: enc.encode(f.name),
      flags: 0x800,
      method: f.raw || f.deflate ? 8 : 0,
      crc: f.crc ?? f.raw?.crc ?? crc32(f.data),
      compressedSize: body.length,
      size: f.size ?? f.raw?.size ?? f.data.length,
      offset,
      time: 0,
      date: 33,
    };
    const local = localHeader(r);
    parts.push(local, body);
    central.push(withMode(centralHeader(r), f.mode));
    records.push(r);
    offset += local.length + body.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  return concat([...parts, ...central, ...endRecords(central.length, offset, cdSize, new Uint8Array(0))]);
}

/** Marks a central header as made on Unix with the given mode. */
function withMode(h: Uint8Array, mode: number | undefined): Uint8Array {
  if (mode === undefined) return h;
  const v = new DataView(h.buffer, h.byteOffset, h.byteLength);
  v.setUint16(4, (3 << 8) | 20, true);
  v.setUint32(38, (mode << 16) >>> 0, true);
  return h;
}

let bombCache: Map<number, { deflated: Uint8Array; size: number; crc: number }> | undefined;

/** `size` bytes of spaces (valid whitespace to JSON and XML), deflated once per process. */
function bomb(size: number) {
  bombCache ??= new Map();
  let b = bombCache.get(size);
  if (!b) {
    const data = new Uint8Array(size).fill(0x20);
    b = { deflated: deflateRawSync(data, { level: 9 }), size, crc: crc32(data) };
    bombCache.set(size, b);
  }
  return b;
}

/** The seed tree as a zip with one hostile twist; `what` says which. */
export function hostileZip(tree: Map<string, Uint8Array>, rng: Rng): { zip: Uint8Array; what: string } {
  const files: ZipFile[] = [...tree].map(([name, data]) => ({ name, data, deflate: rng.chance(0.5) }));
  const victim = files.length > 0 ? rng.int(files.length) : -1;
  const target = victim >= 0 ? files[victim]! : undefined;
  const roll = rng.int(9);
  let what: string;
  if (roll === 0) {
    const name = rng.pick([
      '../evil.txt',
      '/etc/evil',
      'C:\\evil.txt',
      'a/../../evil',
      '\\\\server\\x',
      'a/\u0000b',
    ]);
    files.push({ name, data: enc.encode('x') });
    what = `entry named ${JSON.stringify(name)}`;
  } else if (roll === 1 && target) {
    const link = rng.pick(['../../etc/passwd', '/etc/passwd', target.name, 'loop', '.']);
    files.push({ name: rng.chance(0.5) ? target.name : 'loop', data: enc.encode(link), mode: 0o120777 });
    what = `symbolic link to ${JSON.stringify(link)}`;
  } else if (roll === 2 && target) {
    target.size = rng.pick([0, 1, target.data.length + 1, target.data.length * 1000, 0xfffffffe]);
    what = `${target.name} declares ${target.size} bytes, has ${target.data.length}`;
  } else if (roll === 3 && target) {
    target.crc = (target.crc ?? 0) ^ 1;
    what = `${target.name} has a wrong CRC`;
  } else if (roll === 4 && target) {
    const size = rng.pick([64 * 2 ** 20, 600 * 2 ** 20]);
    target.raw = bomb(size);
    what = `${target.name} is a deflate bomb of ${size} bytes`;
  } else if (roll === 5 && target) {
    for (let i = 0; i < 2000; i++)
      files.push({ name: `${target.name}.${i}`, data: target.data, sameAs: victim });
    what = `2000 entries overlapping ${target.name}`;
  } else if (roll === 6 && target) {
    files.push({ ...target, name: target.name });
    what = `${target.name} twice`;
  } else {
    const zip = assembleZip(files);
    const at = rng.int(zip.length);
    zip[at] ^= 1 << rng.int(8);
    return { zip, what: `zip byte ${at} flipped` };
  }
  return { zip: assembleZip(files), what };
}

/**
 * A small zip writer: whole archives in memory, for tests and for small outputs. Browser-safe.
 * Deflate is fflate's `deflateSync`, so that `buildZip` stays synchronous.
 */
import { deflateSync } from 'fflate';
import { crc32 } from './zip-crc.js';

export interface BuildZipOptions {
  /** Deflate every entry (method 8); otherwise store (method 0). */
  compress?: boolean;
  /** Write ZIP64 records and extra fields even when nothing needs them (they are used when needed). */
  zip64?: boolean;
  /** The modification time written for every entry; 1980-01-01 00:00 by default, for reproducible bytes. */
  date?: Date;
  /** The archive comment. */
  comment?: string;
}

const MAX32 = 0xffffffff;

/**
 * A zip archive of `files` (path -> content, strings as UTF-8), in the given order. Names are written
 * as given (a name ending in '/' is a folder), UTF-8 flagged when not ASCII.
 */
export function buildZip(
  files: Record<string, Uint8Array | string>,
  options: BuildZipOptions = {},
): Uint8Array {
  const enc = new TextEncoder();
  const { time, date } = dosDateTime(options.date ?? new Date(1980, 0, 1));
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  let count = 0;
  let forceZip64 = options.zip64 === true;

  for (const [name, content] of Object.entries(files)) {
    const data = typeof content === 'string' ? enc.encode(content) : content;
    const nameBytes = enc.encode(name);
    const flags = /^[\x20-\x7e]*$/.test(name) ? 0 : 0x800;
    const method = options.compress ? 8 : 0;
    const body = method === 8 ? deflateSync(data, { level: 6 }) : data;
    const crc = crc32(data);
    const zip64 = forceZip64 || data.length >= MAX32 || body.length >= MAX32 || offset >= MAX32;

    const local = new Uint8Array(30 + nameBytes.length + (zip64 ? 20 : 0));
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, zip64 ? 45 : 20, true);
    lv.setUint16(6, flags, true);
    lv.setUint16(8, method, true);
    lv.setUint16(10, time, true);
    lv.setUint16(12, date, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, zip64 ? MAX32 : body.length, true);
    lv.setUint32(22, zip64 ? MAX32 : data.length, true);
    lv.setUint16(26, nameBytes.length, true);
    lv.setUint16(28, zip64 ? 20 : 0, true);
    local.set(nameBytes, 30);
    if (zip64) {
      const x = 30 + nameBytes.length;
      lv.setUint16(x, 0x0001, true);
      lv.setUint16(x + 2, 16, true);
      lv.setBigUint64(x + 4, BigInt(data.length), true);
      lv.setBigUint64(x + 12, BigInt(body.length), true);
    }

    const cen = new Uint8Array(46 + nameBytes.length + (zip64 ? 28 : 0));
    const cv = new DataView(cen.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, zip64 ? 45 : 20, true); // made by: MS-DOS attributes, version 2.0 / 4.5
    cv.setUint16(6, zip64 ? 45 : 20, true);
    cv.setUint16(8, flags, true);
    cv.setUint16(10, method, true);
    cv.setUint16(12, time, true);
    cv.setUint16(14, date, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, zip64 ? MAX32 : body.length, true);
    cv.setUint32(24, zip64 ? MAX32 : data.length, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint16(30, zip64 ? 28 : 0, true);
    cv.setUint32(38, name.endsWith('/') ? 0x10 : 0, true);
    cv.setUint32(42, zip64 ? MAX32 : offset, true);
    cen.set(nameBytes, 46);
    if (zip64) {
      const x = 46 + nameBytes.length;
      cv.setUint16(x, 0x0001, true);
      cv.setUint16(x + 2, 24, true);
      cv.setBigUint64(x + 4, BigInt(data.length), true);
      cv.setBigUint64(x + 12, BigInt(body.length), true);
      cv.setBigUint64(x + 20, BigInt(offset), true);
    }

    parts.push(local, body);
    central.push(cen);
    offset += local.length + body.length;
    count++;
  }

  const cdOffset = offset;
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  forceZip64 ||= count >= 0xffff || cdOffset >= MAX32 || cdSize >= MAX32;
  const tail: Uint8Array[] = [];
  if (forceZip64) {
    const rec = new Uint8Array(56 + 20);
    const rv = new DataView(rec.buffer);
    rv.setUint32(0, 0x06064b50, true);
    rv.setBigUint64(4, 44n, true); // size of the rest of the record
    rv.setUint16(12, 45, true);
    rv.setUint16(14, 45, true);
    rv.setBigUint64(24, BigInt(count), true);
    rv.setBigUint64(32, BigInt(count), true);
    rv.setBigUint64(40, BigInt(cdSize), true);
    rv.setBigUint64(48, BigInt(cdOffset), true);
    // The locator, pointing back at the record.
    rv.setUint32(56, 0x07064b50, true);
    rv.setBigUint64(64, BigInt(cdOffset + cdSize), true);
    rv.setUint32(72, 1, true);
    tail.push(rec);
  }
  const comment = enc.encode(options.comment ?? '');
  const eocd = new Uint8Array(22 + comment.length);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, forceZip64 ? 0xffff : count, true);
  ev.setUint16(10, forceZip64 ? 0xffff : count, true);
  ev.setUint32(12, forceZip64 ? MAX32 : cdSize, true);
  ev.setUint32(16, forceZip64 ? MAX32 : cdOffset, true);
  ev.setUint16(20, comment.length, true);
  eocd.set(comment, 22);
  tail.push(eocd);

  const all = [...parts, ...central, ...tail];
  const out = new Uint8Array(all.reduce((n, c) => n + c.length, 0));
  let p = 0;
  for (const c of all) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.min(Math.max(d.getFullYear(), 1980), 2107);
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/**
 * A small zip writer: whole archives in memory, for tests and for small outputs. Browser-safe.
 * Deflate is fflate's `deflateSync`, so that `buildZip` stays synchronous.
 */
import { deflateSync } from 'fflate';
import { crc32 } from './zip-crc.js';
import {
  centralHeader,
  dosDateTime,
  endRecords,
  localHeader,
  nameFlags,
  type ZipEntryRecord,
} from './zip-records.js';

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
  for (const [name, content] of Object.entries(files)) {
    const data = typeof content === 'string' ? enc.encode(content) : content;
    const method = options.compress ? 8 : 0;
    const body = method === 8 ? deflateSync(data, { level: 6 }) : data;
    const entry: ZipEntryRecord = {
      name: enc.encode(name),
      flags: nameFlags(name),
      method,
      crc: crc32(data),
      compressedSize: body.length,
      size: data.length,
      offset,
      time,
      date,
      isDirectory: name.endsWith('/'),
      zip64: options.zip64,
    };
    const local = localHeader(entry);
    parts.push(local, body);
    central.push(centralHeader(entry));
    offset += local.length + body.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const tail = endRecords(central.length, offset, cdSize, enc.encode(options.comment ?? ''), options.zip64);
  const all = [...parts, ...central, ...tail];
  const out = new Uint8Array(all.reduce((n, c) => n + c.length, 0));
  let p = 0;
  for (const c of all) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

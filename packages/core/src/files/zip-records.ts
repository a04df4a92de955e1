/**
 * The records of a zip archive (local header, central header, end records), shared by the in-memory
 * writer (`buildZip`) and the streaming one (`zipSink`). ZIP64 fields are written when a size or
 * offset needs them (or when forced). Browser-safe.
 */
export const MAX32 = 0xffffffff;

export interface ZipEntryRecord {
  name: Uint8Array;
  /** General purpose flags (0x800: UTF-8 name). */
  flags: number;
  /** 0 stored, 8 deflate. */
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the local header in the archive. */
  offset: number;
  time: number;
  date: number;
  isDirectory?: boolean;
  zip64?: boolean;
}

const needsZip64 = (e: ZipEntryRecord) =>
  e.zip64 === true || e.size >= MAX32 || e.compressedSize >= MAX32 || e.offset >= MAX32;

export function nameFlags(name: string): number {
  return /^[\x20-\x7e]*$/.test(name) ? 0 : 0x800;
}

export function localHeader(e: ZipEntryRecord): Uint8Array {
  const zip64 = needsZip64(e);
  const out = new Uint8Array(30 + e.name.length + (zip64 ? 20 : 0));
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x04034b50, true);
  v.setUint16(4, zip64 ? 45 : 20, true);
  v.setUint16(6, e.flags, true);
  v.setUint16(8, e.method, true);
  v.setUint16(10, e.time, true);
  v.setUint16(12, e.date, true);
  v.setUint32(14, e.crc, true);
  v.setUint32(18, zip64 ? MAX32 : e.compressedSize, true);
  v.setUint32(22, zip64 ? MAX32 : e.size, true);
  v.setUint16(26, e.name.length, true);
  v.setUint16(28, zip64 ? 20 : 0, true);
  out.set(e.name, 30);
  if (zip64) {
    const x = 30 + e.name.length;
    v.setUint16(x, 0x0001, true);
    v.setUint16(x + 2, 16, true);
    v.setBigUint64(x + 4, BigInt(e.size), true);
    v.setBigUint64(x + 12, BigInt(e.compressedSize), true);
  }
  return out;
}

export function centralHeader(e: ZipEntryRecord): Uint8Array {
  const zip64 = needsZip64(e);
  const out = new Uint8Array(46 + e.name.length + (zip64 ? 28 : 0));
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x02014b50, true);
  v.setUint16(4, zip64 ? 45 : 20, true); // made by: MS-DOS attributes, version 2.0 / 4.5
  v.setUint16(6, zip64 ? 45 : 20, true);
  v.setUint16(8, e.flags, true);
  v.setUint16(10, e.method, true);
  v.setUint16(12, e.time, true);
  v.setUint16(14, e.date, true);
  v.setUint32(16, e.crc, true);
  v.setUint32(20, zip64 ? MAX32 : e.compressedSize, true);
  v.setUint32(24, zip64 ? MAX32 : e.size, true);
  v.setUint16(28, e.name.length, true);
  v.setUint16(30, zip64 ? 28 : 0, true);
  v.setUint32(38, e.isDirectory ? 0x10 : 0, true);
  v.setUint32(42, zip64 ? MAX32 : e.offset, true);
  out.set(e.name, 46);
  if (zip64) {
    const x = 46 + e.name.length;
    v.setUint16(x, 0x0001, true);
    v.setUint16(x + 2, 24, true);
    v.setBigUint64(x + 4, BigInt(e.size), true);
    v.setBigUint64(x + 12, BigInt(e.compressedSize), true);
    v.setBigUint64(x + 20, BigInt(e.offset), true);
  }
  return out;
}

/** The ZIP64 end record and locator (when needed or forced) and the end of central directory. */
export function endRecords(
  count: number,
  cdOffset: number,
  cdSize: number,
  comment: Uint8Array,
  forceZip64 = false,
): Uint8Array[] {
  const zip64 = forceZip64 || count >= 0xffff || cdOffset >= MAX32 || cdSize >= MAX32;
  const tail: Uint8Array[] = [];
  if (zip64) {
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
  const eocd = new Uint8Array(22 + comment.length);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, zip64 ? 0xffff : count, true);
  ev.setUint16(10, zip64 ? 0xffff : count, true);
  ev.setUint32(12, zip64 ? MAX32 : cdSize, true);
  ev.setUint32(16, zip64 ? MAX32 : cdOffset, true);
  ev.setUint16(20, comment.length, true);
  eocd.set(comment, 22);
  tail.push(eocd);
  return tail;
}

export function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.min(Math.max(d.getFullYear(), 1980), 2107);
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

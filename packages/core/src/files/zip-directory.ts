/**
 * A zip archive's central directory, read into entries: names (UTF-8, CP437, Info-ZIP Unicode path),
 * sizes and offsets (ZIP64), links and folders; a damaged or hostile directory is a DatasetError.
 */
import { DatasetError } from '../errors.js';
import type { DatasetLimits } from '../limits.js';
import { safeRelativePath } from './paths.js';
import { crc32 } from './zip-crc.js';

const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

export interface ZipEntry {
  /** The name as written in the archive (decoded), for messages. */
  name: string;
  /** The safe, normalised path. */
  path: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  /** Where the entry's data starts, once its local header has been read. */
  dataStart?: number;
  isLink: boolean;
}

/** A 'bad-zip' DatasetError in `archive`. */
export function zipError(archive: string, message: string, place?: string): DatasetError {
  return new DatasetError('bad-zip', message, { file: archive, place });
}

export function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** A 64-bit little-endian size or offset, as a number (one past 2^53 is an error). */
export function u64(v: DataView, at: number, place: string, archive: string): number {
  const n = v.getBigUint64(at, true);
  if (n > BigInt(Number.MAX_SAFE_INTEGER))
    throw zipError(archive, `a size or offset is too large (${n})`, place);
  return Number(n);
}

export function parseCentralDirectory(cd: Uint8Array, total: number, archive: string): ZipEntry[] {
  const fail = (message: string, place?: string) => zipError(archive, message, place);
  const v = view(cd);
  const entries: ZipEntry[] = [];
  let p = 0;
  let records = 0;
  while (p < cd.length) {
    const place = `central directory entry ${records}`;
    if (p + 46 > cd.length || v.getUint32(p, true) !== SIG_CENTRAL) {
      throw fail('damaged central directory: entry signature not found', place);
    }
    const madeBy = v.getUint16(p + 4, true);
    const flags = v.getUint16(p + 8, true);
    const method = v.getUint16(p + 10, true);
    const crc = v.getUint32(p + 16, true);
    let compressedSize = v.getUint32(p + 20, true);
    let size = v.getUint32(p + 24, true);
    const nameLen = v.getUint16(p + 28, true);
    const extraLen = v.getUint16(p + 30, true);
    const commentLen = v.getUint16(p + 32, true);
    const diskStart = v.getUint16(p + 34, true);
    const externalAttrs = v.getUint32(p + 38, true);
    let localOffset = v.getUint32(p + 42, true);
    const end = p + 46 + nameLen + extraLen + commentLen;
    if (end > cd.length) throw fail('damaged central directory: entry runs past its end', place);
    const rawName = cd.subarray(p + 46, p + 46 + nameLen);
    const extra = cd.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen);
    let name = decodeName(rawName, (flags & 0x800) !== 0);

    for (let q = 0; q + 4 <= extra.length; ) {
      const ev = view(extra);
      const id = ev.getUint16(q, true);
      const len = ev.getUint16(q + 2, true);
      const body = extra.subarray(q + 4, Math.min(q + 4 + len, extra.length));
      const bv = view(body);
      if (id === 0x0001) {
        // ZIP64 extended information: only the fields that are maxed out in the header, in order.
        let r = 0;
        const next = (what: string): number => {
          if (r + 8 > body.length) throw fail(`ZIP64 extra field lacks the ${what}`, name);
          const n = u64(bv, r, name, archive);
          r += 8;
          return n;
        };
        if (size === 0xffffffff) size = next('uncompressed size');
        if (compressedSize === 0xffffffff) compressedSize = next('compressed size');
        if (localOffset === 0xffffffff) localOffset = next('local header offset');
      } else if (id === 0x7075 && body.length > 5 && body[0] === 1) {
        // Info-ZIP Unicode path: a UTF-8 name, valid while it matches the header name's CRC.
        if (bv.getUint32(1, true) === crc32(rawName)) name = new TextDecoder().decode(body.subarray(5));
      }
      q += 4 + len;
    }
    if (diskStart !== 0 && diskStart !== 0xffff)
      throw fail('archives split over several disks are not supported', name);

    // A name with control characters (a damaged directory, or a hostile one) is refused as it is
    // quoted, so the message stays on one line.
    if (/\p{Cc}/u.test(name)) {
      throw new DatasetError(
        'unsafe-path',
        `an entry name holds control characters: ${JSON.stringify(name)}`,
        {
          file: archive,
          place,
        },
      );
    }
    const unixMode = madeBy >> 8 === 3 ? externalAttrs >>> 16 : 0;
    const isDir = name.endsWith('/') || name.endsWith('\\') || (unixMode & 0o170000) === 0o040000;
    if (!isDir) {
      const path = safeRelativePath(name, { file: archive, place: name });
      entries.push({
        name,
        path,
        method,
        flags,
        crc,
        compressedSize,
        size,
        localOffset,
        isLink: (unixMode & 0o170000) === 0o120000,
      });
    } else {
      // A folder's name must be safe too: it says where its (absent) files would go.
      safeRelativePath(name, { file: archive, place: name });
    }
    p = end;
    records++;
  }
  // Writers without ZIP64 wrap the 16-bit count past 65535 entries: compare what survives of it.
  if (records % 0x10000 !== total % 0x10000) {
    throw fail(`damaged central directory: ${records} entries, the end record says ${total}`);
  }
  return entries;
}

/** Entries that declare more inflated bytes than the limits allow (a zip bomb?) are a DatasetError. */
export function checkBomb(
  entries: ZipEntry[],
  archiveSize: number,
  limits: DatasetLimits,
  archive: string,
): void {
  let total = 0;
  for (const e of entries) total += e.size;
  const { maxZipInflated, maxZipRatio } = limits;
  if (total > maxZipInflated) {
    throw new DatasetError(
      'too-large',
      `the entries declare ${total} bytes inflated, over the limit of ${maxZipInflated} (limits.maxZipInflated)`,
      { file: archive },
    );
  }
  if (total > 64 * 2 ** 20 && total > archiveSize * maxZipRatio) {
    throw new DatasetError(
      'too-large',
      `the entries declare ${total} bytes inflated from a ${archiveSize}-byte archive, over ${maxZipRatio}:1 (limits.maxZipRatio): a zip bomb?`,
      { file: archive },
    );
  }
}

/** The end of central directory record (ZIP64's where there is one): where the directory is. */
export async function readEndRecord(
  size: number,
  readExact: (offset: number, length: number, place?: string) => Promise<Uint8Array>,
  archive: string,
): Promise<{ cdOffset: number; cdSize: number; total: number }> {
  const fail = (message: string, place?: string) => zipError(archive, message, place);
  if (size < EOCD_SIZE) {
    throw fail(`not a zip archive (or truncated): ${size} bytes, no end of central directory`);
  }
  const tailStart = Math.max(0, size - (MAX_COMMENT + EOCD_SIZE));
  const tail = await readExact(tailStart, size - tailStart);
  const v = view(tail);
  let at = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (
      tail[i] === 0x50 &&
      v.getUint32(i, true) === SIG_EOCD &&
      i + EOCD_SIZE + v.getUint16(i + 20, true) <= tail.length
    ) {
      at = i;
      break;
    }
  }
  if (at < 0) throw fail('not a zip archive (or truncated): no end of central directory record');
  const eocdPos = tailStart + at;
  const disk = v.getUint16(at + 4, true);
  const cdDisk = v.getUint16(at + 6, true);
  let total = v.getUint16(at + 10, true);
  let cdSize = v.getUint32(at + 12, true);
  let cdOffset = v.getUint32(at + 16, true);

  // ZIP64: a locator just before the EOCD points at the ZIP64 EOCD record with 64-bit fields.
  let zip64 = false;
  if (eocdPos >= 20) {
    const loc = eocdPos - tailStart >= 20 ? tail.subarray(at - 20, at) : await readExact(eocdPos - 20, 20);
    const lv = view(loc);
    if (lv.getUint32(0, true) === SIG_ZIP64_LOCATOR) {
      zip64 = true;
      const recOffset = u64(lv, 8, 'ZIP64 end of central directory locator', archive);
      const rec = await readExact(recOffset, 56, 'ZIP64 end of central directory');
      const rv = view(rec);
      if (rv.getUint32(0, true) !== SIG_ZIP64_EOCD) {
        throw fail('ZIP64 end of central directory record not found where its locator points');
      }
      if (rv.getUint32(16, true) !== 0 || rv.getUint32(20, true) !== 0 || lv.getUint32(16, true) > 1) {
        throw fail('archives split over several disks are not supported');
      }
      total = u64(rv, 32, 'ZIP64 end of central directory', archive);
      cdSize = u64(rv, 40, 'ZIP64 end of central directory', archive);
      cdOffset = u64(rv, 48, 'ZIP64 end of central directory', archive);
    }
  }
  if (!zip64 && (disk !== 0 || cdDisk !== 0))
    throw fail('archives split over several disks are not supported');
  if (cdOffset + cdSize > size) {
    throw fail(
      `truncated archive: the central directory ends at ${cdOffset + cdSize}, the archive at ${size}`,
    );
  }
  return { cdOffset, cdSize, total };
}

// Code page 437 above 0x7f: the encoding of zip names without the UTF-8 flag, per the specification.
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

/**
 * A name without the UTF-8 flag is CP437 by the specification, but macOS, Linux `zip` and many
 * libraries write UTF-8 without setting the flag. Non-ASCII bytes that form valid UTF-8 are almost
 * never meaningful CP437, so those are read as UTF-8; the rest as CP437.
 */
function decodeName(raw: Uint8Array, utf8Flag: boolean): string {
  if (utf8Flag) return new TextDecoder().decode(raw);
  let ascii = true;
  for (const b of raw) if (b > 0x7f) ascii = false;
  if (ascii) return new TextDecoder().decode(raw);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    let s = '';
    for (const b of raw) s += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80];
    return s;
  }
}

/**
 * Image sizes from file headers, without decoding pixels: PNG, JPEG, BMP, GIF, WebP and TIFF.
 * The parsers read bytes through a sparse view; when they need bytes it does not have, a
 * `NeedBytes` is thrown, which `imageSizeFromHeader` answers with `undefined` and `readImageSize`
 * answers by reading those bytes (a JPEG's SOF after a large EXIF block, a TIFF's IFD at the end
 * of the file) and parsing again.
 */
import type { FileTree } from '../files/tree.js';

export interface ImageInfo {
  format: 'png' | 'jpeg' | 'bmp' | 'gif' | 'webp' | 'tiff';
  /** The stored size: EXIF orientation is not applied. */
  width: number;
  height: number;
  /** EXIF orientation (1..8) of a JPEG, when present; 5..8 mean the image displays rotated by 90°. */
  orientation?: number;
}

/**
 * File extensions (lower case, with the dot) of images: Datumaro's list, so that image folders
 * hold the same images as in Datumaro, plus `.gif` and `.jfif`. Sizes are read for PNG, JPEG, BMP,
 * GIF, WebP and TIFF; `readImageSize` gives undefined for the others (JPEG 2000, TGA, EXR, PNM...).
 */
export const IMAGE_EXTENSIONS: readonly string[] = Object.freeze([
  '.jpg',
  '.jpeg',
  '.jpe',
  '.jfif',
  '.png',
  '.bmp',
  '.dib',
  '.gif',
  '.webp',
  '.tif',
  '.tiff',
  '.jp2',
  '.tga',
  '.pfm',
  '.sr',
  '.ras',
  '.exr',
  '.hdr',
  '.pic',
  '.pbm',
  '.pgm',
  '.ppm',
  '.pxm',
  '.pnm',
]);

/** Size from the first bytes of an image file; undefined when the bytes are not a known image or too short. */
export function imageSizeFromHeader(bytes: Uint8Array): ImageInfo | undefined {
  try {
    return parseImage(new SparseBytes([{ start: 0, bytes }], false));
  } catch (e) {
    if (e instanceof NeedBytes) return undefined;
    throw e;
  }
}

/** First read of a file: enough for every format's header, and for most JPEGs' SOF. */
const FIRST_READ = 4096;
/**
 * Later reads fetch at least this much from where the parser asked: JPEG segments before the SOF are
 * mostly small, and a large one is skipped, not read, so a fixed window serves better than a growing one.
 */
const MIN_READ = 8192;
/** A file that needs more reads than this (a JPEG of hundreds of segments) is given up on. */
const MAX_READS = 64;

/**
 * Reads just enough of `path` in `tree` (readRange, more where a JPEG's SOF or a TIFF's IFD lies far
 * in) to get the size; undefined when the file is not an image of a known format, or damaged.
 * A missing file is the tree's DatasetError 'not-found'.
 */
export async function readImageSize(tree: FileTree, path: string): Promise<ImageInfo | undefined> {
  const first = await tree.readRange(path, 0, FIRST_READ);
  const chunks: Chunk[] = [{ start: 0, bytes: first }];
  // A short first read is the whole file: nothing lies beyond it.
  let fileEnd = first.length < FIRST_READ ? first.length : Number.POSITIVE_INFINITY;
  for (let reads = 1; ; reads++) {
    try {
      return parseImage(new SparseBytes(chunks, true));
    } catch (e) {
      if (!(e instanceof NeedBytes)) throw e;
      if (reads >= MAX_READS || e.offset + e.length > fileEnd) return undefined;
      const start = e.offset;
      const want = Math.max(e.length, MIN_READ);
      const bytes = await tree.readRange(path, start, start + want);
      if (bytes.length < want) fileEnd = Math.min(fileEnd, start + bytes.length);
      if (bytes.length < e.length) return undefined;
      chunks.push({ start, bytes });
    }
  }
}

interface Chunk {
  start: number;
  bytes: Uint8Array;
}

/** Thrown by the parsers for bytes [offset, offset + length) they need and do not have. */
class NeedBytes {
  constructor(
    readonly offset: number,
    readonly length: number,
  ) {}
}

/** Known byte ranges of a file; reading outside them throws NeedBytes. */
class SparseBytes {
  constructor(
    private readonly chunks: Chunk[],
    /** Whether more bytes can be had (readImageSize) or these are all there is (imageSizeFromHeader). */
    readonly canGrow: boolean,
  ) {}

  /** The view and position within it holding [offset, offset + length). */
  private at(offset: number, length: number): [DataView, number] {
    for (const c of this.chunks) {
      if (offset >= c.start && offset + length <= c.start + c.bytes.length) {
        return [new DataView(c.bytes.buffer, c.bytes.byteOffset, c.bytes.byteLength), offset - c.start];
      }
    }
    throw new NeedBytes(offset, length);
  }
  u8(o: number): number {
    const [v, i] = this.at(o, 1);
    return v.getUint8(i);
  }
  u16(o: number, le: boolean): number {
    const [v, i] = this.at(o, 2);
    return v.getUint16(i, le);
  }
  u24le(o: number): number {
    return this.u16(o, true) | (this.u8(o + 2) << 16);
  }
  u32(o: number, le: boolean): number {
    const [v, i] = this.at(o, 4);
    return v.getUint32(i, le);
  }
  i32le(o: number): number {
    const [v, i] = this.at(o, 4);
    return v.getInt32(i, true);
  }
  u64le(o: number): number {
    const [v, i] = this.at(o, 8);
    return Number(v.getBigUint64(i, true));
  }
  ascii(o: number, n: number): string {
    let s = '';
    for (let k = 0; k < n; k++) s += String.fromCharCode(this.u8(o + k));
    return s;
  }
}

function parseImage(b: SparseBytes): ImageInfo | undefined {
  // Two bytes tell the formats apart; fewer than that is too short to say anything.
  const b0 = b.u8(0);
  const b1 = b.u8(1);
  let info: ImageInfo | undefined;
  if (b0 === 0x89 && b1 === 0x50) info = parsePng(b);
  else if (b0 === 0xff && b1 === 0xd8) info = parseJpeg(b);
  else if (b0 === 0x42 && b1 === 0x4d) info = parseBmp(b);
  else if (b0 === 0x47 && b1 === 0x49) info = parseGif(b);
  else if (b0 === 0x52 && b1 === 0x49) info = parseWebp(b);
  else if ((b0 === 0x49 && b1 === 0x49) || (b0 === 0x4d && b1 === 0x4d)) info = parseTiff(b);
  return info && info.width > 0 && info.height > 0 ? info : undefined;
}

function parsePng(b: SparseBytes): ImageInfo | undefined {
  if (b.ascii(0, 8) !== '\x89PNG\r\n\x1a\n') return undefined;
  let at = 8;
  // Apple's "optimised" PNGs put a CgBI chunk before IHDR.
  if (b.ascii(at + 4, 4) === 'CgBI') at += 12 + b.u32(at, false);
  if (b.ascii(at + 4, 4) !== 'IHDR') return undefined;
  return { format: 'png', width: b.u32(at + 8, false), height: b.u32(at + 12, false) };
}

function parseGif(b: SparseBytes): ImageInfo | undefined {
  const sig = b.ascii(0, 6);
  if (sig !== 'GIF87a' && sig !== 'GIF89a') return undefined;
  return { format: 'gif', width: b.u16(6, true), height: b.u16(8, true) };
}

function parseBmp(b: SparseBytes): ImageInfo | undefined {
  const headerSize = b.u32(14, true);
  if (headerSize === 12) {
    // BITMAPCOREHEADER (OS/2 1.x): unsigned 16-bit sizes.
    return { format: 'bmp', width: b.u16(18, true), height: b.u16(20, true) };
  }
  if (headerSize < 16 || headerSize > 256) return undefined;
  // BITMAPINFOHEADER and its successors (V4, V5, OS/2 2.x): signed 32-bit; height < 0 is top-down.
  return { format: 'bmp', width: b.i32le(18), height: Math.abs(b.i32le(22)) };
}

function parseWebp(b: SparseBytes): ImageInfo | undefined {
  if (b.ascii(0, 4) !== 'RIFF' || b.ascii(8, 4) !== 'WEBP') return undefined;
  const chunk = b.ascii(12, 4);
  if (chunk === 'VP8 ') {
    // Lossy: a 3-byte frame tag, the start code 9d 01 2a, then 14-bit sizes (2 bits of scale above).
    if (b.u8(23) !== 0x9d || b.u8(24) !== 0x01 || b.u8(25) !== 0x2a) return undefined;
    return { format: 'webp', width: b.u16(26, true) & 0x3fff, height: b.u16(28, true) & 0x3fff };
  }
  if (chunk === 'VP8L') {
    // Lossless: signature 0x2f, then width - 1 and height - 1 in 14 bits each, LSB first.
    if (b.u8(20) !== 0x2f) return undefined;
    const bits = b.u32(21, true);
    return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') {
    // Extended: flags (4 bytes), then canvas width - 1 and height - 1 in 24 bits each.
    return { format: 'webp', width: b.u24le(24) + 1, height: b.u24le(27) + 1 };
  }
  return undefined;
}

function parseTiff(b: SparseBytes): ImageInfo | undefined {
  const le = b.u8(0) === 0x49;
  const version = b.u16(2, le);
  const info =
    version === 42
      ? tiffIfd(b, b.u32(4, le), le, false)
      : version === 43
        ? tiffIfd(b, b.u64le(8), le, true)
        : undefined;
  if (!info) return undefined;
  const { width, height } = info;
  return width !== undefined && height !== undefined ? { format: 'tiff', width, height } : undefined;
}

/** Width (256) and height (257) from a TIFF IFD (BigTIFF when `big`); `orientation` (274) too. */
function tiffIfd(
  b: SparseBytes,
  ifd: number,
  le: boolean,
  big: boolean,
): { width?: number; height?: number; orientation?: number } | undefined {
  if (big && !le) return undefined; // BigTIFF is read little-endian only (u64le); big-endian BigTIFF is rare
  const count = big ? b.u64le(ifd) : b.u16(ifd, le);
  const entrySize = big ? 20 : 12;
  const first = ifd + (big ? 8 : 2);
  if (count > 4096) return undefined;
  const out: { width?: number; height?: number; orientation?: number } = {};
  for (let k = 0; k < count; k++) {
    const e = first + k * entrySize;
    const tag = b.u16(e, le);
    if (tag !== 256 && tag !== 257 && tag !== 274) continue;
    const type = b.u16(e + 2, le);
    const valueAt = e + (big ? 12 : 8);
    // SHORT (3), LONG (4) or BigTIFF's LONG8 (16): a single value, stored in the entry itself.
    const value =
      type === 3
        ? b.u16(valueAt, le)
        : type === 4
          ? b.u32(valueAt, le)
          : type === 16 && big
            ? b.u64le(valueAt)
            : undefined;
    if (value === undefined) continue;
    if (tag === 256) out.width = value;
    else if (tag === 257) out.height = value;
    else out.orientation = value;
    if (out.width !== undefined && out.height !== undefined && out.orientation !== undefined) break;
  }
  return out;
}

function parseJpeg(b: SparseBytes): ImageInfo | undefined {
  let pos = 2;
  let orientation: number | undefined;
  let garbage = 0;
  for (;;) {
    // A marker: 0xFF, any number of 0xFF fill bytes, then the marker code.
    if (b.u8(pos) !== 0xff) {
      // Garbage between segments (written by some cameras): skipped to the next 0xFF, as libjpeg
      // does, but not for long: a file of no markers is not a JPEG worth reading through.
      if (++garbage > 4096) return undefined;
      pos++;
      continue;
    }
    garbage = 0;
    let m = b.u8(pos + 1);
    pos += 2;
    while (m === 0xff) m = b.u8(pos++);
    if (m === 0x00 || m === 0x01 || (m >= 0xd0 && m <= 0xd8)) continue; // no length: stuffed zero, TEM, RSTn, SOI
    if (m === 0xd9 || m === 0xda) return undefined; // EOI or SOS before any SOF: no size to be had
    const len = b.u16(pos, false);
    if (len < 2) return undefined;
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
      // SOFn: length, precision, height, width. A height of 0 (defined later by DNL) is not known.
      const height = b.u16(pos + 3, false);
      const width = b.u16(pos + 5, false);
      return { format: 'jpeg', width, height, ...(orientation === undefined ? {} : { orientation }) };
    }
    if (m === 0xe1 && orientation === undefined) orientation = exifOrientation(b, pos + 2, len - 2);
    pos += len;
  }
}

/** The orientation tag of an APP1 Exif segment's IFD0, if it is at hand; parsing it is best effort. */
function exifOrientation(b: SparseBytes, start: number, length: number): number | undefined {
  try {
    if (length < 14 || b.ascii(start, 6) !== 'Exif\0\0') return undefined;
    const tiff = start + 6;
    const order = b.u16(tiff, false);
    if (order !== 0x4949 && order !== 0x4d4d) return undefined;
    const le = order === 0x4949;
    if (b.u16(tiff + 2, le) !== 42) return undefined;
    const ifd = tiff + b.u32(tiff + 4, le);
    // Stay inside the segment: a damaged offset must not send readImageSize across the file.
    if (ifd + 2 > start + length || ifd + 2 + b.u16(ifd, le) * 12 > start + length) return undefined;
    // Tags are relative to the TIFF header; only in-entry values are read, so offsets need no fixing.
    const o = tiffIfd(b, ifd, le, false)?.orientation;
    return o !== undefined && o >= 1 && o <= 8 ? o : undefined;
  } catch (e) {
    // Without more bytes to be had, the size matters more than the orientation.
    if (e instanceof NeedBytes && !b.canGrow) return undefined;
    throw e;
  }
}

import { DatasetError } from '../errors.js';
import { crc32 } from '../files/zip-crc.js';
import { checkPixels, type DatasetLimits } from '../limits.js';
import { adam7Passes } from './adam7.js';
import { unfilterRows } from './filter.js';
import { channelsOf, checkSignature, parseIhdr, readUint32 } from './header.js';
import { unpackSamples } from './samples.js';
import type { DecodedPng, PngHeader } from './types.js';
import { inflateZlib, type ZlibChoice } from './zlib.js';

/** Options of `decodePng`. */
export interface DecodePngOptions {
  /** 'auto' (default): Node's native zlib where the runtime has it, else fflate; 'js': always fflate. */
  zlib?: ZlibChoice;
  /** The pixel limit (limits.maxPixels): a larger declared size is 'too-large', before any allocation. */
  limits?: DatasetLimits;
}

/**
 * Decodes a PNG of any colour type, bit depth and interlacing to its raw samples (see DecodedPng):
 * palette images give indices plus the palette, 16-bit images a Uint16Array. Every chunk's CRC is
 * checked. A file that is not a PNG, is truncated, or is corrupt throws DatasetError 'bad-png'.
 */
export function decodePng(bytes: Uint8Array, options: DecodePngOptions = {}): DecodedPng {
  checkSignature(bytes);
  let header: PngHeader | undefined;
  let palette: [number, number, number][] | undefined;
  let transparency: number[] | undefined;
  const idat: Uint8Array[] = [];
  let idatLength = 0;
  let ended = false;
  let pos = 8;
  while (pos < bytes.length) {
    if (pos + 12 > bytes.length) throw new DatasetError('bad-image', `truncated chunk at byte ${pos}`);
    const length = readUint32(bytes, pos);
    const type = String.fromCharCode(bytes[pos + 4], bytes[pos + 5], bytes[pos + 6], bytes[pos + 7]);
    const start = pos + 8;
    const end = start + length;
    if (length > 0x7fffffff || end + 4 > bytes.length) {
      throw new DatasetError(
        'bad-image',
        `truncated data: chunk ${JSON.stringify(type)} at byte ${pos} needs ${length} bytes`,
      );
    }
    if (crc32(bytes.subarray(pos + 4, end)) !== readUint32(bytes, end)) {
      throw new DatasetError('bad-image', `bad CRC in chunk ${JSON.stringify(type)} at byte ${pos}`);
    }
    pos = end + 4;
    if (header === undefined && type !== 'IHDR')
      throw new DatasetError('bad-image', `first chunk is ${type}, not IHDR`);
    switch (type) {
      case 'IHDR':
        if (header !== undefined) throw new DatasetError('bad-image', 'more than one IHDR chunk');
        if (length !== 13) throw new DatasetError('bad-image', `IHDR chunk has ${length} bytes, expected 13`);
        header = parseIhdr(bytes, start);
        break;
      case 'PLTE':
        if (length % 3 !== 0 || length === 0 || length > 768) {
          throw new DatasetError('bad-image', `PLTE chunk has ${length} bytes, not 3 to 768 in steps of 3`);
        }
        palette = [];
        for (let i = start; i < end; i += 3) palette.push([bytes[i], bytes[i + 1], bytes[i + 2]]);
        break;
      case 'tRNS':
        transparency = readTransparency(bytes.subarray(start, end), header!);
        break;
      case 'IDAT':
        idat.push(bytes.subarray(start, end));
        idatLength += length;
        break;
      case 'IEND':
        ended = true;
        break;
      default:
        // an unknown critical chunk (upper-case first letter) cannot be skipped safely
        if ((bytes[start - 4] & 0x20) === 0)
          throw new DatasetError('bad-image', `unknown critical chunk ${type}`);
    }
    if (ended) break;
  }
  if (header === undefined) throw new DatasetError('bad-image', 'no IHDR chunk');
  if (!ended) throw new DatasetError('bad-image', 'truncated data: no IEND chunk');
  if (header.colorType === 'palette' && palette === undefined) {
    throw new DatasetError('bad-image', 'palette image without a PLTE chunk');
  }
  if (idatLength === 0) throw new DatasetError('bad-image', 'no image data (IDAT)');

  const { width, height, bitDepth, colorType, interlaced } = header;
  // A header may declare 65535x65535 over a few bytes of data: refused before inflating or allocating.
  checkPixels(width, height, undefined, options.limits);
  const channels = channelsOf(colorType);
  const bitsPerPixel = channels * bitDepth;
  const bpp = Math.max(1, bitsPerPixel >> 3);
  const rowBytesOf = (w: number) => Math.ceil((w * bitsPerPixel) / 8);
  const passes = interlaced ? adam7Passes(width, height) : [{ x0: 0, y0: 0, dx: 1, dy: 1, width, height }];
  let expected = 0;
  for (const p of passes) if (p.width > 0 && p.height > 0) expected += p.height * (1 + rowBytesOf(p.width));

  const raw = inflate(idat, idatLength, expected, options.zlib ?? 'auto');
  let data: Uint8Array | Uint16Array;
  if (!interlaced) {
    const rowBytes = rowBytesOf(width);
    const packed = new Uint8Array(height * rowBytes);
    unfilterRows(raw, 0, height, rowBytes, bpp, packed, 0);
    data = unpackSamples(packed, height, rowBytes, width * channels, bitDepth);
  } else {
    data =
      bitDepth === 16
        ? new Uint16Array(width * height * channels)
        : new Uint8Array(width * height * channels);
    let s = 0;
    for (const p of passes) {
      if (p.width === 0 || p.height === 0) continue;
      const rowBytes = rowBytesOf(p.width);
      const packed = new Uint8Array(p.height * rowBytes);
      s = unfilterRows(raw, s, p.height, rowBytes, bpp, packed, 0);
      const samples = unpackSamples(packed, p.height, rowBytes, p.width * channels, bitDepth);
      let k = 0;
      for (let j = 0; j < p.height; j++) {
        const y = p.y0 + j * p.dy;
        for (let i = 0; i < p.width; i++) {
          const o = (y * width + p.x0 + i * p.dx) * channels;
          for (let c = 0; c < channels; c++) data[o + c] = samples[k++];
        }
      }
    }
  }
  const out: DecodedPng = { width, height, bitDepth, colorType, channels, data };
  if (palette !== undefined) out.palette = palette;
  if (transparency !== undefined) out.transparency = transparency;
  return out;
}

function inflate(parts: Uint8Array[], length: number, expected: number, choice: ZlibChoice): Uint8Array {
  let joined: Uint8Array;
  if (parts.length === 1) joined = parts[0];
  else {
    joined = new Uint8Array(length);
    let o = 0;
    for (const p of parts) {
      joined.set(p, o);
      o += p.length;
    }
  }
  let raw: Uint8Array;
  try {
    // the output is limited to the expected size, so a "zip bomb" cannot grow it
    raw = inflateZlib(joined, expected, choice);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new DatasetError('bad-image', `corrupt image data: ${message}`, { cause: e });
  }
  if (raw.length < expected) {
    throw new DatasetError(
      'bad-image',
      `truncated data: image data has ${raw.length} bytes, expected ${expected}`,
    );
  }
  return raw;
}

function readTransparency(t: Uint8Array, header: PngHeader): number[] {
  switch (header.colorType) {
    case 'palette':
      if (t.length > 256)
        throw new DatasetError('bad-image', `tRNS chunk has ${t.length} entries, more than 256`);
      return Array.from(t);
    case 'gray':
      if (t.length !== 2)
        throw new DatasetError('bad-image', `tRNS chunk of a gray image has ${t.length} bytes, expected 2`);
      return [(t[0] << 8) | t[1]];
    case 'rgb':
      if (t.length !== 6)
        throw new DatasetError('bad-image', `tRNS chunk of an rgb image has ${t.length} bytes, expected 6`);
      return [(t[0] << 8) | t[1], (t[2] << 8) | t[3], (t[4] << 8) | t[5]];
    default:
      throw new DatasetError(
        'bad-image',
        `tRNS chunk in a ${header.colorType} image (it has an alpha channel)`,
      );
  }
}

/**
 * A small BMP codec for ICDAR's `N_GT.bmp` colour masks (a candidate for core): reads uncompressed
 * 1/4/8-bit palette, 16-bit (5-5-5), 24-bit and 32-bit images, bottom-up or top-down, and
 * BI_BITFIELDS with the usual channel masks; writes 24-bit, as OpenCV does.
 */
import { allocatePixels, DatasetError, type DatasetLimits } from '@labelport/core';

/** Decoded pixels as RGB triples, row-major from the top. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A BMP that cannot be read: a DatasetError ('bad-image'; the caller adds the file). */
const bmpError = (message: string) => new DatasetError('bad-image', message);

const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;

export function isBmp(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x42 && bytes[1] === 0x4d;
}

function maskShift(mask: number): { shift: number; bits: number } {
  if (mask === 0) return { shift: 0, bits: 0 };
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  let bits = 0;
  while (((mask >>> (shift + bits)) & 1) === 1) bits++;
  return { shift, bits };
}

interface BmpHeader {
  width: number;
  height: number;
  topDown: boolean;
  bitCount: number;
  compression: number;
  colorsUsed: number;
  headerSize: number;
  dataOffset: number;
}

function readHeader(bytes: Uint8Array, view: DataView): BmpHeader {
  if (!isBmp(bytes)) throw bmpError('not a BMP file (no BM signature)');
  if (bytes.length < 26) throw bmpError('the BMP header is cut short');
  const dataOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  let width: number;
  let height: number;
  let bitCount: number;
  let compression = BI_RGB;
  let colorsUsed = 0;
  if (headerSize === 12) {
    width = view.getUint16(18, true);
    height = view.getInt16(20, true);
    bitCount = view.getUint16(24, true);
  } else if (headerSize >= 40) {
    if (bytes.length < 14 + 40) throw bmpError('the BMP header is cut short');
    width = view.getInt32(18, true);
    height = view.getInt32(22, true);
    bitCount = view.getUint16(28, true);
    compression = view.getUint32(30, true);
    colorsUsed = view.getUint32(46, true);
  } else {
    throw bmpError(`unknown BMP header size ${headerSize}`);
  }
  const topDown = height < 0;
  height = Math.abs(height);
  if (width <= 0 || height === 0 || width * height > 1 << 28)
    throw bmpError(`bad BMP size ${width}x${height}`);
  if (compression !== BI_RGB && compression !== BI_BITFIELDS && compression !== BI_ALPHABITFIELDS) {
    throw bmpError(`compressed BMPs (compression ${compression}) are not supported`);
  }
  return { width, height, topDown, bitCount, compression, colorsUsed, headerSize, dataOffset };
}

/** The channel masks of a 16 or 32-bit image (the usual ones, or the header's bit fields). */
function channelMasks(bytes: Uint8Array, view: DataView, h: BmpHeader) {
  if (h.bitCount !== 16 && h.bitCount !== 32) {
    if (h.compression !== BI_RGB)
      throw bmpError(`bit fields with ${h.bitCount} bits per pixel are not supported`);
    return undefined;
  }
  if (h.compression === BI_RGB)
    return (h.bitCount === 16 ? [0x7c00, 0x03e0, 0x001f] : [0xff0000, 0x00ff00, 0x0000ff]).map(maskShift);
  const at = h.headerSize >= 52 ? 14 + 40 : 14 + h.headerSize;
  if (bytes.length < at + 12) throw bmpError('the BMP channel masks are cut short');
  return [view.getUint32(at, true), view.getUint32(at + 4, true), view.getUint32(at + 8, true)].map(
    maskShift,
  );
}

/** The palette of a 1, 4 or 8-bit image as RGB triples (256 of them). */
function readPalette(bytes: Uint8Array, h: BmpHeader): Uint8Array | undefined {
  if (h.bitCount > 8) {
    if (![16, 24, 32].includes(h.bitCount)) throw bmpError(`${h.bitCount} bits per pixel are not supported`);
    return undefined;
  }
  if (![1, 4, 8].includes(h.bitCount)) throw bmpError(`${h.bitCount} bits per pixel are not supported`);
  const entries = h.colorsUsed || 1 << h.bitCount;
  const entrySize = h.headerSize === 12 ? 3 : 4;
  const at = 14 + h.headerSize;
  if (bytes.length < at + entries * entrySize) throw bmpError('the BMP palette is cut short');
  const palette = new Uint8Array(256 * 3);
  for (let i = 0; i < entries && i < 256; i++) {
    const p = at + i * entrySize;
    palette[i * 3] = bytes[p + 2];
    palette[i * 3 + 1] = bytes[p + 1];
    palette[i * 3 + 2] = bytes[p];
  }
  return palette;
}

type Channels = { shift: number; bits: number }[];

/** One row of pixels into `out` at `o` (RGB triples). */
function decodeRow(
  bytes: Uint8Array,
  view: DataView,
  h: BmpHeader,
  row: number,
  out: Uint8Array,
  o: number,
  palette: Uint8Array | undefined,
  channels: Channels | undefined,
) {
  const { bitCount } = h;
  for (let x = 0; x < h.width; x++, o += 3) {
    if (palette) {
      const bit = x * bitCount;
      const byte = bytes[row + (bit >> 3)];
      const index = bitCount === 8 ? byte : (byte >> (8 - bitCount - (bit & 7))) & ((1 << bitCount) - 1);
      out[o] = palette[index * 3];
      out[o + 1] = palette[index * 3 + 1];
      out[o + 2] = palette[index * 3 + 2];
    } else if (bitCount === 24) {
      const p = row + x * 3;
      out[o] = bytes[p + 2];
      out[o + 1] = bytes[p + 1];
      out[o + 2] = bytes[p];
    } else {
      const v = bitCount === 16 ? view.getUint16(row + x * 2, true) : view.getUint32(row + x * 4, true);
      for (let c = 0; c < 3; c++) {
        const { shift, bits } = (channels as Channels)[c];
        const raw = bits === 0 ? 0 : (v >>> shift) & (2 ** bits - 1);
        out[o + c] =
          bits >= 8 ? raw >>> (bits - 8) : bits === 0 ? 0 : Math.round((raw * 255) / (2 ** bits - 1));
      }
    }
  }
}

/** Decodes a BMP to RGB; a file it cannot read is a DatasetError 'bad-image'. */
export function decodeBmp(bytes: Uint8Array, limits?: DatasetLimits): RgbImage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = readHeader(bytes, view);
  const channels = channelMasks(bytes, view, h);
  const palette = readPalette(bytes, h);
  const { width, height, bitCount, dataOffset } = h;
  const stride = Math.ceil((width * bitCount) / 32) * 4;
  if (dataOffset + stride * (height - 1) + Math.ceil((width * bitCount) / 8) > bytes.length) {
    throw bmpError(`the BMP pixel data is cut short (${bytes.length} bytes for ${width}x${height})`);
  }
  const out = allocatePixels(width, height, { place: 'pixel data' }, { channels: 3, limits });
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (h.topDown ? y : height - 1 - y) * stride;
    decodeRow(bytes, view, h, row, out, y * width * 3, palette, channels);
  }
  return { width, height, data: out };
}

/** A 24-bit bottom-up BMP (BITMAPINFOHEADER), as OpenCV's imwrite writes it. */
export function encodeBmp24(image: RgbImage): Uint8Array {
  const { width, height, data } = image;
  const stride = Math.ceil((width * 3) / 4) * 4;
  const size = 54 + stride * height;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out[0] = 0x42;
  out[1] = 0x4d;
  view.setUint32(2, size, true);
  view.setUint32(10, 54, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  view.setUint32(30, BI_RGB, true);
  view.setUint32(34, stride * height, true);
  for (let y = 0; y < height; y++) {
    const row = 54 + (height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      out[row + x * 3] = data[i + 2];
      out[row + x * 3 + 1] = data[i + 1];
      out[row + x * 3 + 2] = data[i];
    }
  }
  return out;
}

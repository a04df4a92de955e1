/**
 * Label Studio's brush RLE (the `rle` of a `brushlabels` result): thi.ng's rle-pack over the RGBA bytes
 * of the image, row-major, as label-studio-converter's brush.py decodes it. A bit stream, most
 * significant bit first:
 *   32 bits  the number of values (width x height x 4)
 *    5 bits  the word size - 1 (8 bits per value in Label Studio's masks)
 *   4x4 bits the four run-length sizes - 1 (3, 4, 8, 16 bits)
 * then chunks until every value is given: 1 bit (1: a run, 0: literal values), 2 bits (which run-length
 * size), that many bits (the chunk's length - 1), then one value for a run or `length` values. A pixel
 * is set where its alpha (every fourth value) is not 0, as brush.py reads it.
 */
import {
  allocatePixels,
  type BinaryMask,
  checkPixels,
  DatasetError,
  type DatasetLimits,
} from '@labelport/core';

interface Where {
  file: string;
  place: string;
}

/** Reads bits most significant first; reading past the end is a DatasetError at `where`. */
class BitReader {
  private pos = 0;
  private readonly bits: number;

  constructor(
    private readonly data: Uint8Array,
    private readonly where: Where,
  ) {
    this.bits = data.length * 8;
  }

  read(n: number, what: string): number {
    if (this.pos + n > this.bits) {
      throw new DatasetError('bad-value', `the brush RLE ends early (in ${what})`, this.where);
    }
    const { data } = this;
    let v = 0;
    let pos = this.pos;
    for (let k = 0; k < n; k++, pos++) v = v * 2 + ((data[pos >> 3]! >> (7 - (pos & 7))) & 1);
    this.pos = pos;
    return v;
  }
}

/** The RLE as bytes; anything but a list of integers 0..255 is a DatasetError. */
function rleBytes(rle: unknown, where: Where): Uint8Array {
  if (!Array.isArray(rle)) {
    throw new DatasetError('bad-value', 'the brush RLE is not a list of bytes', where);
  }
  const out = new Uint8Array(rle.length);
  for (let i = 0; i < rle.length; i++) {
    const b = rle[i];
    if (typeof b !== 'number' || !Number.isInteger(b) || b < 0 || b > 255) {
      throw new DatasetError('bad-value', `the brush RLE's byte ${i} is not an integer 0..255`, where);
    }
    out[i] = b;
  }
  return out;
}

/**
 * Checks, without decoding, that an RLE is a list of bytes whose header declares the values of a
 * `width` x `height` RGBA image (within `limits`): what a reader checks before it hands out the mask.
 */
export function checkBrushHeader(
  rle: unknown,
  width: number,
  height: number,
  where: Where,
  limits?: DatasetLimits,
): void {
  const pixels = checkPixels(width, height, where, limits);
  if (!Array.isArray(rle)) throw new DatasetError('bad-value', 'the brush RLE is not a list of bytes', where);
  const head = rleBytes(rle.slice(0, 4), where);
  checkCount(new BitReader(head, where).read(32, 'the header'), width, height, pixels, where);
}

function checkCount(num: number, width: number, height: number, pixels: number, where: Where): void {
  if (num !== pixels * 4) {
    throw new DatasetError(
      'bad-value',
      `the brush RLE holds ${num} values, not ${width} x ${height} x 4 = ${pixels * 4} (original_width x original_height, RGBA)`,
      where,
    );
  }
}

/** Sets the pixels whose alpha falls in values [from, to) of a run of `value`. */
function fillRun(mask: Uint8Array, from: number, to: number, value: number): void {
  if (value === 0) return;
  for (let k = from + ((3 - (from & 3)) & 3); k < to; k += 4) mask[k >> 2] = 1;
}

/**
 * Decodes a brush RLE of a `width` x `height` image into a binary mask (its alpha). The size is
 * checked against `limits` before anything is allocated, and the RLE must hold exactly
 * width x height x 4 values.
 */
export function decodeBrushRle(
  rle: unknown,
  width: number,
  height: number,
  where: Where,
  limits?: DatasetLimits,
): BinaryMask {
  const pixels = checkPixels(width, height, where, limits);
  const input = new BitReader(rleBytes(rle, where), where);
  const num = input.read(32, 'the header');
  checkCount(num, width, height, pixels, where);
  const wordSize = input.read(5, 'the header') + 1;
  const sizes = [0, 0, 0, 0].map(() => input.read(4, 'the header') + 1);
  const data = allocatePixels(width, height, where, { limits });
  for (let i = 0; i < num; ) {
    const run = input.read(1, 'a chunk header');
    const size = sizes[input.read(2, 'a chunk header')]!;
    // A chunk past the last value is cut to it, as the decoders of Label Studio and brush.py do.
    const end = Math.min(num, i + 1 + input.read(size, 'a chunk header'));
    if (run === 1) {
      fillRun(data, i, end, input.read(wordSize, 'a run'));
      i = end;
    } else {
      for (; i < end; i++) {
        const v = input.read(wordSize, 'literal values');
        if ((i & 3) === 3 && v !== 0) data[i >> 2] = 1;
      }
    }
  }
  return { width, height, data };
}

/** Writes bits most significant first into a growing byte list. */
class BitWriter {
  private readonly bytes: number[] = [];
  private current = 0;
  private filled = 0;

  write(value: number, n: number): void {
    for (let k = n - 1; k >= 0; k--) {
      this.current = this.current * 2 + (Math.floor(value / 2 ** k) % 2);
      if (++this.filled === 8) {
        this.bytes.push(this.current);
        this.current = 0;
        this.filled = 0;
      }
    }
  }

  finish(): number[] {
    if (this.filled > 0) this.bytes.push(this.current * 2 ** (8 - this.filled));
    return this.bytes;
  }
}

/** Run-length sizes Label Studio and brush.py use: runs of up to 8, 16, 256 and 65536 values. */
const RUN_BITS = [3, 4, 8, 16];

function writeRun(out: BitWriter, length: number, value: number): void {
  for (let left = length; left > 0; ) {
    const n = Math.min(left, 2 ** 16);
    const cls = n <= 8 ? 0 : n <= 16 ? 1 : n <= 256 ? 2 : 3;
    out.write(1, 1);
    out.write(cls, 2);
    out.write(n - 1, RUN_BITS[cls]!);
    out.write(value, 8);
    left -= n;
  }
}

/**
 * A binary mask as Label Studio's brush RLE: every pixel as four equal bytes (255 where set, 0 elsewhere),
 * as brush.py's mask2rle writes them, in runs.
 */
export function encodeBrushRle(mask: BinaryMask): number[] {
  const out = new BitWriter();
  const n = mask.width * mask.height;
  out.write(n * 4, 32);
  out.write(7, 5);
  for (const bits of RUN_BITS) out.write(bits - 1, 4);
  const { data } = mask;
  for (let i = 0; i < n; ) {
    const set = data[i] !== 0;
    let j = i + 1;
    while (j < n && (data[j] !== 0) === set) j++;
    writeRun(out, (j - i) * 4, set ? 255 : 0);
    i = j;
  }
  return out.finish();
}

/**
 * zlib streams of a size nobody declares: a Supervisely bitmap is base64 of `zlib.compress(png)`, and
 * the PNG's length is not stored anywhere. Inflated in slices, so that a stream that would inflate past
 * `cap` bytes (a zip bomb in a bitmap) is refused before it is held: `cap` is asked again once the
 * first bytes are out (a PNG's header says how large the image is).
 */
// TODO(core): export from @labelport/core/png an inflate bounded by a size known only from the first
// output bytes, and `deflateZlib` (core's inflateZlib needs the output size in advance and is private).
import { DatasetError } from '@labelport/core';
import { Unzlib, zlibSync } from 'fflate';

/** Input bytes pushed at a time: one push inflates to at most ~1032 times as much. */
const SLICE = 4096;

/** True for the two bytes a zlib stream starts with (deflate, a valid check value). */
export function isZlibHeader(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && (bytes[0]! & 0x0f) === 8 && ((bytes[0]! << 8) | bytes[1]!) % 31 === 0;
}

/** An error fflate throws for bad data (it carries a numeric code), as opposed to a bug. */
function isFflateDataError(e: unknown): e is Error {
  return e instanceof Error && typeof (e as { code?: unknown }).code === 'number';
}

/**
 * Inflates a zlib stream. `cap(head)` gives the most bytes the output may have, asked with the first
 * bytes of output (at least `headBytes` of them, or all when the output is shorter); more is
 * DatasetError 'too-large', a corrupt or truncated stream DatasetError 'bad-value'.
 */
export function inflateCapped(
  data: Uint8Array,
  headBytes: number,
  cap: (head: Uint8Array) => number,
): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let limit = Number.POSITIVE_INFINITY;
  let asked = false;
  const join = () => {
    const out = new Uint8Array(total);
    let o = 0;
    for (const c of chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  };
  const inflater = new Unzlib((chunk) => {
    chunks.push(chunk);
    total += chunk.length;
  });
  for (let i = 0; i < data.length || i === 0; i += SLICE) {
    const end = Math.min(data.length, i + SLICE);
    try {
      inflater.push(data.subarray(i, end), end >= data.length);
    } catch (e) {
      if (!isFflateDataError(e)) throw e;
      throw new DatasetError('bad-value', `not a whole zlib stream (${e.message})`);
    }
    if (!asked && (total >= headBytes || end >= data.length)) {
      asked = true;
      limit = cap(join());
    }
    if (total > limit) {
      throw new DatasetError(
        'too-large',
        `the zlib stream inflates past ${limit} bytes, more than its image needs`,
      );
    }
    if (end >= data.length) break;
  }
  return join();
}

/** `data` as a zlib stream (Python's `zlib.compress` default level, 6). */
export function deflateZlib(data: Uint8Array): Uint8Array {
  return zlibSync(data, { level: 6 });
}

import { DatasetError } from '../errors.js';

/*
 * The compressed COCO RLE string (pycocotools `rleToString` / `rleFrString`): each count (from the
 * fourth on, as a difference to the count two places before) is written as a signed little-endian
 * series of 5-bit groups, one ASCII character (48 + group, 0x20 = more follows) per group.
 * JavaScript bit operators are 32-bit, so this works with plain arithmetic on doubles: exact for
 * every count up to 2^53, far beyond pycocotools' 32-bit counts.
 */

/** Compresses RLE counts to the COCO string form, byte for byte as pycocotools. */
export function rleToString(counts: number[]): string {
  const chars: number[] = [];
  for (let i = 0; i < counts.length; i++) {
    let x = counts[i];
    if (i > 2) x -= counts[i - 2];
    if (!Number.isSafeInteger(x))
      throw new RangeError(`RLE count ${counts[i]} at index ${i} is not a safe integer`);
    let more = true;
    while (more) {
      let c: number;
      if (x >= -0x40000000 && x < 0x40000000) {
        c = x & 0x1f;
        x >>= 5;
      } else {
        c = x - Math.floor(x / 32) * 32;
        x = Math.floor(x / 32);
      }
      more = c & 0x10 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      chars.push(c + 48);
    }
  }
  return codesToString(chars);
}

/**
 * Decompresses a COCO RLE string to counts. Values are exact (no 32-bit wrap-around), so a corrupt
 * string may give negative counts: callers validate (see `parseCocoRle`).
 * Throws DatasetError 'bad-rle' for characters outside '0'..'o' or a string that ends inside a value.
 */
export function rleFromString(s: string): number[] {
  const counts: number[] = [];
  let p = 0;
  const n = s.length;
  while (p < n) {
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      if (p >= n)
        throw new DatasetError('bad-value', `compressed RLE string ends inside a value (at character ${p})`);
      const c = s.charCodeAt(p) - 48;
      if (c < 0 || c > 63) {
        throw new DatasetError(
          'bad-value',
          `compressed RLE string has an invalid character ${JSON.stringify(s[p])} at ${p}`,
        );
      }
      if (k >= 11)
        throw new DatasetError('bad-value', `compressed RLE string has a value too large at character ${p}`);
      more = (c & 0x20) !== 0;
      // the last group carries the sign: adding it as a negative number keeps every partial sum exact
      const group = !more && c & 0x10 ? (c & 0x1f) - 32 : c & 0x1f;
      x += group * 2 ** (5 * k);
      p++;
      k++;
    }
    if (counts.length > 2) x += counts[counts.length - 2];
    counts.push(x);
  }
  return counts;
}

function codesToString(codes: number[]): string {
  let out = '';
  const CHUNK = 8192;
  for (let i = 0; i < codes.length; i += CHUNK) {
    out += String.fromCharCode.apply(null, codes.slice(i, i + CHUNK));
  }
  return out;
}

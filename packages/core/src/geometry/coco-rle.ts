import { DatasetError } from '../errors.js';
import { rleFromString, rleToString } from './rle-string.js';
import type { Rle } from './types.js';

/** A COCO `segmentation` RLE object as it appears in JSON. */
export interface CocoRleJson {
  counts: number[] | string;
  size: [number, number];
}

/**
 * Reads a COCO RLE object `{counts: number[] | string, size: [h, w]}` (uncompressed or compressed)
 * and checks it: size two non-negative integers, counts non-negative integers adding up to h*w.
 * Throws DatasetError 'bad-rle' saying what is wrong; the caller adds file and place.
 */
export function parseCocoRle(value: unknown): Rle {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DatasetError('bad-value', `expected an RLE object {counts, size}, got ${describe(value)}`);
  }
  const { counts, size } = value as { counts?: unknown; size?: unknown };
  if (
    !Array.isArray(size) ||
    size.length !== 2 ||
    !size.every((v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0)
  ) {
    throw new DatasetError(
      'bad-value',
      `RLE size must be [height, width], two non-negative integers, got ${describe(size)}`,
    );
  }
  const [h, w] = size as [number, number];
  let parsed: number[];
  if (typeof counts === 'string') {
    parsed = rleFromString(counts);
  } else if (Array.isArray(counts)) {
    parsed = counts as number[];
    for (let i = 0; i < parsed.length; i++) {
      const c = parsed[i];
      if (typeof c !== 'number' || !Number.isSafeInteger(c) || c < 0) {
        throw new DatasetError(
          'bad-value',
          `RLE counts[${i}] must be a non-negative integer, got ${describe(c)}`,
        );
      }
    }
    parsed = parsed.slice();
  } else {
    throw new DatasetError(
      'bad-value',
      `RLE counts must be a list of integers or a string, got ${describe(counts)}`,
    );
  }
  let sum = 0;
  for (let i = 0; i < parsed.length; i++) {
    if (parsed[i] < 0)
      throw new DatasetError('bad-value', `compressed RLE decodes to a negative count at index ${i}`);
    sum += parsed[i];
  }
  if (sum !== h * w) {
    throw new DatasetError(
      'bad-value',
      `RLE counts add up to ${sum}, expected height*width = ${h}*${w} = ${h * w}`,
    );
  }
  return { size: [h, w], counts: parsed };
}

/** The JSON form of an RLE; `compressed` gives the pycocotools string form of the counts. */
export function toCocoRleJson(rle: Rle, compressed: boolean): CocoRleJson {
  return {
    counts: compressed ? rleToString(rle.counts) : rle.counts.slice(),
    size: [rle.size[0], rle.size[1]],
  };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'string') return v.length > 20 ? `a string "${v.slice(0, 20)}..."` : `"${v}"`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

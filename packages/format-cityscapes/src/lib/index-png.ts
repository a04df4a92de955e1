import {
  type BinaryMask,
  DatasetError,
  decodePng,
  encodePng,
  inFile,
  lazyMask,
  type MaskSource,
} from '@labelport/core';

/** A single-channel image of ids (class or instance ids), as stored in a gray or palette PNG. */
export interface IndexImage {
  width: number;
  height: number;
  values: Uint8Array | Uint16Array;
}

/** Decodes a gray (8 or 16-bit) or palette PNG of ids; anything else is a DatasetError naming the file. */
export function decodeIndexPng(bytes: Uint8Array, file: string): IndexImage {
  const png = inFile(file, () => decodePng(bytes));
  if (png.channels !== 1) {
    throw new DatasetError(
      'bad-mask',
      `expected a single-channel (gray or palette) PNG of ids, got ${png.colorType}`,
      {
        file,
      },
    );
  }
  return { width: png.width, height: png.height, values: png.data };
}

/** The distinct values of an id image, ascending. */
export function distinctValues(values: ArrayLike<number>): number[] {
  return [...runsOf({ values } as IndexImage).keys()].sort((a, b) => a - b);
}

/**
 * The image as runs of equal values: value -> [start, end, start, end, ...] pixel offsets (row-major).
 * Found in one pass and cached with the image's pixel array, so that listing the values and cutting out
 * every mask of an image cost one pass in all, not one pass per mask.
 */
const runCache = new WeakMap<object, Map<number, Int32Array>>();
function runsOf(image: IndexImage): Map<number, Int32Array> {
  const cached = runCache.get(image.values);
  if (cached) return cached;
  const { values } = image;
  const lists = new Map<number, number[]>();
  let start = 0;
  for (let i = 1; i <= values.length; i++) {
    if (i === values.length || values[i] !== values[start]) {
      const v = values[start];
      let r = lists.get(v);
      if (!r) {
        r = [];
        lists.set(v, r);
      }
      r.push(start, i);
      start = i;
    }
  }
  const runs = new Map<number, Int32Array>();
  for (const [v, r] of lists) runs.set(v, Int32Array.from(r));
  runCache.set(values, runs);
  return runs;
}

/**
 * The pixels equal to `value`, as a lazy mask. It keeps only that value's runs, not the image, so an
 * item held in memory costs its runs (a few hundred KB for a 2048x1024 street scene) rather than its
 * pixels; the bitmap is filled in when the mask is loaded.
 */
export function valueMask(image: IndexImage, value: number): MaskSource {
  const { width, height } = image;
  const runs = runsOf(image).get(value) ?? new Int32Array(0);
  return lazyMask(
    async (): Promise<BinaryMask> => {
      const data = new Uint8Array(width * height);
      for (let k = 0; k < runs.length; k += 2) data.fill(1, runs[k], runs[k + 1]);
      return { width, height, data };
    },
    { width, height },
  );
}

/** A 16-bit gray PNG of ids. */
export function encodeIndexPng16(width: number, height: number, values: ArrayLike<number>): Uint8Array {
  return encodePng({ width, height, colorType: 'gray', bitDepth: 16, data: values });
}

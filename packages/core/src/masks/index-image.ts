// Index images: gray, palette or RGB PNGs whose pixels are ids (class ids, instance ids, panoptic
// segment ids), as Cityscapes, KITTI, MOTS, VOC and COCO panoptic store masks. Each id becomes a lazy
// binary mask, cut out of runs found in one pass over the image.

import { DatasetError, inFile } from '../errors.js';
import type { BinaryMask } from '../geometry/types.js';
import { allocatePixels, type DatasetLimits } from '../limits.js';
import { lazyMask } from '../mask.js';
import type { MaskSource } from '../model.js';
import { decodePng } from '../png/decode.js';
import { encodePng } from '../png/encode.js';

/** A single-channel image of ids (class or instance ids), as stored in a gray or palette PNG. */
export interface IndexImage {
  width: number;
  height: number;
  values: Uint8Array | Uint16Array | Uint32Array;
}

/**
 * Decodes a gray (8 or 16-bit) or palette PNG of ids; anything else is a DatasetError naming the file.
 * The declared size is held to `limits` (the caller's `options.limits`) before anything is allocated.
 */
export function decodeIndexPng(
  bytes: Uint8Array,
  file: string,
  options: { limits?: DatasetLimits } = {},
): IndexImage {
  const png = inFile(file, () => decodePng(bytes, { limits: options.limits }));
  if (png.channels !== 1) {
    throw new DatasetError(
      'bad-image',
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
 * The image as runs of equal values: value -> flat [start, end, start, end, ...] pixel offsets
 * (row-major). Found in one pass and kept with the image, so that cutting out every mask of an image
 * costs one pass plus the runs, not one pass per mask.
 */
const runCache = new WeakMap<object, Map<number, number[]>>();
function runsOf(image: IndexImage): Map<number, number[]> {
  const cached = runCache.get(image.values);
  if (cached) return cached;
  const { values } = image;
  const runs = new Map<number, number[]>();
  let start = 0;
  for (let i = 1; i <= values.length; i++) {
    if (i === values.length || values[i] !== values[start]) {
      const v = values[start];
      let r = runs.get(v);
      if (!r) {
        r = [];
        runs.set(v, r);
      }
      r.push(start, i);
      start = i;
    }
  }
  runCache.set(values, runs);
  return runs;
}

/** The pixels equal to `value`, cut out only when the mask is loaded. */
export function valueMask(image: IndexImage, value: number): MaskSource {
  const { width, height } = image;
  return lazyMask(
    async (): Promise<BinaryMask> => {
      const data = allocatePixels(width, height, 'index image');
      const r = runsOf(image).get(value) ?? [];
      for (let k = 0; k < r.length; k += 2) data.fill(1, r[k], r[k + 1]);
      return { width, height, data };
    },
    { width, height },
  );
}

/** An RGB PNG of COCO panoptic segment ids (id = R + 256 G + 65536 B). */
export function decodeSegmentIdPng(
  bytes: Uint8Array,
  file: string,
  options: { limits?: DatasetLimits } = {},
): IndexImage {
  const png = inFile(file, () => decodePng(bytes, { limits: options.limits }));
  if (png.colorType !== 'rgb' && png.colorType !== 'rgba' && png.colorType !== 'palette') {
    throw new DatasetError('bad-image', `expected an RGB PNG of segment ids, got ${png.colorType}`, { file });
  }
  if (png.bitDepth !== 8)
    throw new DatasetError('bad-image', `expected 8 bits per channel, got ${png.bitDepth}`, { file });
  const n = png.width * png.height;
  const values = new Uint32Array(n);
  const d = png.data;
  if (png.colorType === 'palette') {
    const pal = png.palette ?? [];
    for (let i = 0; i < n; i++) {
      const c = pal[d[i]] ?? [0, 0, 0];
      values[i] = c[0] + 256 * c[1] + 65536 * c[2];
    }
  } else {
    const ch = png.channels;
    for (let i = 0, j = 0; i < n; i++, j += ch) values[i] = d[j] + 256 * d[j + 1] + 65536 * d[j + 2];
  }
  return { width: png.width, height: png.height, values };
}

/** A 16-bit gray PNG of ids. */
export function encodeIndexPng16(width: number, height: number, values: ArrayLike<number>): Uint8Array {
  return encodePng({ width, height, colorType: 'gray', bitDepth: 16, data: values });
}

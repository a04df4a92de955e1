import {
  type BinaryMask,
  type DatasetError,
  type DatasetLimits,
  type FileTree,
  isDatasetError,
} from '@labelport/core';
import { decodePng, pngToRgbInts } from '@labelport/core/png';

/** A decoded level or instance image, as one integer per pixel. */
export interface ValueMap {
  width: number;
  height: number;
  values: Int32Array;
}

/** The PNG decoded; its DatasetErrors (a broken or too large image) placed in `file`, anything else thrown as it is. */
async function decode(tree: FileTree, file: string, limits?: DatasetLimits) {
  try {
    return decodePng(await tree.read(file), { limits });
  } catch (e) {
    throw isDatasetError(e) ? (e as DatasetError).withLocation(file) : e;
  }
}

/** 2020 class masks: class = floor(R / 10) * 256 + G. */
export async function readClassMap(tree: FileTree, file: string, limits?: DatasetLimits): Promise<ValueMap> {
  const png = await decode(tree, file, limits);
  const rgb = pngToRgbInts(png);
  const values = new Int32Array(rgb.length);
  for (let i = 0; i < rgb.length; i++)
    values[i] = Math.floor(((rgb[i] >> 16) & 255) / 10) * 256 + ((rgb[i] >> 8) & 255);
  return { width: png.width, height: png.height, values };
}

/** The rank of each value among the distinct values of the image (numpy's `unique(..., return_inverse)`). */
function ranks(raw: Int32Array, width: number, height: number): ValueMap {
  const values = new Int32Array(raw.length);
  if (raw.length === 0) return { width, height, values };
  let min = raw[0];
  let max = raw[0];
  for (let i = 1; i < raw.length; i++) {
    const v = raw[i];
    if (v < min) min = v;
    else if (v > max) max = v;
  }
  if (max - min < 1 << 24) {
    // A lookup table over the range: one pass to mark, one to number, one to map.
    const lut = new Int32Array(max - min + 1);
    for (let i = 0; i < raw.length; i++) lut[raw[i] - min] = 1;
    for (let v = 0, r = 0; v < lut.length; v++) if (lut[v]) lut[v] = ++r;
    for (let i = 0; i < raw.length; i++) values[i] = lut[raw[i] - min] - 1;
    return { width, height, values };
  }
  const distinct = new Set<number>();
  for (let i = 0; i < raw.length; i++) distinct.add(raw[i]);
  const rank = new Map([...distinct].sort((a, b) => a - b).map((v, i) => [v, i]));
  for (let i = 0; i < raw.length; i++) values[i] = rank.get(raw[i]) as number;
  return { width, height, values };
}

/** 2017 instance masks: the rank of the B channel's value. */
export async function readBlueRanks(tree: FileTree, file: string, limits?: DatasetLimits): Promise<ValueMap> {
  const png = await decode(tree, file, limits);
  const rgb = pngToRgbInts(png);
  const blue = new Int32Array(rgb.length);
  for (let i = 0; i < rgb.length; i++) blue[i] = rgb[i] & 255;
  return ranks(blue, png.width, png.height);
}

/** 2020 instance mask files: the rank of each pixel's value (gray sample, or colour). */
export async function readValueRanks(
  tree: FileTree,
  file: string,
  limits?: DatasetLimits,
): Promise<ValueMap> {
  const png = await decode(tree, file, limits);
  if (png.colorType === 'gray' || png.colorType === 'gray-alpha') {
    const n = png.width * png.height;
    const gray = new Int32Array(n);
    for (let i = 0; i < n; i++) gray[i] = png.data[i * png.channels];
    return ranks(gray, png.width, png.height);
  }
  return ranks(Int32Array.from(pngToRgbInts(png)), png.width, png.height);
}

export function extract(map: ValueMap, value: number): BinaryMask {
  const data = new Uint8Array(map.values.length);
  for (let i = 0; i < data.length; i++) if (map.values[i] === value) data[i] = 1;
  return { width: map.width, height: map.height, data };
}

/** Decodes each file once, however many masks come from it (one cache per item, so maps do not pile up). */
export class MapCache {
  private readonly maps = new Map<string, Promise<ValueMap>>();
  get(file: string, load: () => Promise<ValueMap>): Promise<ValueMap> {
    let m = this.maps.get(file);
    if (!m) {
      m = load();
      this.maps.set(file, m);
    }
    return m;
  }
}

/**
 * A CIFAR batch, unpickled, as items: `filenames`, `labels` (CIFAR-10) or `fine_labels` and
 * `coarse_labels` (CIFAR-100), and `data`, each image 3 colour planes (red, green, blue) of 32 x 32,
 * row by row. `data` is what the original holds (a NumPy uint8 array, one row per image) or what
 * Datumaro writes (an object array of one array, or None, per image, with `image_sizes` [(h, w)] for
 * images of other sizes); plain lists of bytes or of numbers are read too.
 */
import { checkPixels, DatasetError, type DatasetLimits } from '@labelport/core';
import { numbersOf, PyNdArray, textOf } from './pickle-values.js';

export const CIFAR_SIZE = 32;

/** One image of a batch: its planes and size. */
export interface CifarImage {
  planes: Uint8Array;
  height: number;
  width: number;
}

export interface BatchItem {
  index: number;
  filename: string;
  label?: number;
  coarse?: number;
  image?: CifarImage;
}

const bad = (what: string, place: string) => new DatasetError('bad-field', what, { place });

/** A dict's value, by name. */
export function fieldOf(dict: unknown, name: string): unknown {
  return dict instanceof Map ? dict.get(name) : undefined;
}

/** A list of a batch: a Python list or tuple, or a one-dimensional NumPy array of numbers. */
function listOf(v: unknown, name: string): unknown[] | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v;
  if (v instanceof PyNdArray && v.shape.length === 1) {
    if (v.objects) return v.objects;
    const numbers = v.raw && v.dtype ? numbersOf(v.dtype, v.raw, v.shape[0]!) : undefined;
    if (numbers) return numbers;
  }
  throw bad(`expected a list, got ${describe(v)}`, name);
}

function describe(v: unknown): string {
  if (v === null) return 'None';
  if (v instanceof PyNdArray)
    return `a NumPy array of shape (${v.shape.join(', ')}) and type ${v.dtype?.code}`;
  if (v instanceof Uint8Array) return 'bytes';
  if (v instanceof Map) return 'a dict';
  return typeof v;
}

/** Label numbers (None for none) of a list. */
function labelsOf(v: unknown, name: string, count: number): (number | undefined)[] {
  const list = listOf(v, name) ?? [];
  if (list.length !== count) throw bad(`${list.length} labels for ${count} file names`, name);
  return list.map((l, i) => {
    if (l === null) return undefined;
    if (!Number.isSafeInteger(l) || (l as number) < 0)
      throw bad(`${describe(l)} ${String(l)} is not a label number`, `${name}[${i}]`);
    return l as number;
  });
}

/** The bytes of one image of `data`: a row, an array, bytes or a list of numbers 0..255. */
function imageBytes(v: unknown, place: string): Uint8Array | undefined {
  if (v === null || v === undefined) return undefined;
  if (v instanceof Uint8Array) return v;
  if (v instanceof PyNdArray) {
    const [kind, size] = v.dtype?.kind ?? ['?', 0];
    if (v.raw && (kind === 'u' || kind === 'i') && size === 1) return v.raw;
    if (v.objects) return imageBytes(v.objects, place);
    throw bad(`an image of NumPy type ${v.dtype?.code}: expected uint8`, place);
  }
  if (Array.isArray(v)) {
    const out = new Uint8Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const n = v[i];
      if (!Number.isInteger(n) || (n as number) < 0 || (n as number) > 255)
        throw bad(`${String(n)} is not a pixel value 0..255`, `${place}[${i}]`);
      out[i] = n as number;
    }
    return out;
  }
  throw bad(`an image is ${describe(v)}`, place);
}

/** The images of `data`, one per item (undefined: none), as bytes of 3 planes. */
function imagesOf(data: unknown, count: number): (Uint8Array | undefined)[] {
  if (data === undefined || data === null) return [];
  // the original: one uint8 row per image
  if (data instanceof PyNdArray && data.raw && data.shape.length === 2) {
    const [n, k] = data.shape as [number, number];
    const [kind, size] = data.dtype!.kind;
    if ((kind !== 'u' && kind !== 'i') || size !== 1)
      throw bad(`NumPy type ${data.dtype!.code}: expected uint8`, 'data');
    if (n === 0) return [];
    if (n !== count) throw bad(`${n} images for ${count} file names`, 'data');
    return Array.from({ length: n }, (_, i) => data.raw!.subarray(i * k, (i + 1) * k));
  }
  if (data instanceof PyNdArray && data.objects && data.shape.length === 2) {
    // Datumaro's object array of equal rows: numbers, row by row
    const [n, k] = data.shape as [number, number];
    if (n !== count) throw bad(`${n} images for ${count} file names`, 'data');
    return Array.from({ length: n }, (_, i) =>
      imageBytes(data.objects!.slice(i * k, (i + 1) * k), `data[${i}]`),
    );
  }
  const list = listOf(data, 'data')!;
  if (list.length === 0) return [];
  if (list.length !== count) throw bad(`${list.length} images for ${count} file names`, 'data');
  return list.map((v, i) => imageBytes(v, `data[${i}]`));
}

/** Datumaro's `image_sizes`: (height, width) per image. */
function sizesOf(v: unknown, count: number, limits: DatasetLimits): [number, number][] | undefined {
  const list = listOf(v, 'image_sizes');
  if (!list) return undefined;
  if (list.length !== count) throw bad(`${list.length} sizes for ${count} images`, 'image_sizes');
  return list.map((s, i) => {
    const [h, w] = Array.isArray(s) ? s : [];
    checkPixels(w as number, h as number, { place: `image_sizes[${i}]` }, limits);
    return [h as number, w as number];
  });
}

/** The items of a batch dict. */
export function batchItems(dict: unknown, limits: DatasetLimits): BatchItem[] {
  if (!(dict instanceof Map))
    throw new DatasetError('bad-field', `a CIFAR batch is a dict, got ${describe(dict)}`);
  const names = (listOf(fieldOf(dict, 'filenames'), 'filenames') ?? []).map((f, i) => {
    const s = textOf(f);
    if (s === undefined) throw bad(`a file name is ${describe(f)}`, `filenames[${i}]`);
    return s;
  });
  const labelsName = dict.has('labels') ? 'labels' : 'fine_labels';
  const labels = labelsOf(fieldOf(dict, labelsName), labelsName, names.length);
  const coarse = dict.has('coarse_labels')
    ? labelsOf(fieldOf(dict, 'coarse_labels'), 'coarse_labels', names.length)
    : [];
  const images = imagesOf(fieldOf(dict, 'data'), names.length);
  const sizes = sizesOf(fieldOf(dict, 'image_sizes'), images.length, limits);
  return names.map((filename, i) => {
    const planes = images[i];
    const [height, width] = sizes?.[i] ?? [CIFAR_SIZE, CIFAR_SIZE];
    if (planes && planes.length !== 3 * height * width) {
      throw bad(`${planes.length} bytes, not 3 planes of ${height} x ${width}`, `data[${i}]`);
    }
    const image = planes ? { planes, height, width } : undefined;
    return { index: i, filename, label: labels[i], coarse: coarse[i], image };
  });
}

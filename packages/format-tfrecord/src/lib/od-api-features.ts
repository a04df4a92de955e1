import {
  type Annotation,
  allocatePixels,
  type BinaryMask,
  DatasetError,
  type DatasetLimits,
  isDatasetError,
  lazyMask,
  type MaskSource,
} from '@labelport/core';
import { stripExtension } from '@labelport/core/files';
import { imageSizeFromHeader } from '@labelport/core/media';
import { decodePng, readPngHeader } from '@labelport/core/png';
import type { LabelResolver } from './od-api-labels.js';
import { bytesToText, type Feature, type Features } from './tf-example.js';

/** The TF Object Detection API keys of one image. */
export const KEY = {
  encoded: 'image/encoded',
  format: 'image/format',
  filename: 'image/filename',
  sourceId: 'image/source_id',
  height: 'image/height',
  width: 'image/width',
  sha256: 'image/key/sha256',
  xmin: 'image/object/bbox/xmin',
  xmax: 'image/object/bbox/xmax',
  ymin: 'image/object/bbox/ymin',
  ymax: 'image/object/bbox/ymax',
  classText: 'image/object/class/text',
  classLabel: 'image/object/class/label',
  mask: 'image/object/mask',
  difficult: 'image/object/difficult',
  truncated: 'image/object/truncated',
  isCrowd: 'image/object/is_crowd',
} as const;

/** Object-level int64 flags read into boolean attributes (and written back when present). */
export const FLAG_ATTRIBUTES: [key: string, attribute: string][] = [
  [KEY.difficult, 'difficult'],
  [KEY.truncated, 'truncated'],
  [KEY.isCrowd, 'is_crowd'],
];

function expectKind<K extends Feature['kind']>(
  features: Features,
  key: string,
  kind: K,
): Extract<Feature, { kind: K }> | undefined {
  const f = features.get(key);
  if (!f) return undefined;
  // An empty list is written as a BytesList by some tools: treat it as empty of any kind.
  if (f.kind !== kind) {
    if (f.values.length === 0) return { kind, values: [] } as unknown as Extract<Feature, { kind: K }>;
    throw new DatasetError('bad-binary', `'${key}' should be a ${kind} list, not a ${f.kind} list`);
  }
  return f as Extract<Feature, { kind: K }>;
}

export const bytesList = (f: Features, key: string) => expectKind(f, key, 'bytes')?.values;
export const floatList = (f: Features, key: string) => expectKind(f, key, 'float')?.values;
export const int64List = (f: Features, key: string) => expectKind(f, key, 'int64')?.values;
export const textOf = (f: Features, key: string): string | undefined => {
  const v = bytesList(f, key);
  return v && v.length > 0 ? bytesToText(v[0]!) : undefined;
};

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/** A PNG mask of one object: non-zero pixels are the object. */
function pngMask(bytes: Uint8Array, place: string, limits?: DatasetLimits): MaskSource {
  let size: { width: number; height: number } | undefined;
  try {
    const h = readPngHeader(bytes);
    size = { width: h.width, height: h.height };
  } catch (e) {
    if (!isDatasetError(e)) throw e;
    throw new DatasetError('bad-image', `the mask is not a PNG (${e.message})`, { place });
  }
  return lazyMask(async () => {
    const png = decodePng(bytes, { limits });
    const n = png.width * png.height;
    const data = new Uint8Array(n);
    const ch = png.channels;
    const colour = png.colorType === 'rgb' || png.colorType === 'rgba' ? 3 : 1;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < colour; c++) {
        if (png.data[i * ch + c] !== 0) {
          data[i] = 1;
          break;
        }
      }
    }
    return { width: png.width, height: png.height, data } satisfies BinaryMask;
  }, size);
}

/** The box lists of an Example, checked to be of one length (class names and ids too, when given). */
function objectLists(f: Features) {
  const xmin = floatList(f, KEY.xmin) ?? [];
  const xmax = floatList(f, KEY.xmax) ?? [];
  const ymin = floatList(f, KEY.ymin) ?? [];
  const ymax = floatList(f, KEY.ymax) ?? [];
  const texts = bytesList(f, KEY.classText) ?? [];
  const ids = int64List(f, KEY.classLabel) ?? [];
  const n = Math.max(xmin.length, xmax.length, ymin.length, ymax.length);
  if (xmin.length !== n || xmax.length !== n || ymin.length !== n || ymax.length !== n) {
    throw new DatasetError(
      'bad-binary',
      `the box lists differ in length (xmin ${xmin.length}, xmax ${xmax.length}, ymin ${ymin.length}, ymax ${ymax.length})`,
      { place: 'image/object/bbox' },
    );
  }
  if (texts.length > 0 && texts.length !== n) {
    throw new DatasetError('bad-binary', `${texts.length} class names for ${n} boxes`, {
      place: KEY.classText,
    });
  }
  if (ids.length > 0 && ids.length !== n) {
    throw new DatasetError('bad-binary', `${ids.length} class ids for ${n} boxes`, {
      place: KEY.classLabel,
    });
  }
  const flags = FLAG_ATTRIBUTES.map(([key, name]) => {
    const v = int64List(f, key);
    return v && v.length === n ? { name, values: v } : undefined;
  });
  return { n, xmin, xmax, ymin, ymax, texts, ids, flags };
}

/** The objects' masks: PNG bytes (one per object), or a dense float list of N*H*W; checked against N. */
function objectMasks(f: Features, n: number, width: number, height: number) {
  const maskFeature = f.get(KEY.mask);
  if (!maskFeature || maskFeature.values.length === 0) return {};
  if (maskFeature.kind === 'bytes') {
    if (maskFeature.values.length !== n) {
      throw new DatasetError('bad-binary', `${maskFeature.values.length} masks for ${n} boxes`, {
        place: KEY.mask,
      });
    }
    return { pngMasks: maskFeature.values };
  }
  if (maskFeature.kind === 'float') {
    if (maskFeature.values.length !== n * width * height || width * height === 0) {
      throw new DatasetError(
        'bad-binary',
        `a dense mask list of ${maskFeature.values.length} values does not fit ${n} objects of ${width}x${height}`,
        { place: KEY.mask },
      );
    }
    return { denseMasks: maskFeature.values };
  }
  throw new DatasetError('bad-binary', 'masks should be PNG bytes or floats', { place: KEY.mask });
}

/** Object `i`'s mask, when it has one. */
function maskOf(
  masks: { pngMasks?: Uint8Array[]; denseMasks?: number[] },
  i: number,
  width: number,
  height: number,
  limits: DatasetLimits | undefined,
): MaskSource | undefined {
  const { pngMasks, denseMasks } = masks;
  if (pngMasks && pngMasks[i]!.length > 0) return pngMask(pngMasks[i]!, `${KEY.mask}[${i}]`, limits);
  if (!denseMasks) return undefined;
  const data = allocatePixels(width, height, 'mask', { limits });
  const offset = i * width * height;
  for (let p = 0; p < data.length; p++) data[p] = denseMasks[offset + p]! > 0.5 ? 1 : 0;
  return { kind: 'bitmap', bitmap: { width, height, data } };
}

/**
 * The objects of one Example: a `mask` for each object with a mask (PNG bytes, or a dense float
 * list of N*H*W), else a `bbox` from the normalised edges (clamped to the image, as Datumaro does).
 */
export function decodeObjects(
  f: Features,
  width: number,
  height: number,
  labels: LabelResolver,
  limits?: DatasetLimits,
): Annotation[] {
  const { n, xmin, xmax, ymin, ymax, texts, ids, flags } = objectLists(f);
  const masks = objectMasks(f, n, width, height);
  const out: Annotation[] = [];
  for (let i = 0; i < n; i++) {
    const text = texts.length > 0 ? bytesToText(texts[i]!) : '';
    const id = ids.length > 0 ? ids[i] : undefined;
    const label =
      text !== '' ? labels.byName(text, id) : id !== undefined && id > 0 ? labels.byId(id) : undefined;
    const attributes: Record<string, boolean> = {};
    for (const flag of flags) if (flag) attributes[flag.name] = flag.values[i] !== 0;
    const base = label === undefined ? { attributes } : { label, attributes };
    const x = clamp(xmin[i]! * width, 0, width);
    const y = clamp(ymin[i]! * height, 0, height);
    const w = clamp(xmax[i]! * width, 0, width) - x;
    const h = clamp(ymax[i]! * height, 0, height) - y;
    // An object is its box and, in instance segmentation, the mask at the same index: both, grouped
    // by the object's index (the flags stay on the box).
    const mask = maskOf(masks, i, width, height, limits);
    if (mask) {
      const bare = label === undefined ? {} : { label };
      out.push({ type: 'bbox', x, y, w, h, ...base, group: i });
      out.push({ type: 'mask', mask, ...bare, group: i, attributes: {} });
    } else out.push({ type: 'bbox', x, y, w, h, ...base });
  }
  return out;
}

/** What an Example says about its image. */
export function decodeImageInfo(f: Features) {
  const filename = textOf(f, KEY.filename) ?? '';
  const sourceId = f.has(KEY.sourceId) ? (textOf(f, KEY.sourceId) ?? '') : undefined;
  const encoded = bytesList(f, KEY.encoded)?.[0];
  let width = int64List(f, KEY.width)?.[0] ?? 0;
  let height = int64List(f, KEY.height)?.[0] ?? 0;
  if ((!width || !height) && encoded && encoded.length > 0) {
    const size = imageSizeFromHeader(encoded);
    if (size) {
      width ||= size.width;
      height ||= size.height;
    }
  }
  return {
    filename,
    id: stripExtension(filename),
    sourceId,
    encoded: encoded && encoded.length > 0 ? encoded : undefined,
    width,
    height,
  };
}

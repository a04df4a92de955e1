import { DatasetError, type FileTree } from '@labelport/core';
import { type JsonEvent, JsonScanner, readRangeChunks } from '@labelport/core/json';

/** A list of numbers that grows, held in a typed array (8 bytes a number, not a JS array's 16+). */
export class NumberList {
  data = new Float64Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }
}

/** In `imageIds`: the element is not an object. */
export const NOT_AN_OBJECT = Number.NEGATIVE_INFINITY;
/** In `imageIds`: the image id could not be read off the bytes; the element must be parsed for it. */
export const UNRESOLVED = Number.NaN;

/** What one pass over a COCO file holds: the small root values parsed, the annotations as byte ranges. */
export interface CocoFileIndex {
  /** Root values other than `annotations` (categories, images as slim records), by key. */
  values: Map<string, unknown>;
  /** The image entries, each cut to the fields the reader uses. */
  images: Record<string, unknown>[];
  /** Whether the root had an `annotations` array (`annotationsValue` when it was something else). */
  hasAnnotations: boolean;
  annotationsValue?: unknown;
  /** Per annotation: byte offset, byte length and the image id read off its bytes (or a marker). */
  starts: NumberList;
  lengths: NumberList;
  imageIds: NumberList;
}

const IMAGE_FIELDS = ['id', 'file_name', 'width', 'height'] as const;
/**
 * Scans a COCO file once, a chunk at a time: images and categories are parsed (images cut to what
 * the reader uses), other root values skipped, and each annotation is found by counting brackets
 * (not parsed) and kept as its byte range plus its `image_id`, read off its bytes. Memory holds the
 * images and 24 bytes per annotation, whatever the size of the file.
 */
export async function indexCocoFile(
  tree: FileTree,
  file: string,
  size: number,
  chunkSize?: number,
): Promise<CocoFileIndex> {
  const scanner = new JsonScanner(file, {
    plan: (key: string | undefined) =>
      key === 'annotations'
        ? 'offsets'
        : key === 'images'
          ? 'elements'
          : key === 'categories'
            ? 'whole'
            : 'skip',
  });
  const index: CocoFileIndex = {
    values: new Map(),
    images: [],
    hasAnnotations: false,
    starts: new NumberList(),
    lengths: new NumberList(),
    imageIds: new NumberList(),
  };
  let at = 0;
  const out: JsonEvent[] = [];
  // the tree's own stream (a zip entry is inflated once, front to back); ranges of a chosen size for tests
  const chunks = chunkSize ? readRangeChunks(tree, file, 0, size, chunkSize) : tree.stream(file);
  for await (const chunk of chunks) {
    scanner.push(chunk, out);
    for (const ev of out) {
      if (ev.key === undefined)
        throw new DatasetError('bad-field', 'expected a COCO object {images, annotations, categories}', {
          file,
        });
      if (ev.type === 'element' && ev.key === 'annotations') {
        index.starts.push(ev.start);
        index.lengths.push(ev.end - ev.start);
        if (ev.start < at) index.imageIds.push(UNRESOLVED);
        else index.imageIds.push(imageIdIn(chunk, ev.start - at, ev.end - at));
      } else if (ev.type === 'element' && ev.key === 'images') {
        index.images.push(slimImage(ev.value));
      } else if (ev.type === 'array-end') {
        if (ev.key === 'annotations') index.hasAnnotations = true;
        else if (ev.key === 'images') index.values.set('images', index.images);
      } else if (ev.type === 'value') {
        if (ev.key === 'annotations') index.annotationsValue = ev.value;
        else if (ev.key === 'images' || ev.key === 'categories') index.values.set(ev.key, ev.value);
        else index.values.set(ev.key, true); // present, skipped
      }
    }
    out.length = 0;
    at += chunk.length;
  }
  scanner.end(out);
  return index;
}

/** An image entry cut to the fields the reader uses (a non-object stays as it is, for the error). */
function slimImage(v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v as Record<string, unknown>;
  const full = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of IMAGE_FIELDS) if (k in full) out[k] = full[k];
  return out;
}

/** `"image_id"` as bytes. */
const IMAGE_ID_KEY = [34, 105, 109, 97, 103, 101, 95, 105, 100, 34];

/** Where `"image_id"` next starts in bytes[from, e), or -1. */
function keyAt(bytes: Uint8Array, from: number, e: number): number {
  const last = e - IMAGE_ID_KEY.length;
  for (let k = bytes.indexOf(34, from); k >= 0 && k <= last; k = bytes.indexOf(34, k + 1)) {
    let m = 1;
    while (m < IMAGE_ID_KEY.length && bytes[k + m] === IMAGE_ID_KEY[m]) m++;
    if (m === IMAGE_ID_KEY.length) return k;
  }
  return -1;
}

/**
 * The `image_id` of an annotation, read off its bytes [s, e) (no text made of them): the first
 * `"image_id"` in key position followed by a plain integer. NOT_AN_OBJECT when the element is not an
 * object; UNRESOLVED when the bytes do not say it plainly (the element is then parsed). The value is
 * checked again when the annotation is parsed.
 */
function imageIdIn(bytes: Uint8Array, s: number, e: number): number {
  if (bytes[s] !== 123) return NOT_AN_OBJECT;
  for (let k = keyAt(bytes, s, e); k >= 0; k = keyAt(bytes, k + 10, e)) {
    let p = k - 1;
    while (isWs(bytes[p])) p--;
    const before = bytes[p];
    if (before === 44 || before === 123) return integerAfterColon(bytes, k + 10, e);
  }
  return UNRESOLVED;
}

function integerAfterColon(bytes: Uint8Array, p: number, e: number): number {
  while (p < e && isWs(bytes[p])) p++;
  if (bytes[p] !== 58) return UNRESOLVED;
  p++;
  while (p < e && isWs(bytes[p])) p++;
  const negative = bytes[p] === 45;
  if (negative) p++;
  let v = 0;
  let digits = 0;
  for (; p < e; p++) {
    const d = bytes[p] - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
    digits++;
  }
  const next = bytes[p];
  if (digits === 0 || digits > 15 || !(next === 44 || next === 125 || isWs(next))) return UNRESOLVED;
  return negative ? -v : v;
}

const isWs = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

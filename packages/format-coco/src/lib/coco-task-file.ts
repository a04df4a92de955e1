import { DatasetError, type FileTree } from '@labelport/core';
import { decodeText, parseJson } from '@labelport/core/files';
import { type CocoCategory, parseCategories } from './coco-categories.js';
import { badField, describeValue, isObject } from './coco-fields.js';
import type { CocoFileRef } from './coco-layout.js';

export interface ReadContext {
  lenient: boolean;
  warn: (message: string) => void;
}

/**
 * One task file, parsed once and indexed: the annotations of image `i` are
 * `annotations[order[start[i]] .. order[start[i+1]-1]]`, in file order (plain typed arrays, no
 * per-image lists).
 */
export interface CocoTaskFile {
  ref: CocoFileRef;
  images: Record<string, unknown>[];
  annotations: unknown[];
  categories: CocoCategory[];
  start: Int32Array;
  order: Int32Array;
  imageIds: number[];
}

/**
 * UTF-8 text of a (large) JSON file, BOM removed. Node's Buffer decodes large inputs faster than
 * TextDecoder; elsewhere (browsers) TextDecoder does it.
 */
function decodeJsonText(bytes: Uint8Array): string {
  const B = (
    globalThis as {
      Buffer?: { from(a: ArrayBufferLike, o: number, n: number): { toString(e: string): string } };
    }
  ).Buffer;
  if (!B) return decodeText(bytes);
  const s = B.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** The file's text; a file past the longest string the JavaScript engine can hold is a DatasetError. */
function textOf(bytes: Uint8Array, file: string): string {
  try {
    return decodeJsonText(bytes);
  } catch (e) {
    if (e instanceof RangeError || /string longer|Invalid string length/i.test(String(e))) {
      throw new DatasetError(
        'too-large',
        `the file is too large to read as one JSON text (${Math.round(bytes.byteLength / 2 ** 20)} MiB; about 512 MiB is the most a JavaScript string holds)`,
        { file },
      );
    }
    throw e;
  }
}

export async function readTaskFile(
  tree: FileTree,
  ref: CocoFileRef,
  ctx: ReadContext,
): Promise<CocoTaskFile> {
  const file = ref.path;
  const json = parseJson(textOf(await tree.read(file), file), file);
  if (!isObject(json)) {
    throw new DatasetError(
      'bad-field',
      `expected a COCO object {images, annotations, categories}, got ${describeValue(json)}`,
      { file },
    );
  }
  const categories = parseCategories(json, ref.task, file);
  const images = json.images;
  if (!Array.isArray(images))
    badField(
      file,
      'images',
      images === undefined ? `'images' is missing` : `expected a list, got ${describeValue(images)}`,
    );
  let annotations = json.annotations;
  if (annotations === undefined || annotations === null) {
    if (ref.task !== 'image_info') badField(file, 'annotations', `'annotations' is missing`);
    annotations = [];
  }
  if (!Array.isArray(annotations))
    badField(file, 'annotations', `expected a list, got ${describeValue(annotations)}`);

  const byId = new Map<number, number>();
  const imageIds: number[] = new Array(images.length);
  for (let i = 0; i < images.length; i++) {
    const img = images[i];
    if (!isObject(img)) badField(file, `images[${i}]`, `expected an object, got ${describeValue(img)}`);
    const id = img.id;
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) {
      badField(
        file,
        id === undefined ? `images[${i}]` : `images[${i}].id`,
        id === undefined ? `'id' is missing` : `expected an integer, got ${describeValue(id)}`,
      );
    }
    if (byId.has(id)) badField(file, `images[${i}].id`, `image id ${id} is used twice`);
    byId.set(id, i);
    imageIds[i] = id;
  }

  const n = annotations.length;
  const owner = new Int32Array(n);
  const start = new Int32Array(images.length + 1);
  for (let j = 0; j < n; j++) {
    const a = annotations[j];
    let i: number | undefined;
    if (!isObject(a)) {
      if (!ctx.lenient) badField(file, `annotations[${j}]`, `expected an object, got ${describeValue(a)}`);
      ctx.warn(`${file}: annotations[${j}]: not an object, skipped`);
    } else {
      const imageId = a.image_id;
      i = typeof imageId === 'number' ? byId.get(imageId) : undefined;
      if (i === undefined) {
        const why =
          imageId === undefined
            ? `'image_id' is missing`
            : `image_id ${describeValue(imageId)} is not in 'images'`;
        if (!ctx.lenient) badField(file, `annotations[${j}]`, why);
        ctx.warn(`${file}: annotations[${j}]: ${why}, skipped`);
      }
    }
    if (i === undefined) owner[j] = -1;
    else {
      owner[j] = i;
      start[i + 1]++;
    }
  }
  for (let i = 0; i < images.length; i++) start[i + 1] += start[i];
  const fill = start.slice(0, images.length);
  const order = new Int32Array(start[images.length]);
  for (let j = 0; j < n; j++) {
    const i = owner[j];
    if (i >= 0) order[fill[i]++] = j;
  }
  return {
    ref,
    images: images as Record<string, unknown>[],
    annotations,
    categories,
    start,
    order,
    imageIds,
  };
}

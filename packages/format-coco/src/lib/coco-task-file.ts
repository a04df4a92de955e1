import { DatasetError, type FileTree, isDatasetError, type ReadContext } from '@labelport/core';
import { decodeText, parseJson } from '@labelport/core/files';
import { badField, describeValue, isObject, parseJsonBytes } from '@labelport/core/json';
import { type AnnotationStore, heldAnnotations, StreamedAnnotations } from './coco-annotation-store.js';
import { type CocoCategory, parseCategories } from './coco-categories.js';
import type { CocoFileRef } from './coco-layout.js';
import { indexCocoFile, NOT_AN_OBJECT } from './coco-stream-index.js';

/** How a task file is read: the read context (its error policy), and when to stream. */
export interface TaskFileReading {
  ctx: ReadContext;
  /** Files larger than this many bytes are streamed (default 0: every file; the whole-file parse is kept as the reference the tests compare with). */
  streamAbove?: number;
  /** Bytes read at a time when streaming (default: the tree's own stream, as it chunks it). */
  chunkSize?: number;
}

/**
 * One task file, indexed: the annotations of image `i` are `annotations.get(order[q])` for q in
 * `start[i] .. start[i+1]-1`, in file order (plain typed arrays, no per-image lists), after
 * `annotations.load(i)`.
 */
export interface CocoTaskFile {
  ref: CocoFileRef;
  images: Record<string, unknown>[];
  annotations: AnnotationStore;
  categories: CocoCategory[];
  start: Int32Array;
  order: Int32Array;
  imageIds: number[];
}

const STREAM_ABOVE = 0;

/**
 * Reads a task file, streamed: one pass parses the images and categories and keeps the annotations
 * as byte ranges, parsed a run of images at a time later, so that memory does not grow with the
 * annotations' bytes and the file is never one string. (`streamAbove` keeps the whole-file parse
 * for files up to that size: the reference that tests compare the streamed reading with.)
 */
export async function readTaskFile(
  tree: FileTree,
  ref: CocoFileRef,
  reading: TaskFileReading,
  size?: number,
): Promise<CocoTaskFile> {
  if (size !== undefined && size > (reading.streamAbove ?? STREAM_ABOVE))
    return readStreamed(tree, ref, reading, size);
  const file = ref.path;
  let bytes: Uint8Array;
  try {
    bytes = await tree.read(file);
  } catch (e) {
    // a tree that will not hand the file out whole (too large for it): stream it
    if (size !== undefined && isDatasetError(e) && e.code === 'too-large')
      return readStreamed(tree, ref, reading, size);
    throw e;
  }
  const json = parseJson(textOf(bytes, file), file);
  if (!isObject(json)) {
    throw new DatasetError(
      'bad-field',
      `expected a COCO object {images, annotations, categories}, got ${describeValue(json)}`,
      { file },
    );
  }
  const categories = parseCategories(json, ref.task, file);
  const images = checkImages(json.images, file);
  let annotations = json.annotations;
  if (annotations === undefined || annotations === null) {
    if (ref.task !== 'image_info') badField(file, 'annotations', `'annotations' is missing`);
    annotations = [];
  }
  if (!Array.isArray(annotations))
    badField(file, 'annotations', `expected a list, got ${describeValue(annotations)}`);
  const { byId, imageIds } = indexImages(images, file);
  const list = annotations;
  const { ctx } = reading;
  const owner = new Int32Array(list.length);
  for (let j = 0; j < list.length; j++) {
    const a = list[j];
    owner[j] = isObject(a) ? ownerOf(a.image_id, byId, file, j, ctx) : notAnObject(a, file, j, ctx);
  }
  const { start, order } = groupByImage(owner, images.length);
  return { ref, images, annotations: heldAnnotations(list), categories, start, order, imageIds };
}

async function readStreamed(
  tree: FileTree,
  ref: CocoFileRef,
  reading: TaskFileReading,
  size: number,
): Promise<CocoTaskFile> {
  const file = ref.path;
  const { ctx } = reading;
  const index = await indexCocoFile(tree, file, size, reading.chunkSize);
  const categories = parseCategories(Object.fromEntries(index.values), ref.task, file);
  const images = checkImages(index.values.get('images'), file);
  if (!index.hasAnnotations) {
    const v = index.annotationsValue;
    if (v !== undefined && v !== null)
      badField(file, 'annotations', `expected a list, got ${describeValue(v)}`);
    if (ref.task !== 'image_info') badField(file, 'annotations', `'annotations' is missing`);
  }
  const { byId, imageIds } = indexImages(images, file);
  const n = index.starts.length;
  const starts = index.starts.data.subarray(0, n);
  const lengths = index.lengths.data.subarray(0, n);
  const said = index.imageIds.data.subarray(0, n);
  const owner = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    let id: unknown = said[j];
    if (id === NOT_AN_OBJECT) {
      owner[j] = notAnObject(undefined, file, j, ctx);
      continue;
    }
    if (Number.isNaN(id)) {
      // the bytes did not say it plainly (an element across two chunks, an odd value): parse it
      const bytes = await tree.readRange(file, starts[j], starts[j] + lengths[j]);
      const a = parseJsonBytes(bytes, file, `annotations[${j}] (byte ${starts[j]})`);
      if (!isObject(a)) {
        owner[j] = notAnObject(a, file, j, ctx);
        continue;
      }
      id = a.image_id;
      if (typeof id === 'number') said[j] = id;
    }
    owner[j] = ownerOf(id, byId, file, j, ctx);
  }
  const { start, order } = groupByImage(owner, images.length);
  const store = new StreamedAnnotations(tree, file, starts, lengths, said, start, order);
  return { ref, images, annotations: store, categories, start, order, imageIds };
}

function checkImages(images: unknown, file: string): Record<string, unknown>[] {
  if (!Array.isArray(images))
    badField(
      file,
      'images',
      images === undefined ? `'images' is missing` : `expected a list, got ${describeValue(images)}`,
    );
  return images as Record<string, unknown>[];
}

function indexImages(images: unknown[], file: string): { byId: Map<number, number>; imageIds: number[] } {
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
  return { byId, imageIds };
}

/** The index of the image an annotation belongs to; -1 (skipped under the policy) when there is none. */
function ownerOf(
  imageId: unknown,
  byId: Map<number, number>,
  file: string,
  j: number,
  ctx: ReadContext,
): number {
  const i = typeof imageId === 'number' ? byId.get(imageId) : undefined;
  if (i !== undefined) return i;
  const why =
    imageId === undefined ? `'image_id' is missing` : `image_id ${describeValue(imageId)} is not in 'images'`;
  ctx.attempt(() => badField(file, `annotations[${j}]`, why));
  return -1;
}

function notAnObject(a: unknown, file: string, j: number, ctx: ReadContext): number {
  const what = a === undefined ? 'something else' : describeValue(a);
  ctx.attempt(() => badField(file, `annotations[${j}]`, `expected an object, got ${what}`));
  return -1;
}

/** start/order arrays: the annotations of image i are order[start[i] .. start[i+1]), in file order. */
function groupByImage(owner: Int32Array, images: number): { start: Int32Array; order: Int32Array } {
  const start = new Int32Array(images + 1);
  for (let j = 0; j < owner.length; j++) if (owner[j] >= 0) start[owner[j] + 1]++;
  for (let i = 0; i < images; i++) start[i + 1] += start[i];
  const fill = start.slice(0, images);
  const order = new Int32Array(start[images]);
  for (let j = 0; j < owner.length; j++) {
    const i = owner[j];
    if (i >= 0) order[fill[i]++] = j;
  }
  return { start, order };
}

/** The file's text; a file past the longest string the JavaScript engine can hold is a DatasetError. */
function textOf(bytes: Uint8Array, file: string): string {
  try {
    return decodeText(bytes);
  } catch (e) {
    if (e instanceof RangeError || /string longer|Invalid string length/i.test(String(e))) {
      throw new DatasetError(
        'too-large',
        `the file is too large to read as one JSON text (${Math.round(bytes.byteLength / 2 ** 20)} MiB)`,
        { file },
      );
    }
    throw e;
  }
}

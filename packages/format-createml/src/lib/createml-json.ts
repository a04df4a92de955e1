/**
 * One Create ML annotation file: a list of images, each with its boxes. Checked field by field with
 * core's JSON field readers, so a bad entry is a DatasetError naming the file and the place.
 */
import type { BboxAnnotation } from '@labelport/core';
import { asObject, isObject, listField, numberField, objectField, stringField } from '@labelport/core/json';

export interface CreatemlBox {
  label: string;
  /** Top-left corner and size, in pixels (the file has the centre). */
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface CreatemlImage {
  image: string;
  boxes: CreatemlBox[];
}

/** True when `doc` looks like a Create ML file: a list whose entries have an image and a box list. */
export function isCreatemlDoc(doc: unknown): doc is unknown[] {
  if (!Array.isArray(doc) || doc.length === 0) return false;
  return doc.slice(0, 10).every((e) => {
    if (!isObject(e) || typeof e.image !== 'string' || !Array.isArray(e.annotations)) return false;
    const a = e.annotations[0];
    return a === undefined || (isObject(a) && typeof a.label === 'string' && isObject(a.coordinates));
  });
}

function parseBox(raw: unknown, file: string, at: string): CreatemlBox {
  const box = asObject(raw, file, at);
  const c = objectField(box, 'coordinates', file, at);
  const where = `${at}.coordinates`;
  const w = numberField(c, 'width', file, where);
  const h = numberField(c, 'height', file, where);
  return {
    label: stringField(box, 'label', file, at),
    x: numberField(c, 'x', file, where) - w / 2,
    y: numberField(c, 'y', file, where) - h / 2,
    w,
    h,
  };
}

/** The entry at `place` of `file`, with centre coordinates turned into corners. */
export function parseCreatemlImage(raw: unknown, file: string, place: string): CreatemlImage {
  const o = asObject(raw, file, place);
  const boxes = listField(o, 'annotations', file, place).map((a, j) =>
    parseBox(a, file, `${place}.annotations[${j}]`),
  );
  return { image: stringField(o, 'image', file, place), boxes };
}

/** A box as the file has it: the centre and the size. */
export function createmlBoxJson(label: string, b: Pick<BboxAnnotation, 'x' | 'y' | 'w' | 'h'>) {
  return { label, coordinates: { x: b.x + b.w / 2, y: b.y + b.h / 2, width: b.w, height: b.h } };
}

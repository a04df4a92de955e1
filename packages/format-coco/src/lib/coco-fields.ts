import { type Attributes, type AttributeValue, DatasetError } from '@labelport/core';

/** Throws the DatasetError for a bad field: `file: place: message`. */
export function badField(file: string, place: string, message: string): never {
  throw new DatasetError('bad-field', message, { file, place });
}

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'string') return v.length > 30 ? `a string "${v.slice(0, 30)}..."` : `"${v}"`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An integer field (ids are arbitrary, may pass 2^32: kept as numbers, safe up to 2^53). */
export function intField(o: Record<string, unknown>, key: string, file: string, place: string): number {
  const v = o[key];
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (v === undefined) badField(file, place, `'${key}' is missing`);
  return badField(file, `${place}.${key}`, `expected an integer, got ${describeValue(v)}`);
}

export function optionalInt(
  o: Record<string, unknown>,
  key: string,
  file: string,
  place: string,
): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  return badField(file, `${place}.${key}`, `expected an integer, got ${describeValue(v)}`);
}

export function stringField(o: Record<string, unknown>, key: string, file: string, place: string): string {
  const v = o[key];
  if (typeof v === 'string') return v;
  if (v === undefined) badField(file, place, `'${key}' is missing`);
  return badField(file, `${place}.${key}`, `expected a string, got ${describeValue(v)}`);
}

export function listField(o: Record<string, unknown>, key: string, file: string, place: string): unknown[] {
  const v = o[key];
  if (Array.isArray(v)) return v;
  if (v === undefined) badField(file, place, `'${key}' is missing`);
  return badField(file, `${place}.${key}`, `expected a list, got ${describeValue(v)}`);
}

/** `iscrowd` as 0/1 (booleans too); missing means 0. */
export function crowdField(o: Record<string, unknown>, file: string, place: string): boolean {
  const v = o.iscrowd;
  if (v === undefined || v === 0 || v === false || v === null) return false;
  if (v === 1 || v === true) return true;
  return badField(file, `${place}.iscrowd`, `expected 0 or 1, got ${describeValue(v)}`);
}

/**
 * The annotation's attributes as Datumaro reads them: the `attributes` object (a Datumaro and CVAT
 * extension) without CVAT's defaults (`occluded: false`, `rotation: 0`), plus `score` when present.
 */
export function readAttributes(o: Record<string, unknown>, file: string, place: string): Attributes {
  const out: Attributes = {};
  const attrs = o.attributes;
  if (attrs !== undefined && attrs !== null) {
    if (!isObject(attrs))
      badField(file, `${place}.attributes`, `expected an object, got ${describeValue(attrs)}`);
    for (const k in attrs) {
      const v = attrs[k];
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
        out[k] = v as AttributeValue;
      else
        badField(
          file,
          `${place}.attributes.${k}`,
          `expected a string, number or boolean, got ${describeValue(v)}`,
        );
    }
  }
  // CVAT writes its defaults on every shape ("occluded": false, "rotation": 0.0): values nobody set,
  // which a conversion would otherwise report as lost
  if (out.occluded === false) delete out.occluded;
  if (out.rotation === 0) delete out.rotation;
  const score = o.score;
  if (score !== undefined) {
    if (typeof score !== 'number' || !Number.isFinite(score)) {
      badField(file, `${place}.score`, `expected a number, got ${describeValue(score)}`);
    }
    out.score = score;
  }
  return out;
}

/** Checks a list of finite numbers (a polygon, a box, keypoints). */
export function checkNumbers(list: unknown[], file: string, place: string): number[] {
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v !== 'number' || !Number.isFinite(v))
      badField(file, `${place}[${i}]`, `expected a number, got ${describeValue(v)}`);
  }
  return list as number[];
}

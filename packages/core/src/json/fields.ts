/**
 * Field readers for untyped JSON (a parsed annotation file): each returns the value with its type or
 * throws DatasetError('bad-field') naming the file and the place (`images[3].width`). One set for every
 * format, so that a missing key and an ill-typed one read the same everywhere.
 */
import { DatasetError } from '../errors.js';

/** A JSON object (not null, not a list). */
export type JsonObject = Record<string, unknown>;

/** Throws the DatasetError for a bad field: `file: place: message`. */
export function badField(file: string, place: string, message: string): never {
  throw new DatasetError('bad-field', message, { file, place });
}

/** A value as a message shows it: `"abc"`, `a list of 3`, `an object`, `number 4.5`, `nothing`. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'string') return v.length > 30 ? `a string "${v.slice(0, 30)}..."` : `"${v}"`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `v` as an object, or DatasetError at `place`. */
export function asObject(v: unknown, file: string, place: string): JsonObject {
  if (isObject(v)) return v;
  return badField(file, place, `expected an object, got ${describeValue(v)}`);
}

function missing(file: string, place: string, key: string): never {
  return badField(file, place, `'${key}' is missing`);
}

function placeOf(place: string, key: string): string {
  return place === '' ? key : `${place}.${key}`;
}

/** An integer field (ids may pass 2^32: kept as numbers, safe up to 2^53). Missing is an error. */
export function intField(o: JsonObject, key: string, file: string, place: string): number {
  const v = o[key];
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (v === undefined) missing(file, place, key);
  return badField(file, placeOf(place, key), `expected an integer, got ${describeValue(v)}`);
}

/** An integer field that may be absent or null (`undefined` then). */
export function optionalInt(o: JsonObject, key: string, file: string, place: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  return badField(file, placeOf(place, key), `expected an integer, got ${describeValue(v)}`);
}

/** A finite number field. Missing is an error. */
export function numberField(o: JsonObject, key: string, file: string, place: string): number {
  const v = o[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (v === undefined) missing(file, place, key);
  return badField(file, placeOf(place, key), `expected a number, got ${describeValue(v)}`);
}

/** A finite number field that may be absent or null. */
export function optionalNumber(o: JsonObject, key: string, file: string, place: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  return badField(file, placeOf(place, key), `expected a number, got ${describeValue(v)}`);
}

export function stringField(o: JsonObject, key: string, file: string, place: string): string {
  const v = o[key];
  if (typeof v === 'string') return v;
  if (v === undefined) missing(file, place, key);
  return badField(file, placeOf(place, key), `expected a string, got ${describeValue(v)}`);
}

/** A string field that may be absent or null. */
export function optionalString(o: JsonObject, key: string, file: string, place: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  return badField(file, placeOf(place, key), `expected a string, got ${describeValue(v)}`);
}

export function listField(o: JsonObject, key: string, file: string, place: string): unknown[] {
  const v = o[key];
  if (Array.isArray(v)) return v;
  if (v === undefined) missing(file, place, key);
  return badField(file, placeOf(place, key), `expected a list, got ${describeValue(v)}`);
}

/** A list field that may be absent or null (an empty list then). */
export function optionalList(o: JsonObject, key: string, file: string, place: string): unknown[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  return badField(file, placeOf(place, key), `expected a list, got ${describeValue(v)}`);
}

export function objectField(o: JsonObject, key: string, file: string, place: string): JsonObject {
  const v = o[key];
  if (isObject(v)) return v;
  if (v === undefined) missing(file, place, key);
  return badField(file, placeOf(place, key), `expected an object, got ${describeValue(v)}`);
}

/** Checks a list of finite numbers (a polygon, a box, keypoints) at `place`. */
export function checkNumbers(list: unknown[], file: string, place: string): number[] {
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v !== 'number' || !Number.isFinite(v))
      badField(file, `${place}[${i}]`, `expected a number, got ${describeValue(v)}`);
  }
  return list as number[];
}

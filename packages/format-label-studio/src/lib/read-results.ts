/**
 * One annotation's (or prediction's) `result` list as regions: Label Studio gives every region an id,
 * and the results of one region share it (a shape, its labels from a separate `<Labels>`, per-region
 * text, choices or numbers). Results without a region are the image's: choices (image labels) and
 * text areas (captions). Relations link two regions by id.
 */
import {
  type Attributes,
  type AttributeValue,
  DatasetError,
  type DatasetLimits,
  lazyMask,
  type ReadContext,
} from '@labelport/core';
import { asObject, describeValue, isObject, type JsonObject } from '@labelport/core/json';
import { checkBrushHeader, decodeBrushRle } from './brush-rle.js';
import {
  ellipseShape,
  type Frame,
  keypointShape,
  type Place,
  polygonShape,
  rectangleShape,
} from './region-geometry.js';
import { isShapeKind, kindOf, LABELS_TYPE, type ResultKind, type ShapeKind } from './result-kinds.js';

type Shape = ReturnType<typeof rectangleShape>;

export interface Region {
  id: string;
  kind?: ShapeKind;
  shape?: Shape;
  fromName?: string;
  toName?: string;
  labels: string[];
  attributes: Attributes;
}

export interface ImageResult {
  value: string;
  fromName: string;
  toName?: string;
  score?: number;
}

export interface Relation {
  from: string;
  to: string;
  direction?: string;
  labels: string[];
}

export interface SourceRead {
  regions: Region[];
  choices: ImageResult[];
  captions: ImageResult[];
  relations: Relation[];
}

export interface ResultEnv {
  file: string;
  ctx: ReadContext;
  limits: DatasetLimits;
  /** The task's image size (from its results or the image's header), when known. */
  frame: Frame;
  /** Result types that are not read, with how many: warned once at the end. */
  unread: Map<string, number>;
}

/** The key of `ResultEnv.unread` that counts regions drawn on a rotated image (`image_rotation`). */
export const ROTATED_IMAGE = '#image_rotation';

const optionalText = (o: JsonObject, key: string): string | undefined =>
  typeof o[key] === 'string' ? (o[key] as string) : undefined;

/** A list of strings (labels, choices, text) at `place`, or a DatasetError. */
function strings(v: unknown, at: Place): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) {
    throw new DatasetError('bad-field', `expected a list of strings, got ${describeValue(v)}`, at);
  }
  return v as string[];
}

function frameOf(r: JsonObject, env: ResultEnv): Frame {
  const { original_width: width, original_height: height } = r;
  if (typeof width === 'number' && typeof height === 'number' && width > 0 && height > 0)
    return { width, height };
  return env.frame;
}

function brushShape(v: JsonObject, frame: Frame, at: Place, limits: DatasetLimits): Shape {
  if (v.format !== undefined && v.format !== 'rle') {
    throw new DatasetError(
      'unsupported',
      `brush format ${describeValue(v.format)} is not read (only 'rle')`,
      at,
    );
  }
  const { width, height } = frame;
  if (width === undefined || height === undefined) {
    throw new DatasetError('bad-value', 'a brush mask needs original_width and original_height', at);
  }
  const where = { file: at.file, place: `${at.place}.rle` };
  checkBrushHeader(v.rle, width, height, where, limits);
  const rle = v.rle;
  const mask = lazyMask(async () => decodeBrushRle(rle, width, height, where, limits), { width, height });
  return { type: 'mask', mask, attributes: {} };
}

function shapeOf(kind: ShapeKind, v: JsonObject, frame: Frame, at: Place, env: ResultEnv): Shape {
  switch (kind) {
    case 'rectangle':
      return rectangleShape(v, frame, at);
    case 'polygon':
      return polygonShape(v, frame, at);
    case 'keypoint':
      return keypointShape(v, frame, at);
    case 'ellipse':
      return ellipseShape(v, frame, at);
    case 'brush':
      return brushShape(v, frame, at, env.limits);
  }
}

/** The region a result belongs to (made on first sight), in order of first sight. */
function regionOf(regions: Map<string, Region>, r: JsonObject, index: number): Region {
  const id = typeof r.id === 'string' || typeof r.id === 'number' ? String(r.id) : `#${index}`;
  let region = regions.get(id);
  if (!region) {
    region = { id, labels: [], attributes: {} };
    regions.set(id, region);
  }
  return region;
}

function addShape(region: Region, kind: ShapeKind, r: JsonObject, v: JsonObject, at: Place, env: ResultEnv) {
  const labels = strings(v[LABELS_TYPE[kind]] ?? v.labels, { file: at.file, place: `${at.place}.value` });
  if (!region.shape) {
    if (typeof r.image_rotation === 'number' && r.image_rotation !== 0) {
      env.unread.set(ROTATED_IMAGE, (env.unread.get(ROTATED_IMAGE) ?? 0) + 1);
    }
    region.shape = shapeOf(kind, v, frameOf(r, env), { file: at.file, place: `${at.place}.value` }, env);
    region.kind = kind;
    region.fromName = optionalText(r, 'from_name');
    region.toName = optionalText(r, 'to_name');
    if (typeof r.score === 'number' && Number.isFinite(r.score)) region.attributes.score = r.score;
  }
  region.labels.push(...labels);
}

/** A per-region text, choice, number or rating as the value of an attribute. */
function attributeValue(kind: ResultKind, v: JsonObject, at: Place): AttributeValue | undefined {
  if (kind === 'textarea') return strings(v.text, at).join('\n');
  if (kind === 'choices') {
    const list = strings(v.choices, at);
    if (list.length === 1 && (list[0] === 'true' || list[0] === 'false')) return list[0] === 'true';
    return list.join(', ');
  }
  const n = v[kind];
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function relationOf(r: JsonObject, at: Place): Relation {
  const { from_id: from, to_id: to } = r;
  if (
    (typeof from !== 'string' && typeof from !== 'number') ||
    (typeof to !== 'string' && typeof to !== 'number')
  ) {
    throw new DatasetError('bad-field', "a relation needs 'from_id' and 'to_id'", at);
  }
  const direction = optionalText(r, 'direction');
  return { from: String(from), to: String(to), direction, labels: strings(r.labels, at) };
}

interface Parsed {
  r: JsonObject;
  v: JsonObject;
  kind: ResultKind;
  at: Place;
  index: number;
}

/** Each result with its value and kind; those of a kind not read are counted in `env.unread`. */
function parseAll(results: unknown[], env: ResultEnv, place: string): Parsed[] {
  const out: Parsed[] = [];
  results.forEach((raw, index) => {
    const at = { file: env.file, place: `${place}[${index}]` };
    const r = asObject(raw, at.file, at.place);
    const v = isObject(r.value) ? r.value : {};
    const kind = kindOf(r.type, v);
    if (kind === undefined) {
      const type = typeof r.type === 'string' ? r.type : 'without a type';
      env.unread.set(type, (env.unread.get(type) ?? 0) + 1);
    } else out.push({ r, v, kind, at, index });
  });
  return out;
}

/** Results that are not a shape: a region's attribute, or the image's choice or caption. */
function addOther(p: Parsed, regions: Map<string, Region>, out: SourceRead, env: ResultEnv): void {
  const { r, v, kind, at } = p;
  const region = typeof r.id === 'string' || typeof r.id === 'number' ? regions.get(String(r.id)) : undefined;
  const vAt = { file: at.file, place: `${at.place}.value` };
  const fromName = optionalText(r, 'from_name') ?? kind;
  if (region?.shape) {
    const value = attributeValue(kind, v, vAt);
    if (value !== undefined) region.attributes[fromName] = value;
    return;
  }
  const toName = optionalText(r, 'to_name');
  const score = typeof r.score === 'number' && Number.isFinite(r.score) ? r.score : undefined;
  const list = kind === 'choices' ? out.choices : kind === 'textarea' ? out.captions : undefined;
  if (list)
    for (const value of strings(kind === 'choices' ? v.choices : v.text, vAt))
      list.push({ value, fromName, toName, score });
  else {
    const what = `${kind} (of the image, not of a region)`;
    env.unread.set(what, (env.unread.get(what) ?? 0) + 1);
  }
}

/** The regions, image results and relations of one result list (`place` is where the list is). */
export function readResults(results: unknown, env: ResultEnv, place: string): SourceRead {
  const list = results === undefined || results === null ? [] : results;
  if (!Array.isArray(list)) {
    throw new DatasetError('bad-field', `expected a list of results, got ${describeValue(list)}`, {
      file: env.file,
      place,
    });
  }
  const parsed = parseAll(list, env, place);
  const regions = new Map<string, Region>();
  const out: SourceRead = { regions: [], choices: [], captions: [], relations: [] };
  // Shapes and labels first: the results that name a region may come before its shape.
  for (const p of parsed) {
    if (isShapeKind(p.kind)) {
      const region = regionOf(regions, p.r, p.index);
      env.ctx.attempt(() => addShape(region, p.kind as ShapeKind, p.r, p.v, p.at, env), p.at);
    } else if (p.kind === 'labels') {
      const region = regionOf(regions, p.r, p.index);
      const shapeKind = kindOf(undefined, p.v);
      if (!region.shape && shapeKind && isShapeKind(shapeKind)) {
        env.ctx.attempt(() => addShape(region, shapeKind, p.r, p.v, p.at, env), p.at);
      } else region.labels.push(...strings(p.v.labels, p.at));
    }
  }
  for (const p of parsed) {
    if (p.kind === 'relation') {
      const rel = env.ctx.attempt(() => relationOf(p.r, p.at), p.at);
      if (rel) out.relations.push(rel);
    } else if (!isShapeKind(p.kind) && p.kind !== 'labels') {
      env.ctx.attempt(() => addOther(p, regions, out, env), p.at);
    }
  }
  out.regions = [...regions.values()].filter((r) => r.shape);
  return out;
}

/**
 * Labelbox objects, in either shape, as annotations:
 *   bounding_box (export) / bbox (import) {top, left, height, width} -> bbox
 *   polygon [{x, y}] -> polygon; line [{x, y}] -> polyline; point {x, y} -> points of one point
 *   mask {png: base64 PNG} (import)                               -> mask, decoded when loaded
 *   mask {url} / composite_mask {url, color_rgb} (export), mask {instanceURI, colorRGB} (import)
 *       -> a label annotation with the URL in `mask_url` (and `mask_color`): masks by URL are never
 *          fetched, so the pixels are not read (counted in a warning)
 * The object's `name` is the label; its nested classifications, its `feature_id` and `confidence`
 * (as `score`) are attributes.
 */
import {
  type Annotation,
  type Attributes,
  checkPixels,
  type DatasetLimits,
  inFile,
  lazyMask,
} from '@labelport/core';
import { decodeBase64 } from '@labelport/core/files';
import {
  asObject,
  badField,
  checkNumbers,
  describeValue,
  isObject,
  type JsonObject,
  numberField,
  optionalList,
  stringField,
} from '@labelport/core/json';
import type { LabelTable } from '@labelport/core/meta';
import { decodeBinaryMaskPng, readPngHeader } from '@labelport/core/png';
import { type FlattenEnv, flatten } from './classifications.js';

/** Attribute names the format gives meaning to (not classifications). */
export const FEATURE_ID = 'feature_id';
export const LABEL_ID = 'label_id';
export const MASK_URL = 'mask_url';
export const MASK_COLOR = 'mask_color';
export const SCORE = 'score';
/** On a label annotation: the image-level question it answers. */
export const CLASSIFICATION = 'classification';

export interface ObjectEnv extends FlattenEnv {
  labels: LabelTable;
  limits: DatasetLimits;
  /** Masks given by URL in this pass (not read). */
  urlMasks: number;
  /** Objects of kinds not read, by kind. */
  unknown: Map<string, number>;
}

/** `[{x, y}, ...]` as flat x, y. */
function pointList(v: unknown, file: string, place: string): number[] {
  if (!Array.isArray(v)) return badField(file, place, `expected a list of {x, y}, got ${describeValue(v)}`);
  const out: number[] = [];
  v.forEach((p, i) => {
    const o = asObject(p, file, `${place}[${i}]`);
    out.push(numberField(o, 'x', file, `${place}[${i}]`), numberField(o, 'y', file, `${place}[${i}]`));
  });
  return out;
}

function inlineMask(png: string, file: string, place: string, limits: DatasetLimits): Annotation {
  const bytes = decodeBase64(png) ?? badField(file, place, 'the mask PNG is not base64');
  const { width, height } = inFile(file, () => readPngHeader(bytes), place);
  checkPixels(width, height, { file, place }, limits);
  const mask = lazyMask(async () => decodeBinaryMaskPng(bytes, file, { limits }), { width, height });
  return { type: 'mask', mask, attributes: {} };
}

/** A mask by URL: a label annotation keeping the URL (and the colour of a composite mask). */
function urlMask(url: string, color: unknown, file: string, place: string): Annotation {
  const attributes: Attributes = { [MASK_URL]: url };
  if (color !== undefined) {
    const rgb = Array.isArray(color) ? checkNumbers(color, file, `${place}.color_rgb`) : [];
    if (rgb.length !== 3)
      badField(file, `${place}.color_rgb`, `expected [r, g, b], got ${describeValue(color)}`);
    attributes[MASK_COLOR] = rgb.join(',');
  }
  return { type: 'label', attributes };
}

function maskOf(o: JsonObject, file: string, place: string, env: ObjectEnv): Annotation {
  const mask = isObject(o.mask) ? o.mask : undefined;
  const composite = isObject(o.composite_mask) ? o.composite_mask : undefined;
  if (mask && typeof mask.png === 'string')
    return inlineMask(mask.png, file, `${place}.mask.png`, env.limits);
  env.urlMasks++;
  if (mask && typeof mask.url === 'string') return urlMask(mask.url, undefined, file, `${place}.mask`);
  if (mask && typeof mask.instanceURI === 'string') {
    // white is an instance mask's colour (what a writer gives a mask of no colour)
    const white = Array.isArray(mask.colorRGB) && mask.colorRGB.every((c) => c === 255);
    return urlMask(mask.instanceURI, white ? undefined : (mask.colorRGB ?? undefined), file, `${place}.mask`);
  }
  if (composite && typeof composite.url === 'string') {
    return urlMask(composite.url, composite.color_rgb ?? undefined, file, `${place}.composite_mask`);
  }
  return badField(file, `${place}.mask`, 'a mask needs a url, an instanceURI or an inline png');
}

/** The geometry of an object, or undefined for a kind not read here (counted). */
function geometryOf(o: JsonObject, file: string, place: string, env: ObjectEnv): Annotation | undefined {
  const box = o.bounding_box ?? o.bbox;
  if (box !== undefined) {
    const key = 'bounding_box' in o ? 'bounding_box' : 'bbox';
    const b = asObject(box, file, `${place}.${key}`);
    const n = (k: string) => numberField(b, k, file, `${place}.${key}`);
    return { type: 'bbox', x: n('left'), y: n('top'), w: n('width'), h: n('height'), attributes: {} };
  }
  if (o.polygon !== undefined)
    return { type: 'polygon', points: pointList(o.polygon, file, `${place}.polygon`), attributes: {} };
  if (o.line !== undefined)
    return { type: 'polyline', points: pointList(o.line, file, `${place}.line`), attributes: {} };
  if (o.point !== undefined) {
    const p = asObject(o.point, file, `${place}.point`);
    const xy = [numberField(p, 'x', file, `${place}.point`), numberField(p, 'y', file, `${place}.point`)];
    return { type: 'points', points: xy, visibility: [2], attributes: {} };
  }
  if (o.mask !== undefined || o.composite_mask !== undefined) return maskOf(o, file, place, env);
  const kind = typeof o.annotation_kind === 'string' ? o.annotation_kind : 'without a geometry';
  env.unknown.set(kind, (env.unknown.get(kind) ?? 0) + 1);
  return undefined;
}

/** One object as an annotation (undefined for a kind not read); `extra`: attributes it gets besides. */
export function objectAnnotation(
  raw: unknown,
  file: string,
  place: string,
  env: ObjectEnv,
  extra: Attributes = {},
): Annotation | undefined {
  const o = asObject(raw, file, place);
  const name = stringField(o, 'name', file, place);
  const a = geometryOf(o, file, place, env);
  if (!a) return undefined;
  const attributes: Attributes = { ...extra };
  const featureId = o.feature_id ?? o.featureId;
  if (typeof featureId === 'string') attributes[FEATURE_ID] = featureId;
  if (typeof o.confidence === 'number' && Number.isFinite(o.confidence)) attributes[SCORE] = o.confidence;
  flatten(optionalList(o, 'classifications', file, place), file, `${place}.classifications`, attributes, env);
  Object.assign(attributes, a.attributes);
  return { ...a, label: env.labels.get(name), attributes };
}

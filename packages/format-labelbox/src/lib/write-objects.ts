/**
 * Annotations as Labelbox objects, in the importer's shape (the SDK's NDJsonConverter: `bbox`,
 * `polygon`, `line`, `point`, `mask: { png }` or `mask: { instanceURI, colorRGB }`) or the export's
 * (`bounding_box`, `polygon`, `line`, `point`, `mask: { url }` / `composite_mask`, with
 * `annotation_kind`). An inline mask is a PNG of 0 and 1 (what the SDK writes and reads back), base64.
 * Returns the geometry part; what an annotation cannot be is counted by the caller.
 */
import { type Annotation, type DatasetLimits, loadMask } from '@labelport/core';
import { encodeBase64 } from '@labelport/core/files';
import type { JsonObject } from '@labelport/core/json';
import { encodeBinaryMaskPng } from '@labelport/core/png';
import type { Shape } from './classifications.js';
import { MASK_COLOR, MASK_URL } from './objects.js';

const xy = (points: readonly number[]) => {
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i + 1 < points.length; i += 2) out.push({ x: points[i]!, y: points[i + 1]! });
  return out;
};

/** `annotation_kind` of the export shape, by geometry key. */
const KIND: Record<string, string> = {
  bounding_box: 'ImageBoundingBox',
  polygon: 'ImagePolygon',
  line: 'ImagePolyline',
  point: 'ImagePoint',
  mask: 'ImageSegmentationMask',
  composite_mask: 'ImageSegmentationMask',
};

export interface Geometry {
  /** The geometry key and its value, e.g. `["bbox", {top, left, height, width}]`. */
  key: string;
  value: unknown;
  kind?: string;
}

const geometry = (key: string, value: unknown, shape: Shape): Geometry => ({
  key,
  value,
  kind: shape === 'export' ? KIND[key] : undefined,
});

/** A mask by URL (a label annotation with `mask_url`) as the shape holds it. */
export function urlMaskGeometry(a: Annotation, shape: Shape): Geometry | undefined {
  const url = a.attributes[MASK_URL];
  if (typeof url !== 'string') return undefined;
  const color = String(a.attributes[MASK_COLOR] ?? '')
    .split(',')
    .map(Number);
  const rgb =
    color.length === 3 && color.every((c) => Number.isInteger(c) && c >= 0 && c <= 255) ? color : undefined;
  if (shape === 'import')
    return geometry('mask', { instanceURI: url, colorRGB: rgb ?? [255, 255, 255] }, shape);
  return rgb ? geometry('composite_mask', { url, color_rgb: rgb }, shape) : geometry('mask', { url }, shape);
}

/** The geometry of a bbox, polygon, polyline or mask (undefined for the other types). */
export async function geometryOf(
  a: Annotation,
  shape: Shape,
  limits: DatasetLimits,
): Promise<Geometry | undefined> {
  switch (a.type) {
    case 'bbox':
      return geometry(
        shape === 'import' ? 'bbox' : 'bounding_box',
        { top: a.y, left: a.x, height: a.h, width: a.w },
        shape,
      );
    case 'polygon':
      return geometry('polygon', xy(a.points), shape);
    case 'polyline':
      return geometry('line', xy(a.points), shape);
    case 'mask': {
      const png = encodeBinaryMaskPng(await loadMask(a.mask, { limits }), 1);
      return geometry('mask', { png: encodeBase64(png) }, shape);
    }
    default:
      return undefined;
  }
}

/** A point's geometry. */
export const pointGeometry = (x: number, y: number, shape: Shape): Geometry =>
  geometry('point', { x, y }, shape);

/** The object JSON: `head` (ids, name), its nested classifications, then the geometry. */
export function objectJson(
  head: JsonObject,
  g: Geometry,
  classifications: JsonObject[],
  confidence?: number,
): JsonObject {
  const out: JsonObject = { ...head };
  if (g.kind !== undefined) out.annotation_kind = g.kind;
  out.classifications = classifications;
  if (confidence !== undefined) out.confidence = confidence;
  out[g.key] = g.value;
  return out;
}

/** Annotations as labelme JSON shapes, with what a shape cannot hold counted. */
import {
  type Annotation,
  type Categories,
  type DatasetLimits,
  loadMask,
  type MaskAnnotation,
  type ReportBuilder,
} from '@labelport/core';
import { encodeBase64 } from '@labelport/core/files';
import { maskBbox } from '@labelport/core/geometry';
import type { JsonObject } from '@labelport/core/json';
import { encodeBinaryMaskPng } from '@labelport/core/png';

type Point = [number, number];
type Labels = Categories['labels'];

const pairs = (p: number[]) => {
  const out: Point[] = [];
  for (let i = 0; i + 1 < p.length; i += 2) out.push([p[i]!, p[i + 1]!]);
  return out;
};

/** What every shape of an annotation shares: label, group, boolean attributes as flags, the description. */
function shapeFields(a: Annotation, labels: Labels, report: ReportBuilder) {
  const flags: Record<string, boolean> = {};
  let description = '';
  for (const [k, v] of Object.entries(a.attributes)) {
    if (typeof v === 'boolean') flags[k] = v;
    else if (k === 'description' && typeof v === 'string') description = v;
    else report.drop('attribute');
  }
  if (a.objectId !== undefined) report.drop('objectId');
  return {
    label: a.label !== undefined ? (labels[a.label]?.name ?? '') : '',
    group_id: a.group !== undefined ? a.group : null,
    description,
    flags,
  };
}

/** A mask as a mask shape: a PNG of its tight box; undefined (counted) for an empty mask. */
async function maskShape(a: MaskAnnotation, where: string, limits: DatasetLimits, report: ReportBuilder) {
  const bitmap = await loadMask(a.mask, { limits, where });
  const [x, y, w, h] = maskBbox(bitmap);
  const size = { width: bitmap.width, height: bitmap.height };
  if (w === 0 || h === 0) {
    report.drop('mask', 1, 'empty masks are not written (a labelme mask shape is the PNG of its box)');
    return { size };
  }
  const crop = new Uint8Array(w * h);
  for (let r = 0; r < h; r++)
    crop.set(bitmap.data.subarray((y + r) * bitmap.width + x, (y + r) * bitmap.width + x + w), r * w);
  const points: Point[] = [
    [x, y],
    [x + w - 1, y + h - 1],
  ];
  const mask = encodeBase64(encodeBinaryMaskPng({ width: w, height: h, data: crop }));
  return { size, points, mask };
}

/** A round ellipse as a circle (centre and a point on it); undefined (counted) for one that is not round. */
function circlePoints(a: Annotation & { type: 'ellipse' }, report: ReportBuilder): Point[] | undefined {
  const rx = (a.x2 - a.x1) / 2;
  const ry = (a.y2 - a.y1) / 2;
  if (Math.abs(rx - ry) > 1e-9) {
    report.drop(
      'ellipse',
      1,
      'labelme has circles, not ellipses: ellipses that are not round are not written',
    );
    return undefined;
  }
  const cx = a.x1 + rx;
  const cy = a.y1 + ry;
  return [
    [cx, cy],
    [cx + rx, cy],
  ];
}

/** A points annotation as point shapes (labelme holds one point per shape). */
function pointShapes(a: Annotation & { type: 'points' }, report: ReportBuilder): Point[][] {
  if (a.points.length > 2)
    report.convert(
      'points',
      'point shapes',
      1,
      'labelme holds one point per shape: a points annotation becomes several point shapes',
    );
  if (a.visibility.some((v) => v !== 2))
    report.drop(
      'point visibility',
      1,
      'labelme points have no visibility: hidden and absent points are written as visible',
    );
  return pairs(a.points).map((p) => [p]);
}

export interface ItemShapes {
  shapes: JsonObject[];
  /** The size of the item's first mask: the image size a mask shape needs when the media has none. */
  maskSize?: { width: number; height: number };
}

/**
 * The shapes of an item's annotations in labelme's key order (label, points, group_id, description,
 * shape_type, flags, mask). Boxes -> rectangle, polygons, polylines -> linestrip, points -> point
 * (one shape per point), circles -> circle, masks -> mask; the rest is counted lost.
 */
export async function itemShapes(
  annotations: Annotation[],
  labels: Labels,
  where: string,
  limits: DatasetLimits,
  report: ReportBuilder,
): Promise<ItemShapes> {
  const out: ItemShapes = { shapes: [] };
  for (const a of annotations) {
    const fields = shapeFields(a, labels, report);
    const shape = (shape_type: string, points: Point[], mask: string | null = null) => {
      const { label, group_id, description, flags } = fields;
      out.shapes.push({ label, points, group_id, description, shape_type, flags, mask });
    };
    if (a.type === 'bbox')
      shape('rectangle', [
        [a.x, a.y],
        [a.x + a.w, a.y + a.h],
      ]);
    else if (a.type === 'polygon') shape('polygon', pairs(a.points));
    else if (a.type === 'polyline') shape('linestrip', pairs(a.points));
    else if (a.type === 'points') for (const p of pointShapes(a, report)) shape('point', p);
    else if (a.type === 'ellipse') {
      const points = circlePoints(a, report);
      if (points) shape('circle', points);
    } else if (a.type === 'mask') {
      const m = await maskShape(a, where, limits, report);
      out.maskSize ??= m.size;
      if (m.points) shape('mask', m.points, m.mask);
    } else report.drop(a.type);
  }
  return out;
}

import type { Annotation, Attributes, PointsAnnotation, ReportBuilder } from '@labelport/core';

/** On the polygon of an ellipse: the ellipse's box, which stays the object's box. */
export const ELLIPSE_BOX = Symbol('ellipse box');

/**
 * score goes to the top level, is_crowd to iscrowd; the rest to `attributes` (Datumaro, CVAT), or,
 * when attributes are not allowed, to the report as dropped; a value that is not a string, number or
 * boolean is dropped (reported) either way.
 */
export function attributeFields(
  attrs: Attributes,
  elem: Record<string, unknown>,
  allow: boolean,
  report: ReportBuilder,
): void {
  const score = attrs.score;
  if (score !== undefined) {
    const n = typeof score === 'number' ? score : Number(score);
    if (Number.isFinite(n)) elem.score = n;
    else report.drop('attribute');
  }
  let rest: Attributes | undefined;
  let n = 0;
  for (const k in attrs) {
    if (k === 'is_crowd' || k === 'score') continue;
    const v: unknown = attrs[k];
    // The model allows no other (a reader may leave one, as LFW's pair lists): COCO's readers refuse it.
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      report.drop('attribute', 1, 'attribute values that are not a string, number or boolean were dropped');
      continue;
    }
    if (!allow) n++;
    else {
      rest ??= {};
      rest[k] = attrs[k];
    }
  }
  if (rest) elem.attributes = rest;
  report.drop('attribute', n);
}

/** COCO keypoints [x, y, v, ...] and num_keypoints (points labelled, v > 0). */
export function keypointFields(p: PointsAnnotation): { keypoints: number[]; num_keypoints: number } {
  const k = p.points.length >> 1;
  const keypoints = new Array<number>(3 * k);
  let n = 0;
  for (let i = 0; i < k; i++) {
    const v = p.visibility[i] ?? 2;
    keypoints[3 * i] = p.points[2 * i];
    keypoints[3 * i + 1] = p.points[2 * i + 1];
    keypoints[3 * i + 2] = v;
    if (v > 0) n++;
  }
  return { keypoints, num_keypoints: n };
}

/**
 * An ellipse as the polygon Datumaro writes for it in COCO: 720 points at angles spread evenly
 * from 0 to 2 pi inclusive (numpy's linspace), around the centre of its box.
 */
export function ellipseAsPolygon(
  a: Extract<Annotation, { type: 'ellipse' }>,
): Extract<Annotation, { type: 'polygon' }> {
  const n = 720;
  const cx = (a.x1 + a.x2) / 2;
  const cy = (a.y1 + a.y2) / 2;
  const rx = (a.x2 - a.x1) / 2;
  const ry = (a.y2 - a.y1) / 2;
  const points = new Array<number>(2 * n);
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / (n - 1);
    points[2 * i] = cx + rx * Math.cos(t);
    points[2 * i + 1] = cy + ry * Math.sin(t);
  }
  const { type: _t, x1: _a, y1: _b, x2: _c, y2: _d, ...base } = a;
  // the object's box stays the ellipse's own (Datumaro takes it before making the polygon)
  return {
    ...base,
    type: 'polygon',
    points,
    [ELLIPSE_BOX]: [a.x1, a.y1, a.x2 - a.x1, a.y2 - a.y1],
  } as Extract<Annotation, { type: 'polygon' }>;
}

// A KITTI object line as a bbox annotation, and back.
import type { BboxAnnotation } from '@labelport/core';
import type { KittiObject } from './kitti-label-line.js';

/**
 * Attributes of a KITTI box. `truncated` and `occluded` are booleans as in Datumaro; the exact values
 * (truncation 0..1, occlusion level 0..3) and the 3D fields are kept under their own names when they
 * differ from what Datumaro writes for "unknown" (-1), so that files round-trip field for field.
 */
const NUMERIC_FIELDS = [
  ['alpha', (o: KittiObject) => o.alpha],
  ['dimensions_h', (o: KittiObject) => o.dimensions[0]],
  ['dimensions_w', (o: KittiObject) => o.dimensions[1]],
  ['dimensions_l', (o: KittiObject) => o.dimensions[2]],
  ['location_x', (o: KittiObject) => o.location[0]],
  ['location_y', (o: KittiObject) => o.location[1]],
  ['location_z', (o: KittiObject) => o.location[2]],
  ['rotation_y', (o: KittiObject) => o.rotationY],
] as const;
const UNKNOWN = -1;
export const KITTI_BOX_ATTRIBUTES = new Set([
  'truncated',
  'occluded',
  'truncation',
  'occlusion',
  'score',
  ...NUMERIC_FIELDS.map(([k]) => k),
]);

export function boxOf(o: KittiObject, label: number, id: number): BboxAnnotation {
  const attributes: BboxAnnotation['attributes'] = {
    truncated: o.truncated !== 0,
    occluded: o.occluded !== 0,
  };
  if (o.truncated !== 0 && o.truncated !== 1) attributes.truncation = o.truncated;
  if (o.occluded !== 0 && o.occluded !== 1) attributes.occlusion = o.occluded;
  for (const [name, get] of NUMERIC_FIELDS) if (get(o) !== UNKNOWN) attributes[name] = get(o);
  if (o.score !== undefined) attributes.score = o.score;
  const [x1, y1, x2, y2] = o.bbox;
  return { type: 'bbox', id, label, x: x1, y: y1, w: x2 - x1, h: y2 - y1, attributes };
}

export function objectOf(a: BboxAnnotation, type: string): KittiObject {
  const at = a.attributes;
  const n = (k: string) => (typeof at[k] === 'number' ? (at[k] as number) : UNKNOWN);
  const truncated =
    typeof at.truncation === 'number' && (at.truncation !== 0) === (at.truncated === true)
      ? at.truncation
      : typeof at.truncated === 'number'
        ? at.truncated
        : at.truncated === true
          ? 1
          : 0;
  const occluded =
    typeof at.occlusion === 'number' && (at.occlusion !== 0) === (at.occluded === true)
      ? at.occlusion
      : typeof at.occluded === 'number'
        ? at.occluded
        : at.occluded === true
          ? 1
          : 0;
  return {
    type,
    truncated,
    occluded,
    alpha: n('alpha'),
    bbox: [a.x, a.y, a.x + a.w, a.y + a.h],
    dimensions: [n('dimensions_h'), n('dimensions_w'), n('dimensions_l')],
    location: [n('location_x'), n('location_y'), n('location_z')],
    rotationY: n('rotation_y'),
    score: typeof at.score === 'number' ? at.score : undefined,
  };
}

/**
 * VoTT regions as annotations, as VoTT draws them: a RECTANGLE (or SQUARE) is a box (its
 * `boundingBox`), a POLYGON a polygon and a POLYLINE a polyline (their `points`), a POINT a points
 * annotation of one point. A region has one tag per label it carries: it becomes one annotation per
 * tag, and the annotations of a region with several tags are tied by a group (one object, several
 * labels). A region without tags is an annotation without a label. The region's id is kept as the
 * annotation's `id` attribute, as Datumaro keeps it.
 */
import type { Annotation, Attributes } from '@labelport/core';
import { bboxOfPoints } from '@labelport/core/geometry';
import type { LabelTable } from '@labelport/core/meta';
import type { VottRegion } from './vott-json-doc.js';

type Shape = Annotation & { type: 'bbox' | 'polygon' | 'polyline' | 'points' };

/** The region's geometry, without label or attributes. */
function shapeOf(region: VottRegion, attributes: Attributes): Shape {
  switch (region.type) {
    case 'POLYGON':
      return { type: 'polygon', points: region.points, attributes };
    case 'POLYLINE':
      return { type: 'polyline', points: region.points, attributes };
    case 'POINT':
      return {
        type: 'points',
        points: region.points,
        visibility: region.points.filter((_, i) => i % 2 === 0).map(() => 2),
        attributes,
      };
    default: {
      if (region.box) {
        const { left, top, width, height } = region.box;
        return { type: 'bbox', x: left, y: top, w: width, h: height, attributes };
      }
      const [x, y, w, h] = bboxOfPoints(region.points) as [number, number, number, number];
      return { type: 'bbox', x, y, w, h, attributes };
    }
  }
}

/**
 * The annotations of one region: one per tag (labels interned in `labels`), tied by the group
 * `nextGroup()` gives when there are several.
 */
export function regionAnnotations(
  region: VottRegion,
  labels: LabelTable,
  nextGroup: () => number,
): Annotation[] {
  const attributes: Attributes = region.id === undefined ? {} : { id: region.id };
  if (region.tags.length === 0) return [shapeOf(region, attributes)];
  const group = region.tags.length > 1 ? nextGroup() : undefined;
  return region.tags.map((tag) => {
    const shape = shapeOf(region, { ...attributes });
    shape.label = labels.get(tag);
    if (group !== undefined) shape.group = group;
    return shape;
  });
}

/**
 * DOTA's four corners as labelport's shapes: a rectangle (within a tolerance, in pixels) is a rotated
 * box (a bbox whose `rotation` attribute is in degrees clockwise about its centre, core's convention,
 * left out when the box is upright); four points that are no rectangle are a polygon.
 */
import type { Annotation, Attributes } from '@labelport/core';
import { boxFromCorners, rotatedBoxCorners } from '@labelport/core/geometry';

/** The box whose corners are within `tolerance` of the four points (in any order), or undefined. */
export function rectangleOf(points: readonly number[], tolerance: number) {
  const box = boxFromCorners(points);
  const corners = rotatedBoxCorners(box.x, box.y, box.w, box.h, box.rotation);
  const taken = new Set<number>();
  for (let i = 0; i < 4; i++) {
    let best = -1;
    let bestD = Infinity;
    for (let j = 0; j < 4; j++) {
      if (taken.has(j)) continue;
      const d = Math.hypot(points[i * 2]! - corners[j * 2]!, points[i * 2 + 1]! - corners[j * 2 + 1]!);
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    }
    // a hair over the tolerance for the rounding of the trigonometry
    if (bestD > tolerance + 1e-9) return undefined;
    taken.add(best);
  }
  return box;
}

/** The shape of one object line: a rotated box, or a polygon of its four points. */
export function quadAnnotation(points: number[], tolerance: number, attributes: Attributes): Annotation {
  const box = rectangleOf(points, tolerance);
  if (!box) return { type: 'polygon', points, attributes };
  const { x, y, w, h, rotation } = box;
  return { type: 'bbox', x, y, w, h, attributes: rotation === 0 ? attributes : { ...attributes, rotation } };
}

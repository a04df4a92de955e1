/**
 * Normalised coordinates (fractions of the image's width and height) and pixels. Open Images and YOLO
 * store fractions; a dataset read without its images keeps them as they are (`normalized: true`) until a
 * writer that needs pixels meets an item whose size is known.
 */
import type { Annotation } from './model.js';

function scalePoints(points: number[], sx: number, sy: number): number[] {
  const out = new Array<number>(points.length);
  for (let i = 0; i < points.length; i++) out[i] = points[i] * (i % 2 === 0 ? sx : sy);
  return out;
}

function scale(a: Annotation, sx: number, sy: number, normalized: boolean): Annotation {
  const base = { ...a } as Annotation & { normalized?: true };
  if (normalized) base.normalized = true;
  else delete base.normalized;
  switch (base.type) {
    case 'bbox':
      return { ...base, x: base.x * sx, y: base.y * sy, w: base.w * sx, h: base.h * sy };
    case 'polygon':
    case 'polyline':
    case 'cuboid2d':
      return { ...base, points: scalePoints(base.points, sx, sy) };
    case 'points':
      return { ...base, points: scalePoints(base.points, sx, sy) };
    case 'ellipse':
      return { ...base, x1: base.x1 * sx, y1: base.y1 * sy, x2: base.x2 * sx, y2: base.y2 * sy };
    case 'skeleton':
      return {
        ...base,
        elements: base.elements.map((e) => scale(e, sx, sy, normalized) as typeof e),
      };
    default:
      return base;
  }
}

/** The annotation in pixels of a `width` x `height` image (unchanged when it is in pixels already). */
export function toPixels(a: Annotation, width: number, height: number): Annotation {
  return a.normalized ? scale(a, width, height, false) : a;
}

/** The annotation as fractions of a `width` x `height` image (unchanged when normalised already). */
export function normalizedOf(a: Annotation, width: number, height: number): Annotation {
  return a.normalized ? a : scale(a, 1 / width, 1 / height, true);
}

/** Annotation types whose coordinates can be normalised; the others (masks, labels...) never are. */
export function hasCoordinates(a: Annotation): boolean {
  return ['bbox', 'polygon', 'polyline', 'points', 'ellipse', 'cuboid2d', 'skeleton'].includes(a.type);
}

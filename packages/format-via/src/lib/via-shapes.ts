/**
 * VIA 2.x region shapes (`shape_attributes`) and labelport's annotations, both ways:
 *   rect {x, y, width, height}                    <-> bbox
 *   polygon / polyline {all_points_x, all_points_y} <-> polygon / polyline
 *   circle {cx, cy, r}                             -> ellipse (a round ellipse is written as a circle)
 *   ellipse {cx, cy, rx, ry, theta}                <-> ellipse; theta (radians, clockwise on the image)
 *                                                     that does not keep the axes upright -> polygon
 *   point {cx, cy}                                 <-> points (one point)
 * The turned ellipse is traced as VIA's own COCO exporter traces it: a point every 5 degrees.
 */
import type { Annotation } from '@labelport/core';
import {
  badField,
  checkNumbers,
  type JsonObject,
  listField,
  numberField,
  optionalNumber,
} from '@labelport/core/json';

export type Geometry =
  | { type: 'bbox'; x: number; y: number; w: number; h: number }
  | { type: 'polygon' | 'polyline'; points: number[] }
  | { type: 'ellipse'; x1: number; y1: number; x2: number; y2: number }
  | { type: 'points'; points: number[]; visibility: [2] };

/** What a region's shape became: its geometry, and whether it was a turned ellipse made a polygon. */
export interface ShapeResult {
  geometry: Geometry;
  turned?: boolean;
}

/** VIA_POLYGON_SEGMENT_SUBTENDED_ANGLE: VIA traces curves with a point every 5 degrees. */
const STEP_DEGREES = 5;
const EPS = 1e-9;

/** Flat x, y from VIA's two lists (the same length). */
function pointsOf(shape: JsonObject, file: string, place: string): number[] {
  const xs = checkNumbers(listField(shape, 'all_points_x', file, place), file, `${place}.all_points_x`);
  const ys = checkNumbers(listField(shape, 'all_points_y', file, place), file, `${place}.all_points_y`);
  if (xs.length !== ys.length) {
    badField(file, place, `all_points_x has ${xs.length} values but all_points_y has ${ys.length}`);
  }
  const out = new Array<number>(xs.length * 2);
  for (let i = 0; i < xs.length; i++) {
    out[2 * i] = xs[i]!;
    out[2 * i + 1] = ys[i]!;
  }
  return out;
}

/** The ellipse, upright when theta is a multiple of 90 degrees (radii swapped for an odd one). */
function ellipseOf(cx: number, cy: number, rx: number, ry: number, theta: number): ShapeResult {
  const quarters = theta / (Math.PI / 2);
  const k = Math.round(quarters);
  if (Math.abs(quarters - k) < EPS) {
    const [a, b] = k % 2 === 0 ? [rx, ry] : [ry, rx];
    return { geometry: { type: 'ellipse', x1: cx - a, y1: cy - b, x2: cx + a, y2: cy + b } };
  }
  const points: number[] = [];
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  for (let d = 0; d < 360; d += STEP_DEGREES) {
    const t = (d * Math.PI) / 180;
    const ex = rx * Math.cos(t);
    const ey = ry * Math.sin(t);
    points.push(cx + ex * cos - ey * sin, cy + ex * sin + ey * cos);
  }
  return { geometry: { type: 'polygon', points }, turned: true };
}

/** A region's `shape_attributes` as geometry; a shape VIA does not have is a DatasetError at `place`. */
export function shapeOf(shape: JsonObject, file: string, place: string): ShapeResult {
  const name = shape.name;
  const n = (key: string) => numberField(shape, key, file, place);
  switch (name) {
    case 'rect':
      return { geometry: { type: 'bbox', x: n('x'), y: n('y'), w: n('width'), h: n('height') } };
    case 'polygon':
    case 'polyline':
      return { geometry: { type: name, points: pointsOf(shape, file, place) } };
    case 'circle': {
      const [cx, cy, r] = [n('cx'), n('cy'), n('r')];
      return { geometry: { type: 'ellipse', x1: cx - r, y1: cy - r, x2: cx + r, y2: cy + r } };
    }
    case 'ellipse':
      return ellipseOf(n('cx'), n('cy'), n('rx'), n('ry'), optionalNumber(shape, 'theta', file, place) ?? 0);
    case 'point':
      return { geometry: { type: 'points', points: [n('cx'), n('cy')], visibility: [2] } };
    default:
      return badField(
        file,
        `${place}.name`,
        `a VIA region is rect, circle, ellipse, polygon, polyline or point, not ${JSON.stringify(name)}`,
      );
  }
}

/** VIA's `{all_points_x, all_points_y}` of flat x, y. */
function pointLists(points: readonly number[]) {
  const all_points_x: number[] = [];
  const all_points_y: number[] = [];
  for (let i = 0; i + 1 < points.length; i += 2) {
    all_points_x.push(points[i]!);
    all_points_y.push(points[i + 1]!);
  }
  return { all_points_x, all_points_y };
}

/** An ellipse's shape: a circle when round and upright, else an ellipse with its theta (radians). */
function ellipseShape(a: Extract<Annotation, { type: 'ellipse' }>, degrees: number): JsonObject {
  const cx = (a.x1 + a.x2) / 2;
  const cy = (a.y1 + a.y2) / 2;
  const rx = (a.x2 - a.x1) / 2;
  const ry = (a.y2 - a.y1) / 2;
  if (rx === ry && degrees === 0) return { name: 'circle', cx, cy, r: rx };
  return { name: 'ellipse', cx, cy, rx, ry, theta: (degrees * Math.PI) / 180 };
}

/**
 * The `shape_attributes` of one annotation VIA holds (one point of a points annotation: `point`), in
 * VIA's key order; undefined for the types it has no shape for. `degrees`: an ellipse's rotation.
 */
export function shapeJson(a: Annotation, degrees = 0): JsonObject | undefined {
  switch (a.type) {
    case 'bbox':
      return { name: 'rect', x: a.x, y: a.y, width: a.w, height: a.h };
    case 'polygon':
    case 'polyline':
      return { name: a.type, ...pointLists(a.points) };
    case 'ellipse':
      return ellipseShape(a, degrees);
    default:
      return undefined;
  }
}

/** VIA's point region at x, y. */
export const pointShape = (x: number, y: number): JsonObject => ({ name: 'point', cx: x, cy: y });

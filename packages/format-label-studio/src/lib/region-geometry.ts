/**
 * Label Studio's region values and the model's shapes. Label Studio keeps coordinates in percent of
 * the image (`original_width` x `original_height`); a rectangle's `x`, `y` are its top-left corner
 * before rotation and `rotation` turns it (degrees, clockwise on screen) about that corner, in pixels.
 * labelport's rotated box (as CVAT's and Datumaro's) is the unrotated box with `attributes.rotation`
 * (degrees, clockwise) about its centre. Without the image size, shapes are read as fractions of the
 * image (`normalized`), which is exact for everything but a rotation.
 */
import { type Annotation, DatasetError, type Visibility } from '@labelport/core';
import { checkNumbers, type JsonObject, listField, numberField, optionalNumber } from '@labelport/core/json';

/** The image a region is on: its size in pixels, when known. */
export interface Frame {
  width?: number;
  height?: number;
}

export interface Place {
  file: string;
  place: string;
}

/** Percent to the model's units: pixels when the size is known, else fractions. */
function scales(frame: Frame): { sx: number; sy: number; normalized?: true } {
  if (frame.width !== undefined && frame.height !== undefined) {
    return { sx: frame.width / 100, sy: frame.height / 100 };
  }
  return { sx: 0.01, sy: 0.01, normalized: true };
}

const RAD = Math.PI / 180;
type Shape = Annotation & { attributes: Record<string, string | number | boolean> };

/** The centre of a box of `w` x `h` pixels whose corner (x, y) is turned `deg` about that corner. */
function centreOf(x: number, y: number, w: number, h: number, deg: number): [number, number] {
  const c = Math.cos(deg * RAD);
  const s = Math.sin(deg * RAD);
  return [x + (w * c - h * s) / 2, y + (w * s + h * c) / 2];
}

export function rectangleShape(v: JsonObject, frame: Frame, at: Place): Shape {
  const { file, place } = at;
  const x = numberField(v, 'x', file, place);
  const y = numberField(v, 'y', file, place);
  const w = numberField(v, 'width', file, place);
  const h = numberField(v, 'height', file, place);
  const rotation = optionalNumber(v, 'rotation', file, place) ?? 0;
  const { sx, sy, normalized } = scales(frame);
  if (rotation === 0) {
    return { type: 'bbox', x: x * sx, y: y * sy, w: w * sx, h: h * sy, normalized, attributes: {} };
  }
  if (normalized) {
    throw new DatasetError(
      'bad-value',
      'a rotated rectangle needs original_width and original_height (it turns about its corner, in pixels)',
      at,
    );
  }
  const [cx, cy] = centreOf(x * sx, y * sy, w * sx, h * sy, rotation);
  return {
    type: 'bbox',
    x: cx - (w * sx) / 2,
    y: cy - (h * sy) / 2,
    w: w * sx,
    h: h * sy,
    attributes: { rotation },
  };
}

export function polygonShape(v: JsonObject, frame: Frame, at: Place): Shape {
  const { file, place } = at;
  const list = listField(v, 'points', file, place);
  const { sx, sy, normalized } = scales(frame);
  const points: number[] = [];
  list.forEach((p, i) => {
    const pair =
      Array.isArray(p) && p.length === 2 ? checkNumbers(p, file, `${place}.points[${i}]`) : undefined;
    if (!pair)
      throw new DatasetError('bad-field', 'a point is not [x, y]', { file, place: `${place}.points[${i}]` });
    points.push(pair[0]! * sx, pair[1]! * sy);
  });
  // Label Studio's open polygons (`closed: false`) are polylines.
  const type = v.closed === false ? 'polyline' : 'polygon';
  return { type, points, normalized, attributes: {} };
}

export function keypointShape(v: JsonObject, frame: Frame, at: Place): Shape {
  const x = numberField(v, 'x', at.file, at.place);
  const y = numberField(v, 'y', at.file, at.place);
  const { sx, sy, normalized } = scales(frame);
  const visibility: Visibility[] = [v.hidden === true ? 1 : 2];
  return { type: 'points', points: [x * sx, y * sy], visibility, normalized, attributes: {} };
}

export function ellipseShape(v: JsonObject, frame: Frame, at: Place): Shape {
  const { file, place } = at;
  const x = numberField(v, 'x', file, place);
  const y = numberField(v, 'y', file, place);
  const rx = numberField(v, 'radiusX', file, place);
  const ry = numberField(v, 'radiusY', file, place);
  const rotation = optionalNumber(v, 'rotation', file, place) ?? 0;
  const { sx, sy, normalized } = scales(frame);
  const attributes: Shape['attributes'] = rotation !== 0 ? { rotation } : {};
  return {
    type: 'ellipse',
    x1: (x - rx) * sx,
    y1: (y - ry) * sy,
    x2: (x + rx) * sx,
    y2: (y + ry) * sy,
    normalized,
    attributes,
  };
}

/** Percent of the image: from pixels with the size, or from fractions. */
function percents(frame: Frame, normalized: boolean | undefined): { px: number; py: number } | undefined {
  if (normalized) return { px: 100, py: 100 };
  if (!frame.width || !frame.height) return undefined;
  return { px: 100 / frame.width, py: 100 / frame.height };
}

/** The value of a box, or undefined without the size it needs (the reason is returned). */
export function rectangleValue(
  a: Extract<Annotation, { type: 'bbox' }>,
  frame: Frame,
): { value: JsonObject; lostRotation: boolean } | undefined {
  const p = percents(frame, a.normalized);
  if (!p) return undefined;
  const rotation = typeof a.attributes.rotation === 'number' ? a.attributes.rotation : 0;
  if (rotation === 0 || (a.normalized && !(frame.width && frame.height))) {
    const value = { x: a.x * p.px, y: a.y * p.py, width: a.w * p.px, height: a.h * p.py, rotation: 0 };
    return { value, lostRotation: rotation !== 0 };
  }
  // In pixels: the corner that turning the box about it by `rotation` puts the centre back.
  const W = frame.width!;
  const H = frame.height!;
  const k = a.normalized ? [W, H] : [1, 1];
  const [w, h] = [a.w * k[0]!, a.h * k[1]!];
  const [cx, cy] = [a.x * k[0]! + w / 2, a.y * k[1]! + h / 2];
  const c = Math.cos(rotation * RAD);
  const s = Math.sin(rotation * RAD);
  const x0 = cx - (w * c - h * s) / 2;
  const y0 = cy - (w * s + h * c) / 2;
  const value = {
    x: (x0 / W) * 100,
    y: (y0 / H) * 100,
    width: (w / W) * 100,
    height: (h / H) * 100,
    rotation,
  };
  return { value, lostRotation: false };
}

export function polygonValue(
  a: Extract<Annotation, { type: 'polygon' | 'polyline' }>,
  frame: Frame,
): JsonObject | undefined {
  const p = percents(frame, a.normalized);
  if (!p) return undefined;
  const points: [number, number][] = [];
  for (let i = 0; i + 1 < a.points.length; i += 2)
    points.push([a.points[i]! * p.px, a.points[i + 1]! * p.py]);
  return a.type === 'polyline' ? { points, closed: false } : { points, closed: true };
}

/** One keypoint value per point (Label Studio keeps one point per region); absent points are left out. */
export function keypointValues(
  a: Extract<Annotation, { type: 'points' }>,
  frame: Frame,
  width: number,
): { values: JsonObject[]; absent: number } | undefined {
  const p = percents(frame, a.normalized);
  if (!p) return undefined;
  const values: JsonObject[] = [];
  let absent = 0;
  for (let i = 0; i + 1 < a.points.length; i += 2) {
    const vis = a.visibility[i / 2] ?? 2;
    if (vis === 0) {
      absent++;
      continue;
    }
    const value: JsonObject = { x: a.points[i]! * p.px, y: a.points[i + 1]! * p.py, width };
    if (vis === 1) value.hidden = true;
    values.push(value);
  }
  return { values, absent };
}

export function ellipseValue(
  a: Extract<Annotation, { type: 'ellipse' }>,
  frame: Frame,
): JsonObject | undefined {
  const p = percents(frame, a.normalized);
  if (!p) return undefined;
  const rotation = typeof a.attributes.rotation === 'number' ? a.attributes.rotation : 0;
  return {
    x: ((a.x1 + a.x2) / 2) * p.px,
    y: ((a.y1 + a.y2) / 2) * p.py,
    radiusX: (Math.abs(a.x2 - a.x1) / 2) * p.px,
    radiusY: (Math.abs(a.y2 - a.y1) / 2) * p.py,
    rotation,
  };
}

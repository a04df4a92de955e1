/** labelme JSON shapes (`shape_type` polygon, rectangle, circle, line, linestrip, point(s), mask) as annotations. */
import {
  type Annotation,
  type Attributes,
  allocatePixels,
  DatasetError,
  type DatasetLimits,
  lazyMask,
} from '@labelport/core';
import { decodeBase64 } from '@labelport/core/files';
import { isObject, type JsonObject } from '@labelport/core/json';
import { decodeBinaryMaskPng } from '@labelport/core/png';

export interface ShapeContext {
  file: string;
  place: string;
  /** The image size (imageWidth, imageHeight): a mask shape needs it. */
  size?: { width: number; height: number };
  limits?: DatasetLimits;
}

type Fail = (message: string) => never;
type Base = { label?: number; group?: number; attributes: Attributes };

function pointsOf(v: unknown, fail: Fail): number[] {
  if (!Array.isArray(v)) fail('points must be a list of [x, y]');
  const out: number[] = [];
  for (const p of v as unknown[]) {
    if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number') {
      fail(`points must be [x, y] pairs of numbers (got ${JSON.stringify(p)})`);
    }
    out.push((p as number[])[0]!, (p as number[])[1]!);
  }
  return out;
}

/** A shape's label, group, and `flags` and `description` as attributes. */
function baseOf(s: JsonObject, label: number | undefined): Base {
  const attributes: Attributes = {};
  if (isObject(s.flags))
    for (const [k, v] of Object.entries(s.flags)) if (typeof v === 'boolean') attributes[k] = v;
  if (typeof s.description === 'string' && s.description !== '') attributes.description = s.description;
  const base: Base = { attributes };
  if (label !== undefined) base.label = label;
  // labelme2coco merges the shapes of one (label, group_id) into one object: 0 is a group, null none.
  if (typeof s.group_id === 'number') base.group = s.group_id;
  return base;
}

function rectangle(p: number[], base: Base, fail: Fail): Annotation {
  if (p.length !== 4) fail('a rectangle needs 2 points');
  const [x0, y0, x1, y1] = p as [number, number, number, number];
  return {
    type: 'bbox',
    x: Math.min(x0, x1),
    y: Math.min(y0, y1),
    w: Math.abs(x1 - x0),
    h: Math.abs(y1 - y0),
    ...base,
  };
}

function circle(p: number[], base: Base, fail: Fail): Annotation {
  if (p.length !== 4) fail('a circle needs 2 points (the centre and one on the circle)');
  const [cx, cy, px, py] = p as [number, number, number, number];
  const r = Math.hypot(px - cx, py - cy);
  return { type: 'ellipse', x1: cx - r, y1: cy - r, x2: cx + r, y2: cy + r, ...base };
}

/** A mask shape: a PNG of its box (`points`: the box's corners), placed on the image when loaded. */
function mask(s: JsonObject, p: number[], base: Base, c: ShapeContext, fail: Fail): Annotation {
  if (p.length !== 4) fail('a mask needs 2 points (its box)');
  if (typeof s.mask !== 'string') fail('a mask shape needs its "mask" (a base64 PNG)');
  const png = decodeBase64(s.mask as string);
  if (!png) fail('"mask" is not valid base64');
  if (!c.size) fail('a mask needs the image size (imageWidth and imageHeight)');
  const left = Math.round(Math.min(p[0]!, p[2]!));
  const top = Math.round(Math.min(p[1]!, p[3]!));
  const { width, height } = c.size!;
  const { file, place, limits } = c;
  const load = async () => {
    const crop = decodeBinaryMaskPng(png!, file, { limits });
    const data = allocatePixels(width, height, { file, place }, { limits });
    for (let y = 0; y < crop.height; y++) {
      for (let x = 0; x < crop.width; x++) {
        const X = left + x;
        const Y = top + y;
        if (crop.data[y * crop.width + x] && X >= 0 && Y >= 0 && X < width && Y < height)
          data[Y * width + X] = 1;
      }
    }
    return { width, height, data };
  };
  return { type: 'mask', mask: lazyMask(load, { width, height }), ...base };
}

/** One labelme shape as an annotation; a bad shape is a DatasetError at its place. */
export function parseShape(shape: unknown, label: number | undefined, c: ShapeContext): Annotation {
  const fail: Fail = (m) => {
    throw new DatasetError('bad-field', m, { file: c.file, place: c.place });
  };
  if (!isObject(shape)) fail('a shape must be an object');
  const s = shape as JsonObject;
  const p = pointsOf(s.points, fail);
  const base = baseOf(s, label);
  const type = typeof s.shape_type === 'string' ? s.shape_type : 'polygon';
  switch (type) {
    case 'polygon':
      if (p.length < 6) fail(`a polygon needs at least 3 points (it has ${p.length / 2})`);
      return { type: 'polygon', points: p, ...base };
    case 'rectangle':
      return rectangle(p, base, fail);
    case 'circle':
      return circle(p, base, fail);
    case 'line':
    case 'linestrip':
      if (p.length < 4) fail(`a ${type} needs at least 2 points`);
      return { type: 'polyline', points: p, ...base };
    case 'point':
    case 'points':
      if (p.length < 2) fail('a point needs coordinates');
      return { type: 'points', points: p, visibility: new Array(p.length / 2).fill(2), ...base };
    case 'mask':
      return mask(s, p, base, c, fail);
    default:
      return fail(`unknown shape_type '${type}'`);
  }
}

/**
 * One object's geometry, by its class's shape (the object's `geometryType` for classes of any shape),
 * as the SDK's geometry classes read it:
 * - rectangle `points.exterior` [[left, top], [right, bottom]] -> bbox (width = right - left, as
 *   Supervisely's COCO exporter has it);
 * - oriented_bbox `points` [[left, top], [right, bottom]] and `angle` (radians, clockwise about the
 *   centre) -> bbox with the `rotation` attribute (degrees);
 * - polygon `points.exterior` and `points.interior` (holes) -> polygon, or a mask when it has holes
 *   (read option `holes`); multipolygon `parts` -> polygons of one group (a mask with holes);
 * - line -> polyline; point -> points (one visible point);
 * - bitmap `bitmap.data` and `bitmap.origin` -> mask (decoded now, placed on the image when loaded);
 * - graph `nodes` {key: {loc: [x, y], disabled?}} -> skeleton (absent nodes not visible, disabled hidden).
 */
import {
  type Annotation,
  type AnnotationBase,
  type BinaryMask,
  checkPixels,
  type DatasetLimits,
  lazyMask,
  type MaskSource,
  type PointsAnnotation,
} from '@labelport/core';
import { decodeRle, rasterizePolygon } from '@labelport/core/geometry';
import {
  asObject,
  badField,
  checkNumbers,
  describeValue,
  listField,
  objectField,
  optionalList,
  optionalNumber,
  stringField,
} from '@labelport/core/json';
import { decodeBitmapData, pasteMask } from './bitmap.js';
import type { SlyClass } from './project-meta.js';

/** What the reader says once per pass about what it could not keep as it was. */
export interface ReadNotes {
  holesDropped: number;
  holedMasks: number;
  cutPixels: number;
  skipped: Map<string, number>;
}

export interface GeometryEnv {
  file: string;
  place: string;
  size?: { width: number; height: number };
  limits: DatasetLimits;
  holes: 'mask' | 'exterior';
  notes: ReadNotes;
  /** A new group number for the parts of one multipolygon. */
  newGroup(): number;
}

type Base = AnnotationBase;

/** A list of [x, y] points as flat numbers; fewer than `min` is an error. */
function pointList(v: unknown, file: string, place: string, min: number): number[] {
  if (!Array.isArray(v)) return badField(file, place, `expected a list of points, got ${describeValue(v)}`);
  if (v.length < min) badField(file, place, `expected at least ${min} point(s), got ${v.length}`);
  const out: number[] = [];
  v.forEach((p, i) => {
    if (!Array.isArray(p) || p.length !== 2)
      badField(file, `${place}[${i}]`, `expected a point [x, y], got ${describeValue(p)}`);
    const [x, y] = checkNumbers(p, file, `${place}[${i}]`);
    out.push(x!, y!);
  });
  return out;
}

/** `points.exterior` and `points.interior` of a vector shape. */
function contours(o: Record<string, unknown>, env: GeometryEnv, min: number): Contours {
  const at = `${env.place}.points`;
  const points = objectField(o, 'points', env.file, env.place);
  const exterior = pointList(points.exterior, env.file, `${at}.exterior`, min);
  const interior = optionalList(points, 'interior', env.file, at).map((h, i) =>
    pointList(h, env.file, `${at}.interior[${i}]`, 3),
  );
  return { exterior, interior };
}

/** `points` (flat) when they are `n` points, else the error the SDK gives too. */
function exactly(points: number[], n: number, env: GeometryEnv): number[] {
  if (points.length !== 2 * n)
    badField(env.file, `${env.place}.points.exterior`, `expected ${n} point(s), got ${points.length / 2}`);
  return points;
}

function box(corners: number[], base: Base, rotation?: number): Annotation {
  const [ax, ay, bx, by] = corners as [number, number, number, number];
  const x = Math.min(ax, bx);
  const y = Math.min(ay, by);
  const attributes = rotation === undefined ? base.attributes : { ...base.attributes, rotation };
  return { ...base, type: 'bbox', x, y, w: Math.max(ax, bx) - x, h: Math.max(ay, by) - y, attributes };
}

function orientedBox(o: Record<string, unknown>, base: Base, env: GeometryEnv): Annotation {
  const raw = Array.isArray(o.points) ? o.points : objectField(o, 'points', env.file, env.place).exterior;
  const corners = pointList(raw, env.file, `${env.place}.points`, 2);
  if (corners.length !== 4) badField(env.file, `${env.place}.points`, 'expected 2 points');
  const angle = optionalNumber(o, 'angle', env.file, env.place) ?? 0;
  // degrees to 9 decimals: 30 degrees written as radians reads back as 30, not 29.999999999999996
  const degrees = Math.round(((angle * 180) / Math.PI) * 1e9) / 1e9;
  return box(corners, base, degrees % 360 === 0 ? undefined : degrees);
}

interface Contours {
  exterior: number[];
  interior: number[][];
}

/** Outlines filled, their holes cleared, united: a mask of the image. */
function fillContours(parts: Contours[], width: number, height: number): BinaryMask {
  let out: BinaryMask | undefined;
  for (const { exterior, interior } of parts) {
    const mask = decodeRle(rasterizePolygon(exterior, height, width));
    for (const hole of interior) {
      const cut = decodeRle(rasterizePolygon(hole, height, width)).data;
      for (let i = 0; i < cut.length; i++) if (cut[i]) mask.data[i] = 0;
    }
    if (!out) out = mask;
    else for (let i = 0; i < mask.data.length; i++) if (mask.data[i]) out.data[i] = 1;
  }
  return out!;
}

/** Polygons with holes as one mask of the image, filled when it is loaded. */
function holedMask(parts: Contours[], env: GeometryEnv): MaskSource {
  const { width, height } = env.size!;
  checkPixels(width, height, { file: env.file, place: env.place }, env.limits);
  env.notes.holedMasks++;
  return lazyMask(async () => fillContours(parts, width, height), { width, height });
}

/** A polygon (or one part of a multipolygon), its holes as the read option says. */
function polygon(exterior: number[], interior: number[][], base: Base, env: GeometryEnv): Annotation {
  if (interior.length === 0) return { ...base, type: 'polygon', points: exterior };
  if (env.holes === 'mask' && env.size)
    return { ...base, type: 'mask', mask: holedMask([{ exterior, interior }], env) };
  env.notes.holesDropped += interior.length;
  return { ...base, type: 'polygon', points: exterior };
}

function multipolygon(o: Record<string, unknown>, base: Base, env: GeometryEnv): Annotation[] {
  const parts = listField(o, 'parts', env.file, env.place).map((raw, i) => {
    const part = asObject(raw, env.file, `${env.place}.parts[${i}]`);
    const sub = { ...env, place: `${env.place}.parts[${i}]` };
    return contours({ points: part }, sub, 3);
  });
  const holes = parts.some((p) => p.interior.length > 0);
  if (holes && env.holes === 'mask' && env.size)
    return [{ ...base, type: 'mask', mask: holedMask(parts, env) }];
  const group = base.group ?? (parts.length > 1 ? env.newGroup() : undefined);
  return parts.map((p) =>
    polygon(p.exterior, p.interior, group === undefined ? base : { ...base, group }, env),
  );
}

function bitmap(o: Record<string, unknown>, base: Base, env: GeometryEnv): Annotation {
  const at = `${env.place}.bitmap`;
  const b = objectField(o, 'bitmap', env.file, env.place);
  const data = stringField(b, 'data', env.file, at);
  const origin = checkNumbers(listField(b, 'origin', env.file, at), env.file, `${at}.origin`);
  if (origin.length !== 2) badField(env.file, `${at}.origin`, 'expected [x, y]');
  const crop = decodeBitmapData(data, { file: env.file, place: `${at}.data` }, env.limits);
  const x = Math.round(origin[0]!);
  const y = Math.round(origin[1]!);
  const size = env.size ?? { width: Math.max(0, x + crop.width), height: Math.max(0, y + crop.height) };
  const where = { file: env.file, place: at };
  checkPixels(size.width, size.height, where, env.limits);
  if (x < 0 || y < 0 || x + crop.width > size.width || y + crop.height > size.height) {
    env.notes.cutPixels += pasteMask(crop, x, y, size, where, env.limits).cut;
  }
  return {
    ...base,
    type: 'mask',
    mask: lazyMask(async () => pasteMask(crop, x, y, size, where, env.limits).mask, size),
  };
}

function graph(o: Record<string, unknown>, cls: SlyClass, base: Base, env: GeometryEnv): Annotation {
  const template = cls.graph;
  if (!template)
    return badField(
      env.file,
      env.place,
      `the class '${cls.title}' has no graph nodes (geometry_config) for this graph`,
    );
  const nodes = objectField(o, 'nodes', env.file, env.place);
  const elements: PointsAnnotation[] = template.keys.map(() => ({
    type: 'points',
    points: [0, 0],
    visibility: [0],
    attributes: {},
  }));
  for (const [key, raw] of Object.entries(nodes)) {
    const at = `${env.place}.nodes.${key}`;
    const i = template.index.get(key);
    if (i === undefined) badField(env.file, at, `'${key}' is not a node of the class '${cls.title}'`);
    const node = asObject(raw, env.file, at);
    const [x, y] = pointList([listField(node, 'loc', env.file, at)], env.file, `${at}.loc`, 1);
    elements[i!] = {
      type: 'points',
      points: [x!, y!],
      visibility: [node.disabled === true ? 1 : 2],
      attributes: {},
    };
  }
  return { ...base, type: 'skeleton', elements };
}

/** The object's annotations (one, or the parts of a multipolygon); none for a geometry labelport has no shape for. */
export function geometryOf(
  o: Record<string, unknown>,
  shape: string,
  cls: SlyClass,
  base: Base,
  env: GeometryEnv,
): Annotation[] {
  switch (shape) {
    case 'rectangle':
      return [box(exactly(contours(o, env, 2).exterior, 2, env), base)];
    case 'oriented_bbox':
      return [orientedBox(o, base, env)];
    case 'polygon': {
      const { exterior, interior } = contours(o, env, 3);
      return [polygon(exterior, interior, base, env)];
    }
    case 'multipolygon':
      return multipolygon(o, base, env);
    case 'line':
    case 'polyline':
      return [{ ...base, type: 'polyline', points: contours(o, env, 2).exterior }];
    case 'point':
      return [
        { ...base, type: 'points', points: exactly(contours(o, env, 1).exterior, 1, env), visibility: [2] },
      ];
    case 'bitmap':
      return [bitmap(o, base, env)];
    case 'graph':
      return [graph(o, cls, base, env)];
    default:
      env.notes.skipped.set(shape, (env.notes.skipped.get(shape) ?? 0) + 1);
      return [];
  }
}

/**
 * Annotations as the objects of an annotation file, in the key order of the SDK's Label.to_json
 * (classTitle, description, tags, the geometry, geometryType, shape): boxes as rectangles (turned
 * ones as oriented_bbox, the angle in radians), polygons, polylines as lines, each point of a points
 * annotation as a point (hidden points lose their flag, absent ones are not written), masks as bitmaps
 * of their tight crop, skeletons as graphs. Attributes are the object's tags, the group its
 * `@label-group-id` tag. Everything else is counted.
 */
import {
  type Annotation,
  type AnnotationType,
  type Categories,
  type DatasetLimits,
  loadMask,
  type ReportBuilder,
  type SkeletonAnnotation,
} from '@labelport/core';
import { boxRotation, isRotated } from '@labelport/core/geometry';
import { cropMask, encodeBitmapData } from './bitmap.js';
import type { ClassRegistry } from './write-meta.js';
import type { TagJson, TagRegistry } from './write-tags.js';

export interface ObjectEnv {
  categories: Categories;
  classes: ClassRegistry;
  tags: TagRegistry;
  report: ReportBuilder;
  limits: DatasetLimits;
  /** The image's size, when known (a mask gives it when the item does not). */
  size?: { width: number; height: number };
}

type Json = Record<string, unknown>;

const pairs = (flat: number[]) => {
  const out: number[][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
};

/** Attribute names a geometry consumes (not written as tags). */
const CONSUMED: Partial<Record<AnnotationType, string[]>> = { bbox: ['rotation'] };

/** An object's description and tags: its attributes (less those its geometry holds) and its group. */
function header(a: Annotation, title: string, env: ObjectEnv): Json {
  const tags: TagJson[] = [];
  let description = '';
  const consumed = CONSUMED[a.type] ?? [];
  for (const [name, value] of Object.entries(a.attributes)) {
    if (consumed.includes(name)) continue;
    if (name === 'description' && typeof value === 'string') description = value;
    else {
      const tag = env.tags.attribute(name, value, 'object');
      if (tag) tags.push(tag);
    }
  }
  if (a.group !== undefined) tags.push(env.tags.group(a.group));
  return { classTitle: title, description, tags };
}

function vector(exterior: number[][]): Json {
  return { points: { exterior, interior: [] } };
}

function boxGeometry(a: Extract<Annotation, { type: 'bbox' }>, env: ObjectEnv): [string, Json] {
  const corners = [
    [a.x, a.y],
    [a.x + a.w, a.y + a.h],
  ];
  if (isRotated(a.attributes))
    return ['oriented_bbox', { points: corners, angle: (boxRotation(a.attributes) * Math.PI) / 180 }];
  if (a.attributes.rotation !== undefined)
    env.report.drop('attribute', 1, "a box's rotation of 0 (or a whole turn) is not written");
  return ['rectangle', vector(corners)];
}

/** Each point written (visible or hidden) as one point object's geometry. */
function pointGeometries(a: Extract<Annotation, { type: 'points' }>, env: ObjectEnv): Json[] {
  const out: Json[] = [];
  let hidden = 0;
  let absent = 0;
  for (let i = 0; i * 2 + 1 < a.points.length; i++) {
    const v = a.visibility[i] ?? 2;
    if (v === 0) absent++;
    else {
      if (v === 1) hidden++;
      out.push(vector([[a.points[2 * i]!, a.points[2 * i + 1]!]]));
    }
  }
  const { report } = env;
  if (out.length === 0)
    report.drop('points', 1, 'points annotations without a visible point are not written');
  else
    report.drop(
      'point',
      absent,
      'absent points (visibility 0) are not written: Supervisely points are there',
    );
  report.drop(
    'point visibility',
    hidden,
    'hidden points are written as points: Supervisely points have no visibility',
  );
  if (out.length > 1)
    report.convert(
      'points',
      'point shapes',
      1,
      'a points annotation is written as one point object per point',
    );
  return out;
}

function graphGeometry(a: SkeletonAnnotation, env: ObjectEnv): Json | undefined {
  const { report } = env;
  const skeleton = env.categories.skeletons?.get(a.label!);
  if (!skeleton) {
    report.drop(
      'skeleton',
      1,
      'a skeleton whose label has no skeleton category (points, edges) is not written',
    );
    return undefined;
  }
  const nodes: Json = {};
  a.elements.forEach((e, i) => {
    if (i >= skeleton.points.length) {
      report.drop('point', 1, 'skeleton points past those of its category are not written');
      return;
    }
    const attrs = Object.keys(e.attributes).length;
    report.drop(
      'attribute',
      attrs,
      "attributes of skeleton points are not written: Supervisely's nodes have no tags",
    );
    const v = e.visibility[0] ?? 2;
    if (v === 0) return;
    nodes[String(i)] =
      v === 1 ? { loc: [e.points[0], e.points[1]], disabled: true } : { loc: [e.points[0], e.points[1]] };
  });
  return { nodes };
}

async function maskGeometry(
  a: Extract<Annotation, { type: 'mask' }>,
  env: ObjectEnv,
): Promise<Json | undefined> {
  const mask = await loadMask(a.mask, { limits: env.limits, where: 'mask' });
  env.size ??= { width: mask.width, height: mask.height };
  const cropped = cropMask(mask);
  if (!cropped) {
    env.report.drop('mask', 1, 'empty masks are not written: Supervisely has no empty bitmap');
    return undefined;
  }
  return {
    bitmap: { origin: [cropped.x, cropped.y], data: encodeBitmapData(cropped.crop) },
    shape: 'bitmap',
    geometryType: 'bitmap',
  };
}

/** The geometries of one annotation with their geometry name; none when it is not written (counted). */
async function geometriesOf(a: Annotation, env: ObjectEnv): Promise<[string, Json][]> {
  switch (a.type) {
    case 'bbox':
      return [boxGeometry(a, env)];
    case 'polygon':
      return [['polygon', vector(pairs(a.points))]];
    case 'polyline':
      return [['line', vector(pairs(a.points))]];
    case 'points':
      return pointGeometries(a, env).map((g) => ['point', g]);
    case 'mask': {
      const g = await maskGeometry(a, env);
      return g ? [['bitmap', g]] : [];
    }
    case 'skeleton': {
      const g = graphGeometry(a, env);
      return g ? [['graph', g]] : [];
    }
    default:
      env.report.drop(a.type, 1, `Supervisely image projects have no ${a.type} objects`);
      return [];
  }
}

/** The objects of one annotation (a points annotation gives one per point). */
export async function objectsOf(a: Annotation, env: ObjectEnv): Promise<Json[]> {
  const title = a.label === undefined ? undefined : env.categories.labels[a.label]?.name;
  if (title === undefined) {
    env.report.drop(
      a.type,
      1,
      'annotations without a label are not written: a Supervisely object needs its class',
    );
    return [];
  }
  if (a.objectId !== undefined) env.report.drop('objectId', 1, 'Supervisely image projects have no tracks');
  const geometries = await geometriesOf(a, env);
  if (geometries.length === 0) return [];
  const head = header(a, title, env);
  return geometries.map(([type, geometry]) => {
    env.classes.use(a.label!, type);
    const object: Json = { ...head, ...geometry };
    if (a.id !== undefined) object.id = a.id;
    object.geometryType ??= type;
    object.shape ??= type;
    return object;
  });
}

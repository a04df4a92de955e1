import {
  type Annotation,
  type Attributes,
  type AttributeValue,
  checkPixels,
  isDatasetError,
  rleMask,
  type Visibility,
} from '@labelport/core';
import { parseCocoRle } from '@labelport/core/geometry';
import { badField, checkNumbers, isObject, type JsonObject, numberField } from '@labelport/core/json';
import { POSE_JOINT_ALIASES, POSE_JOINTS } from './bdd-categories.js';
import { flattenPoly2d, type Poly2d } from './poly2d.js';
import type { FrameEnv } from './scalabel-frame.js';

/** What every shape of one Scalabel label shares: its category, id (or track id) and attributes. */
interface LabelBase {
  label?: number;
  id?: number;
  objectId?: number;
  attributes: Attributes;
}

const INTEGER = /^-?\d+$/;

/** Frame and label attributes: scalars as they are, lists joined by commas, anything else left out. */
export function scalarAttributes(o: unknown): Attributes {
  const out: Attributes = {};
  if (!isObject(o)) return out;
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      out[k] = v as AttributeValue;
    else if (Array.isArray(v)) out[k] = v.map(String).join(',');
  }
  return out;
}

function labelBase(label: JsonObject, env: FrameEnv, trackIds: Map<string, number> | undefined): LabelBase {
  const base: LabelBase = { attributes: scalarAttributes(label.attributes) };
  if (typeof label.category === 'string') base.label = env.labelIndex.get(label.category);
  if (typeof label.score === 'number') base.attributes.score = label.score;
  const rawId = label.id === undefined || label.id === null ? undefined : String(label.id);
  if (rawId === undefined) return base;
  const integer = INTEGER.test(rawId) && Number.isSafeInteger(Number(rawId));
  if (trackIds) {
    let t = trackIds.get(rawId);
    if (t === undefined) {
      t = integer ? Number(rawId) : trackIds.size + 1;
      trackIds.set(rawId, t);
    }
    base.objectId = t;
  } else if (integer) base.id = Number(rawId);
  return base;
}

/** box2d is inclusive: x2, y2 are the last pixel inside. */
function readBox2d(b: JsonObject, base: LabelBase, file: string, place: string): Annotation {
  const x1 = numberField(b, 'x1', file, place);
  const y1 = numberField(b, 'y1', file, place);
  const x2 = numberField(b, 'x2', file, place);
  const y2 = numberField(b, 'y2', file, place);
  return {
    type: 'bbox',
    ...base,
    attributes: { ...base.attributes },
    x: x1,
    y: y1,
    w: x2 - x1 + 1,
    h: y2 - y1 + 1,
  };
}

/** `[x, y]` (or longer: the first two) as numbers, checked at `place`. */
function xyOf(v: unknown, file: string, place: string, what: string): [number, number] {
  if (!Array.isArray(v) || v.length < 2) badField(file, place, what);
  const [x, y] = checkNumbers(v.length === 2 ? v : v.slice(0, 2), file, place);
  return [x!, y!];
}

function readPoly2d(raw: unknown, file: string, place: string): Poly2d {
  if (!isObject(raw) || !Array.isArray(raw.vertices))
    badField(file, place, 'a poly2d needs a list of vertices');
  const vertices = raw.vertices.map((v, i) => xyOf(v, file, `${place}.vertices[${i}]`, 'a vertex is [x, y]'));
  const types = typeof raw.types === 'string' ? raw.types : 'L'.repeat(vertices.length);
  if (types.length !== vertices.length || /[^LC]/.test(types)) {
    badField(
      file,
      `${place}.types`,
      `expected one of L or C per vertex (${vertices.length}), got '${types}'`,
    );
  }
  return { vertices, types, closed: raw.closed !== false };
}

/** Each poly2d as a polygon or polyline (Bezier curves flattened, kept in a `poly2d` attribute). */
function readPoly2ds(list: unknown[], base: LabelBase, env: FrameEnv, file: string, place: string) {
  return list.map((raw, k): Annotation => {
    const poly = readPoly2d(raw, file, `${place}[${k}]`);
    const attributes: Attributes = { ...base.attributes };
    if (poly.types.includes('C'))
      attributes.poly2d = JSON.stringify({ vertices: poly.vertices, types: poly.types });
    const points = flattenPoly2d(poly, env.tolerance);
    return { type: poly.closed ? 'polygon' : 'polyline', ...base, attributes, points };
  });
}

function readRle(raw: JsonObject, base: LabelBase, env: FrameEnv, file: string, place: string): Annotation {
  let rle: ReturnType<typeof parseCocoRle>;
  try {
    rle = parseCocoRle(raw as never);
  } catch (e) {
    if (!isDatasetError(e)) throw e;
    badField(file, place, `not a COCO RLE (${e.message})`);
  }
  // decoded at the size it declares: held to the caller's pixel limit
  checkPixels(rle.size[1], rle.size[0], { file, place: `${place}.size` }, env.ctx.limits);
  return { type: 'mask', ...base, attributes: { ...base.attributes }, mask: rleMask(rle) };
}

function readBox3d(b: JsonObject, base: LabelBase, file: string, place: string): Annotation {
  const vec = (key: string): [number, number, number] => {
    const v = b[key];
    if (!Array.isArray(v) || v.length !== 3) badField(file, `${place}.${key}`, 'expected 3 numbers');
    return checkNumbers(v, file, `${place}.${key}`) as [number, number, number];
  };
  const attributes: Attributes = { ...base.attributes };
  if (typeof b.alpha === 'number') attributes.alpha = b.alpha;
  return {
    type: 'cuboid3d',
    ...base,
    attributes,
    position: vec('location'),
    rotation: vec('orientation'),
    scale: vec('dimension'),
  };
}

/** A pose graph as points in POSE_JOINTS order (joints it does not name: 0, 0, not labeled). */
function readGraph(graph: JsonObject, base: LabelBase, file: string, place: string): Annotation {
  if (!Array.isArray(graph.nodes)) badField(file, `${place}.nodes`, 'a graph needs a list of nodes');
  const points = new Array<number>(POSE_JOINTS.length * 2).fill(0);
  const visibility = new Array<Visibility>(POSE_JOINTS.length).fill(0);
  graph.nodes.forEach((n, k) => {
    const nplace = `${place}.nodes[${k}]`;
    if (!isObject(n) || typeof n.category !== 'string')
      badField(file, nplace, 'a node needs a category (the joint name)');
    const joint = POSE_JOINT_ALIASES[n.category] ?? n.category;
    const i = POSE_JOINTS.indexOf(joint);
    if (i < 0) badField(file, `${nplace}.category`, `unknown joint '${n.category}'`);
    const [x, y] = xyOf(n.location, file, `${nplace}.location`, 'a node location is [x, y]');
    points[2 * i] = x;
    points[2 * i + 1] = y;
    visibility[i] = n.visibility === 'V' ? 2 : n.visibility === 'N' ? 1 : 0;
  });
  const attributes: Attributes = { ...base.attributes };
  if (typeof graph.type === 'string' && graph.type !== 'Pose2D-18Joints') attributes.graph_type = graph.type;
  return { type: 'points', ...base, attributes, points, visibility };
}

/**
 * The shapes of label `j` of a frame, pushed to `out` once all are read (a bad one throws before any
 * is): box2d, poly2d, rle, box3d, graph; several shapes of one label share a group.
 */
export function readLabel(
  label: JsonObject,
  j: number,
  file: string,
  place: string,
  env: FrameEnv,
  trackIds: Map<string, number> | undefined,
  out: Annotation[],
): void {
  const base = labelBase(label, env, trackIds);
  const shapes: Annotation[] = [];
  if (isObject(label.box2d)) shapes.push(readBox2d(label.box2d, base, file, `${place}.box2d`));
  if (Array.isArray(label.poly2d))
    shapes.push(...readPoly2ds(label.poly2d, base, env, file, `${place}.poly2d`));
  if (isObject(label.rle)) shapes.push(readRle(label.rle, base, env, file, `${place}.rle`));
  if (isObject(label.box3d)) shapes.push(readBox3d(label.box3d, base, file, `${place}.box3d`));
  if (isObject(label.graph)) shapes.push(readGraph(label.graph, base, file, `${place}.graph`));
  const group = shapes.length > 1 ? j + 1 : undefined;
  for (const s of shapes) {
    if (group !== undefined) s.group = group;
    out.push(s);
  }
}

import {
  type Annotation,
  type AnnotationBase,
  type Attributes,
  DatasetError,
  isDatasetError,
  type PointsAnnotation,
  rleMask,
  type Visibility,
} from '@labelport/core';
import { parseCocoRle } from '@labelport/core/geometry';
import { isObject } from '@labelport/core/json';

/** Where a value sits, for messages: `items[3].annotations[2]`. */
export type Place = string;

const fail = (place: Place, message: string): never => {
  throw new DatasetError('bad-field', message, { place });
};

function allFinite(v: unknown[]): boolean {
  for (let i = 0; i < v.length; i++) {
    const n = v[i];
    if (typeof n !== 'number' || !Number.isFinite(n)) return false;
  }
  return true;
}

export function numbers(v: unknown, place: Place, field: string, length?: number): number[] {
  if (!Array.isArray(v) || !allFinite(v)) fail(`${place}.${field}`, 'expected a list of numbers');
  const a = v as number[];
  if (length !== undefined && a.length !== length)
    fail(`${place}.${field}`, `expected ${length} numbers, got ${a.length}`);
  return a;
}

export function parseAttributes(v: unknown, place: Place): Attributes {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) return fail(`${place}.attributes`, 'expected an object');
  const out: Attributes = {};
  // (a parsed JSON object has only its own keys: for-in walks them without an array of entries)
  for (const k in v) {
    const x = v[k];
    // Datumaro allows any JSON value; primitives are the model's, anything else is kept as it came.
    if (x !== null && x !== undefined) out[k] = x as Attributes[string];
  }
  return out;
}

function parseBase(ann: Record<string, unknown>, place: Place, nLabels: number): AnnotationBase {
  const base: AnnotationBase = { attributes: parseAttributes(ann.attributes, place) };
  const id = ann.id;
  if (typeof id === 'number') base.id = id;
  const label = ann.label_id;
  if (label !== undefined && label !== null) {
    if (typeof label !== 'number' || !Number.isInteger(label) || label < 0 || label >= nLabels) {
      fail(`${place}.label_id`, `label ${JSON.stringify(label)} is not one of the ${nLabels} labels`);
    }
    base.label = label as number;
  }
  if (typeof ann.group === 'number' && ann.group !== 0) base.group = ann.group;
  if (typeof ann.z_order === 'number' && ann.z_order !== 0) base.zOrder = ann.z_order;
  if (typeof ann.object_id === 'number' && ann.object_id >= 0) base.objectId = ann.object_id;
  return base;
}

/**
 * The annotation with the base's fields added after its own, in the base's order (what `{ ...ann,
 * ...base }` gives, without copying the annotation).
 */
type Geometry = Annotation extends infer A
  ? A extends Annotation
    ? Omit<A, keyof AnnotationBase>
    : never
  : never;

function withBase<T extends Geometry>(ann: T, base: AnnotationBase): T & AnnotationBase {
  const out = ann as T & AnnotationBase;
  out.attributes = base.attributes;
  if (base.id !== undefined) out.id = base.id;
  if (base.label !== undefined) out.label = base.label;
  if (base.group !== undefined) out.group = base.group;
  if (base.zOrder !== undefined) out.zOrder = base.zOrder;
  if (base.objectId !== undefined) out.objectId = base.objectId;
  return out;
}

function parsePoints(ann: Record<string, unknown>, place: Place, base: AnnotationBase): PointsAnnotation {
  const points = numbers(ann.points, place, 'points');
  if (points.length % 2) fail(`${place}.points`, 'odd number of coordinates');
  const vis =
    ann.visibility === undefined
      ? undefined
      : numbers(ann.visibility, place, 'visibility', points.length / 2);
  if (vis?.some((v) => v !== 0 && v !== 1 && v !== 2))
    fail(`${place}.visibility`, 'visibility must be 0, 1 or 2');
  return withBase(
    { type: 'points', points, visibility: (vis ?? new Array(points.length / 2).fill(2)) as Visibility[] },
    base,
  );
}

/** One annotation of a Datumaro item. Unknown types (hash_key, ...) give undefined. */
export function parseAnnotation(ann: unknown, place: Place, nLabels: number): Annotation | undefined {
  if (!isObject(ann)) return fail(place, 'expected an object');
  const base = parseBase(ann, place, nLabels);
  switch (ann.type) {
    case 'label':
      return withBase({ type: 'label' }, base);
    case 'bbox': {
      const [x, y, w, h] = numbers(ann.bbox, place, 'bbox', 4) as [number, number, number, number];
      return withBase({ type: 'bbox', x, y, w, h }, base);
    }
    case 'polygon':
    case 'polyline': {
      const points = numbers(ann.points, place, 'points');
      if (points.length % 2) fail(`${place}.points`, 'odd number of coordinates');
      return withBase({ type: ann.type, points }, base);
    }
    case 'points':
      return parsePoints(ann, place, base);
    case 'mask': {
      if (!isObject(ann.rle)) return fail(`${place}.rle`, 'expected an RLE object');
      try {
        return withBase({ type: 'mask', mask: rleMask(parseCocoRle(ann.rle)) }, base);
      } catch (e) {
        if (!isDatasetError(e)) throw e;
        return fail(`${place}.rle`, e.detail);
      }
    }
    case 'ellipse': {
      const [x1, y1, x2, y2] = numbers(ann.points, place, 'points', 4) as [number, number, number, number];
      return withBase({ type: 'ellipse', x1, y1, x2, y2 }, base);
    }
    case 'cuboid_2d': {
      const pts = ann.points;
      if (!Array.isArray(pts)) return fail(`${place}.points`, 'expected 8 points');
      const flat = pts.flat();
      return withBase({ type: 'cuboid2d', points: numbers(flat, place, 'points', 16) }, base);
    }
    case 'cuboid_3d':
      return withBase(
        {
          type: 'cuboid3d',
          position: numbers(ann.position, place, 'position', 3) as [number, number, number],
          rotation: numbers(ann.rotation, place, 'rotation', 3) as [number, number, number],
          scale: numbers(ann.scale, place, 'scale', 3) as [number, number, number],
        },
        base,
      );
    case 'caption':
      if (typeof ann.caption !== 'string') return fail(`${place}.caption`, 'expected a string');
      return withBase({ type: 'caption', caption: ann.caption }, base);
    case 'skeleton': {
      if (!Array.isArray(ann.elements)) return fail(`${place}.elements`, 'expected a list of points');
      const elements = ann.elements.map((e, i) => {
        const p = `${place}.elements[${i}]`;
        if (!isObject(e)) return fail(p, 'expected an object');
        return parsePoints(e, p, parseBase(e, p, nLabels));
      });
      return withBase({ type: 'skeleton', elements }, base);
    }
    case 'hash_key':
    case 'feature_vector':
      return undefined;
    default:
      return fail(`${place}.type`, `unknown annotation type ${JSON.stringify(ann.type)}`);
  }
}

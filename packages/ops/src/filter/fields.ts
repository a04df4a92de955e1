import { type Annotation, type Categories, type DatasetItem, loadMask } from '@labelport/core';
import { bboxOfPoints, maskBbox, polygonArea, rleArea, rleToBbox } from '@labelport/core/geometry';
import type { Scope, Value } from './expression.js';

/** Item fields: `id`, `subset`, `width`, `height`, `path`, `frame`, `annotations` (their number). */
export const ITEM_FIELDS = ['id', 'subset', 'width', 'height', 'path', 'frame', 'annotations'] as const;

/**
 * Annotation fields: `type`, `label` (the name), `area`, `x`, `y`, `w`, `h` (the box around the shape),
 * `score` (the attribute), `ann_id`, `group`, `track` (objectId), `z_order`.
 */
export const ANNOTATION_FIELDS = [
  'type',
  'label',
  'area',
  'x',
  'y',
  'w',
  'h',
  'score',
  'ann_id',
  'group',
  'track',
  'z_order',
] as const;

const annotationFieldSet = new Set<string>(ANNOTATION_FIELDS);

/** True when the expression reads an annotation field (in items mode: "some annotation such that"). */
export function readsAnnotations(names: Set<string>): boolean {
  for (const n of names) if (annotationFieldSet.has(n)) return true;
  return false;
}

function asValue(v: unknown): Value {
  return v === undefined ? null : (v as Value);
}

function itemField(item: DatasetItem, name: string): Value | undefined {
  switch (name) {
    case 'id':
      return item.id;
    case 'subset':
      return item.subset;
    case 'width':
      return asValue(item.media?.width);
    case 'height':
      return asValue(item.media?.height);
    case 'path':
      return asValue(item.media?.path);
    case 'frame':
      return asValue(item.media?.frame);
    case 'annotations':
      return item.annotations.length;
    default:
      return undefined;
  }
}

function own(attrs: Record<string, unknown>, name: string): Value | undefined {
  return Object.hasOwn(attrs, name) ? (attrs[name] as Value) : undefined;
}

/** The box and area of an annotation's shape (masks loaded when needed); null for labels, captions... */
export async function geometryOf(a: Annotation): Promise<{ box: number[]; area: number } | null> {
  switch (a.type) {
    case 'bbox':
      return { box: [a.x, a.y, a.w, a.h], area: a.w * a.h };
    case 'polygon':
      return { box: bboxOfPoints(a.points), area: polygonArea(a.points) };
    case 'polyline':
    case 'points':
    case 'cuboid2d': {
      const box = bboxOfPoints(a.points);
      return { box, area: a.type === 'cuboid2d' ? box[2] * box[3] : 0 };
    }
    case 'ellipse': {
      const w = Math.abs(a.x2 - a.x1);
      const h = Math.abs(a.y2 - a.y1);
      return { box: [Math.min(a.x1, a.x2), Math.min(a.y1, a.y2), w, h], area: (Math.PI * w * h) / 4 };
    }
    case 'mask': {
      if (a.mask.kind === 'rle') return { box: rleToBbox(a.mask.rle), area: rleArea(a.mask.rle) };
      const m = await loadMask(a.mask);
      let area = 0;
      for (let i = 0; i < m.data.length; i++) if (m.data[i]) area++;
      return { box: maskBbox(m), area };
    }
    case 'skeleton': {
      const box = bboxOfPoints(a.elements.flatMap((e) => e.points));
      return { box, area: 0 };
    }
    default:
      return null;
  }
}

function annotationField(
  a: Annotation,
  geometry: { box: number[]; area: number } | null,
  categories: Categories,
  name: string,
): Value | undefined {
  switch (name) {
    case 'type':
      return a.type;
    case 'label':
      return a.label === undefined ? null : (categories.labels[a.label]?.name ?? null);
    case 'area':
      return geometry ? geometry.area : null;
    case 'x':
    case 'y':
    case 'w':
    case 'h':
      return geometry ? geometry.box['xywh'.indexOf(name)] : null;
    case 'score':
      return asValue(own(a.attributes, 'score'));
    case 'ann_id':
      return asValue(a.id);
    case 'group':
      return asValue(a.group);
    case 'track':
      return asValue(a.objectId);
    case 'z_order':
      return asValue(a.zOrder);
    default:
      return undefined;
  }
}

/**
 * The scope of an item, or of one annotation of an item: a bare name is a field of the annotation, then
 * of the item, then an attribute; `attributes.<name>` is the annotation's attribute, then the item's.
 */
export async function scopeOf(
  item: DatasetItem,
  categories: Categories,
  a?: Annotation,
  needsGeometry = false,
): Promise<Scope> {
  const geometry = a && needsGeometry ? await geometryOf(a) : null;
  const attribute = (name: string): Value =>
    (a ? own(a.attributes, name) : undefined) ?? own(item.attributes, name) ?? null;
  return {
    attribute,
    field(name) {
      const v = (a ? annotationField(a, geometry, categories, name) : undefined) ?? itemField(item, name);
      return v !== undefined ? v : attribute(name);
    },
  };
}

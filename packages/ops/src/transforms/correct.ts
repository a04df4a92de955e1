import {
  type Annotation,
  type DatasetItem,
  sourceOf,
  type ValidationCode,
  type ValidationIssue,
  validateDataset,
} from '@labelport/core';
import { mapItems } from '../map-items.js';
import type { OpReport } from '../report.js';
import type { TransformSpec } from './spec.js';

/** Issues whose annotation cannot be repaired: it is removed (Datumaro's correct removes them too). */
const REMOVE_ANNOTATION = new Set<ValidationCode>([
  'label-out-of-range',
  'bad-coordinates',
  'empty-shape',
  'mask-size',
  'NegativeLength',
  'InvalidValue',
  'FarFromLabelMean',
  'FarFromAttrMean',
  'BrokenAnnotation',
]);

/** Issues of a whole item that Datumaro's correct repairs by removing the item. */
const REMOVE_ITEM = new Set<ValidationCode>(['MissingAnnotation', 'MultiLabelAnnotations']);

/** Counts one repair: `code: n what` in the report's notes. */
type Count = (code: ValidationCode, what: string) => void;

/** A shape clamped into a `width` x `height` image; undefined when nothing of it is left. */
function clamped(a: Annotation, width: number, height: number): Annotation | undefined {
  const cx = (x: number) => Math.min(Math.max(x, 0), width);
  const cy = (y: number) => Math.min(Math.max(y, 0), height);
  switch (a.type) {
    case 'bbox': {
      const x = cx(a.x);
      const y = cy(a.y);
      const w = cx(a.x + a.w) - x;
      const h = cy(a.y + a.h) - y;
      return w > 0 && h > 0 ? { ...a, x, y, w, h } : undefined;
    }
    case 'polygon':
    case 'polyline':
    case 'points':
    case 'cuboid2d':
      return { ...a, points: a.points.map((v, i) => (i % 2 === 0 ? cx(v) : cy(v))) };
    default:
      return a;
  }
}

/** The next id free among an item's annotations of one type. */
function freeId(annotations: Annotation[], type: Annotation['type']): number {
  let max = -1;
  for (const a of annotations) if (a.type === type && a.id !== undefined && a.id > max) max = a.id;
  return max + 1;
}

/** One annotation's repair for its issues: the annotation, another one, or undefined (removed). */
function repaired(
  a: Annotation,
  codes: ValidationCode[],
  item: DatasetItem,
  out: Annotation[],
  count: Count,
): Annotation | undefined {
  const removing = codes.find((c) => REMOVE_ANNOTATION.has(c));
  if (removing) {
    count(removing, 'annotations removed');
    return undefined;
  }
  let b: Annotation | undefined = a;
  if (codes.includes('outside-image') && item.media?.width && item.media.height && !a.normalized) {
    b = clamped(a, item.media.width, item.media.height);
    count('outside-image', b ? 'shapes clipped to the image' : 'annotations removed');
  }
  if (b && codes.includes('duplicate-annotation-id')) {
    b = { ...b, id: Math.max(freeId(item.annotations, b.type), freeId(out, b.type)) };
    count('duplicate-annotation-id', 'annotations given a new id');
  }
  return b;
}

/** The item with its issues repaired, or undefined when the repair is to remove it. */
function correctItem(
  item: DatasetItem,
  issues: ValidationIssue[],
  report: OpReport,
  count: Count,
): DatasetItem | undefined {
  const itemCode = issues.find((i) => i.annotation === undefined && REMOVE_ITEM.has(i.code))?.code;
  if (itemCode) {
    count(itemCode, 'items removed');
    return undefined;
  }
  const byAnnotation = new Map<number, ValidationCode[]>();
  for (const i of issues)
    if (i.annotation !== undefined)
      byAnnotation.set(i.annotation, [...(byAnnotation.get(i.annotation) ?? []), i.code]);
  if (byAnnotation.size === 0) return item;
  const out: Annotation[] = [];
  item.annotations.forEach((a, i) => {
    const codes = byAnnotation.get(i);
    const b = codes ? repaired(a, codes, item, out, count) : a;
    if (b === undefined) report.annotationsRemoved++;
    else {
      if (b !== a) report.annotationsChanged++;
      out.push(b);
    }
  });
  return { ...item, annotations: out };
}

export const correct: TransformSpec = {
  name: 'correct',
  doc: "repair what validate reports, item by item: annotations with a label out of range, bad coordinates, no area or a mask of the wrong size are removed, shapes outside the image clipped, repeated annotation ids renumbered, the second copy of a repeated item removed (Datumaro's -r report is not needed: each item is validated as it goes)",
  params: {},
  apply(source, _params, report) {
    const seen = new Set<string>();
    const counts = new Map<string, number>();
    const count: Count = (code, what) => {
      const key = `${code}: ${what}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      report.notes = [...counts].map(([k, n]) => k.replace(': ', `: ${n} `));
    };
    const step = async (item: DatasetItem) => {
      if (report.itemsIn === 1) {
        seen.clear();
        counts.clear();
        report.notes = [];
      }
      const key = `${item.subset}\u0000${item.id}`;
      if (seen.has(key)) {
        count('duplicate-item', 'items removed');
        return undefined;
      }
      seen.add(key);
      const { issues } = await validateDataset(sourceOf(source.categories, [item]));
      return issues.length ? correctItem(item, issues, report, count) : item;
    };
    return mapItems(source, report, step, source.categories, false);
  },
};

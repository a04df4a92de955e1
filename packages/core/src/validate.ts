import { maskSize } from './mask.js';
import type { Annotation, DatasetItem, DatasetSource } from './model.js';

/**
 * The closed list of validation codes: labelport's structural checks, then the names of Datumaro's
 * analytic checks (its validator's error classes), so that a Datumaro user finds the same names.
 */
export const VALIDATION_CODES = [
  'duplicate-item',
  'duplicate-annotation-id',
  'label-out-of-range',
  'bad-coordinates',
  'empty-shape',
  'outside-image',
  'mask-size',
  'MissingLabelCategories',
  'MissingAnnotation',
  'BrokenAnnotation',
  'EmptyLabel',
  'EmptyCaption',
  'MultiLabelAnnotations',
  'MissingAttribute',
  'UndefinedLabel',
  'UndefinedAttribute',
  'LabelDefinedButNotFound',
  'AttributeDefinedButNotFound',
  'OnlyOneLabel',
  'OnlyOneAttributeValue',
  'FewSamplesInLabel',
  'FewSamplesInCaption',
  'RedundanciesInCaption',
  'FewSamplesInAttribute',
  'ImbalancedLabels',
  'ImbalancedCaptions',
  'ImbalancedAttribute',
  'ImbalancedDistInLabel',
  'ImbalancedDistInCaption',
  'ImbalancedDistInAttribute',
  'NegativeLength',
  'InvalidValue',
  'FarFromLabelMean',
  'FarFromCaptionMean',
  'OutlierInCaption',
  'FarFromAttrMean',
] as const;

/** One of VALIDATION_CODES. */
export type ValidationCode = (typeof VALIDATION_CODES)[number];

/** One problem found by validation: its severity, code, item and annotation. */
export interface ValidationIssue {
  severity: 'error' | 'warning';
  code: ValidationCode;
  subset: string;
  item: string;
  /** Index of the annotation in the item, when the issue is about one. */
  annotation?: number;
  message: string;
}

/** What validation found: items checked and every issue, counted by severity. */
export interface ValidationResult {
  items: number;
  issues: ValidationIssue[];
  errors: number;
  warnings: number;
}

/**
 * Structural checks over a dataset: labels out of range, boxes and shapes outside the image, empty or
 * degenerate shapes, duplicate item and annotation ids, masks of the wrong size.
 */
export async function validateDataset(source: DatasetSource): Promise<ValidationResult> {
  const issues: ValidationIssue[] = [];
  const nLabels = source.categories.labels.length;
  const seenItems = new Set<string>();
  let items = 0;
  for await (const item of source.items()) {
    items++;
    const key = `${item.subset}\u0000${item.id}`;
    const at = (
      severity: ValidationIssue['severity'],
      code: ValidationCode,
      message: string,
      annotation?: number,
    ) => issues.push({ severity, code, subset: item.subset, item: item.id, annotation, message });
    if (seenItems.has(key))
      at('error', 'duplicate-item', `item '${item.id}' appears twice in subset '${item.subset}'`);
    seenItems.add(key);
    // type:id -> the group of the first annotation with it (null: none); 0 is an id like any other
    const annIds = new Map<string, number | null>();
    item.annotations.forEach((a, i) => {
      if (a.label !== undefined && (!Number.isInteger(a.label) || a.label < 0 || a.label >= nLabels)) {
        at('error', 'label-out-of-range', `label ${a.label} is not one of the ${nLabels} labels`, i);
      }
      if (a.id !== undefined) {
        const k = `${a.type}:${a.id}`;
        const group = a.group ?? null;
        const first = annIds.get(k);
        // the parts of one object (a COCO object of several polygons) share its id and its group
        if (first === undefined) annIds.set(k, group);
        else if (first === null || first !== group)
          at('warning', 'duplicate-annotation-id', `${a.type} id ${a.id} is used twice`, i);
      }
      checkGeometry(item, a, (code, msg, sev = 'error') => at(sev, code, msg, i));
    });
  }
  const errors = issues.filter((i) => i.severity === 'error').length;
  return { items, issues, errors, warnings: issues.length - errors };
}

function checkGeometry(
  item: DatasetItem,
  a: Annotation,
  at: (code: ValidationCode, message: string, severity?: 'error' | 'warning') => void,
): void {
  const W = item.media?.width;
  const H = item.media?.height;
  const finite = (ns: number[]) => ns.every((n) => Number.isFinite(n));
  const outside = (xs: number[], ys: number[]) =>
    W !== undefined &&
    H !== undefined &&
    (Math.min(...xs) < 0 || Math.min(...ys) < 0 || Math.max(...xs) > W || Math.max(...ys) > H);
  switch (a.type) {
    case 'bbox':
      if (!finite([a.x, a.y, a.w, a.h])) at('bad-coordinates', 'box has a coordinate that is not a number');
      else if (a.w <= 0 || a.h <= 0) at('empty-shape', `box has no area (${a.w} x ${a.h})`);
      else if (outside([a.x, a.x + a.w], [a.y, a.y + a.h]))
        at('outside-image', 'box extends outside the image', 'warning');
      break;
    case 'polygon':
    case 'polyline':
    case 'points':
    case 'cuboid2d': {
      const min = a.type === 'polygon' ? 6 : a.type === 'polyline' ? 4 : 2;
      if (a.points.length % 2 !== 0) at('bad-coordinates', `${a.type} has an odd number of coordinates`);
      else if (a.points.length < min) at('empty-shape', `${a.type} has ${a.points.length / 2} points`);
      else if (!finite(a.points)) at('bad-coordinates', `${a.type} has a coordinate that is not a number`);
      else {
        const xs = a.points.filter((_, k) => k % 2 === 0);
        const ys = a.points.filter((_, k) => k % 2 === 1);
        if (outside(xs, ys)) at('outside-image', `${a.type} extends outside the image`, 'warning');
      }
      if (a.type === 'points' && a.visibility.length !== a.points.length / 2) {
        at('bad-coordinates', 'points and visibility differ in length');
      }
      break;
    }
    case 'mask': {
      const s = maskSize(a.mask);
      if (s && W !== undefined && H !== undefined && (s.width !== W || s.height !== H)) {
        at('mask-size', `mask is ${s.width}x${s.height} but the image is ${W}x${H}`);
      }
      break;
    }
    case 'ellipse':
      if (a.x2 <= a.x1 || a.y2 <= a.y1) at('empty-shape', 'ellipse has no area');
      break;
    default:
      break;
  }
}

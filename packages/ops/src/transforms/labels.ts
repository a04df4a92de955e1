import type { Annotation, DatasetItem } from '@labelport/core';
import { mapItems } from '../map-items.js';
import { withColonPairs } from '../params.js';
import { relabel, relabelAnnotation } from '../relabel.js';
import { noteOnce, type OpReport } from '../report.js';
import type { TransformSpec } from './spec.js';

/** An item with every annotation's label moved through `indexMap` (annotations of gone labels dropped). */
export function relabelItem(
  item: DatasetItem,
  indexMap: Int32Array,
  report: OpReport,
  keepUnlabeled = true,
): DatasetItem {
  let changed = false;
  const out: Annotation[] = [];
  for (const a of item.annotations) {
    const b = a.label === undefined && !keepUnlabeled ? undefined : relabelAnnotation(a, indexMap);
    if (b !== a) changed = true;
    if (b === undefined) report.annotationsRemoved++;
    else {
      if (b !== a) report.annotationsChanged++;
      out.push(b);
    }
  }
  return changed ? { ...item, annotations: out } : item;
}

export const remapLabels: TransformSpec = {
  name: 'remap_labels',
  doc: 'rename labels (several may map to one, merging them); annotations of labels mapped to nothing are removed, and under default=delete those without a label too',
  params: {
    default: {
      type: 'string',
      values: ['keep', 'delete'],
      default: 'keep',
      doc: 'what happens to labels not named: kept as they are, or deleted with their annotations',
    },
    label: { type: 'string[]', aliases: ['l'], doc: "Datumaro's form of a mapping: src:dst (repeatable)" },
  },
  free: { key: '<label>', type: 'string', doc: 'the new name of a label (empty: delete it)' },
  apply(source, params, report) {
    const mapping = new Map(withColonPairs('remap_labels', params.extra, params.values.label));
    const keep = params.values.default === 'keep';
    const known = new Set(source.categories.labels.map((l) => l.name));
    for (const name of mapping.keys())
      if (!known.has(name)) noteOnce(report, `label '${name}' is not in the dataset`);
    const { categories, indexMap } = relabel(source.categories, (label) => {
      const to = mapping.get(label.name);
      if (to !== undefined) return to === '' ? undefined : to;
      return keep ? label.name : undefined;
    });
    return mapItems(source, report, (item) => relabelItem(item, indexMap, report, keep), categories, true);
  },
};

export const projectLabels: TransformSpec = {
  name: 'project_labels',
  doc: 'make the label list exactly the one given (in that order): new labels are added, annotations of labels not in it removed',
  params: {
    labels: {
      type: 'string[]',
      aliases: ['label'],
      required: true,
      doc: 'the target labels, comma-separated',
    },
  },
  apply(source, params, report) {
    const wanted = params.values.labels as string[];
    const set = new Set(wanted);
    const { categories, indexMap } = relabel(
      source.categories,
      (label) => (set.has(label.name) ? label.name : undefined),
      [...set],
    );
    return mapItems(source, report, (item) => relabelItem(item, indexMap, report), categories, true);
  },
};

import { ANNOTATION_TYPES, type Annotation, type Attributes } from '@labelport/core';
import { noteOnce } from '../report.js';
import { itemMatcher } from './ids.js';
import { itemTransform } from './spec.js';

export const annsToLabels = itemTransform({
  name: 'anns_to_labels',
  doc: "replace an item's annotations with one label annotation per label they carry",
  params: {},
  step(_source, _params, report) {
    return (item) => {
      const labels = [...new Set(item.annotations.map((a) => a.label).filter((l) => l !== undefined))];
      labels.sort((a, b) => a - b);
      const annotations: Annotation[] = labels.map((label) => ({ type: 'label', label, attributes: {} }));
      const same =
        annotations.length === item.annotations.length &&
        item.annotations.every((a, i) => a.type === 'label' && a.label === labels[i]);
      if (same) return item;
      report.annotationsRemoved += item.annotations.length;
      report.annotationsAdded += annotations.length;
      return { ...item, annotations };
    };
  },
});

export const removeAnnotations = itemTransform({
  name: 'remove_annotations',
  doc: 'remove annotations: those matching every filter given (type, label, items), or all of them',
  params: {
    type: { type: 'string[]', values: ANNOTATION_TYPES, doc: 'annotation types, comma-separated' },
    label: { type: 'string[]', doc: 'label names, comma-separated' },
    ids: { type: 'string[]', aliases: ['id'], doc: 'only in these items: id:subset or id, comma-separated' },
  },
  step(source, params, report) {
    const types = params.values.type as string[] | undefined;
    const labelNames = params.values.label as string[] | undefined;
    const labels =
      labelNames && new Set(labelNames.map((n) => source.categories.labels.findIndex((l) => l.name === n)));
    for (const n of labelNames ?? [])
      if (!source.categories.labels.some((l) => l.name === n))
        noteOnce(report, `label '${n}' is not in the dataset`);
    const ids = params.values.ids as string[] | undefined;
    const inItem = ids ? itemMatcher(ids) : () => true;
    const removes = (a: Annotation) =>
      (!types || types.includes(a.type)) && (!labels || (a.label !== undefined && labels.has(a.label)));
    return (item) => {
      if (!inItem(item.subset, item.id)) return item;
      const annotations = item.annotations.filter((a) => !removes(a));
      if (annotations.length === item.annotations.length) return item;
      report.annotationsRemoved += item.annotations.length - annotations.length;
      return { ...item, annotations };
    };
  },
});

function withoutAttributes(attrs: Attributes, names: Set<string> | undefined): Attributes {
  if (!names) return Object.keys(attrs).length ? {} : attrs;
  if (!Object.keys(attrs).some((k) => names.has(k))) return attrs;
  return Object.fromEntries(Object.entries(attrs).filter(([k]) => !names.has(k)));
}

export const removeAttributes = itemTransform({
  name: 'remove_attributes',
  doc: 'remove attributes of items and annotations: the named ones, or all',
  params: {
    attributes: {
      type: 'string[]',
      aliases: ['attr'],
      doc: 'attribute names, comma-separated (default: all)',
    },
    ids: { type: 'string[]', aliases: ['id'], doc: 'only in these items: id:subset or id, comma-separated' },
  },
  step(_source, params, report) {
    const list = params.values.attributes as string[] | undefined;
    const names = list ? new Set(list) : undefined;
    const ids = params.values.ids as string[] | undefined;
    const inItem = ids ? itemMatcher(ids) : () => true;
    const strip = <A extends Annotation>(a: A): A => {
      const attributes = withoutAttributes(a.attributes, names);
      let next = attributes === a.attributes ? a : { ...a, attributes };
      if (next.type === 'skeleton') {
        const elements = next.elements.map(strip);
        if (elements.some((e, i) => e !== (next as { elements: unknown[] }).elements[i]))
          next = { ...next, elements };
      }
      return next;
    };
    return (item) => {
      if (!inItem(item.subset, item.id)) return item;
      const attributes = withoutAttributes(item.attributes, names);
      let changed = attributes !== item.attributes;
      const annotations = item.annotations.map((a) => {
        const b = strip(a);
        if (b !== a) {
          changed = true;
          report.annotationsChanged++;
        }
        return b;
      });
      return changed ? { ...item, attributes, annotations } : item;
    };
  },
});

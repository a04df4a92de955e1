import { DatasetError } from '@labelport/core';
import { withColonPairs } from '../params.js';
import { noteOnce } from '../report.js';
import { itemTransform } from './spec.js';

/**
 * Datumaro's `|pattern|replacement|` (any first character is the delimiter) as a JS RegExp and a JS
 * replacement: Python's `\1` and `\g<name>` become `$1` and `$<name>`, `(?P<name>` becomes `(?<name>`.
 */
export function parseRenameRegex(text: string): { pattern: RegExp; replacement: string } {
  const delim = text[0];
  const parts = delim === undefined ? [] : text.slice(1).split(delim);
  if (parts.length !== 3 || parts[2] !== '')
    throw new DatasetError(
      'bad-option',
      `rename: regex must look like |pattern|replacement| (got '${text}')`,
    );
  let pattern: RegExp;
  try {
    pattern = new RegExp(parts[0].replace(/\(\?P</g, '(?<'), 'g');
  } catch (e) {
    throw new DatasetError('bad-option', `rename: bad pattern '${parts[0]}': ${(e as Error).message}`);
  }
  const replacement = parts[1]
    .replace(/\$/g, '$$$$')
    .replace(/\\g<(\w+)>/g, (_, g: string) => (/^\d+$/.test(g) ? `$${g}` : `$<${g}>`))
    .replace(/\\(\d+)/g, '$$$1');
  return { pattern, replacement };
}

export const rename = itemTransform({
  name: 'rename',
  doc: "rename items: the item id through a regular expression, as Python's re.sub",
  params: {
    regex: { type: 'string', required: true, doc: "|pattern|replacement|, e.g. '|^(.*)$|x_\\1|'" },
  },
  step(_source, params, _report) {
    const { pattern, replacement } = parseRenameRegex(String(params.values.regex));
    return (item) => {
      // As Datumaro, the replacement may name {item.id} and {item.subset}.
      const id = item.id
        .replace(pattern, replacement)
        .replace(/\{item\.(id|subset)\}/g, (_, f: 'id' | 'subset') => item[f]);
      return id === item.id ? item : { ...item, id };
    };
  },
});

export const reindex = itemTransform({
  name: 'reindex',
  doc: 'number the items (ids start, start+1, ... across subsets) and, unless annotations=false, the annotation ids across the dataset (reindex_annotations numbers those alone)',
  params: {
    start: { type: 'integer', default: 1, doc: 'the first item id' },
    annotations: { type: 'boolean', default: true, doc: 'also number annotation ids across the dataset' },
    annotation_start: { type: 'integer', default: 1, doc: 'the first annotation id' },
  },
  step(_source, params, report) {
    const start = params.values.start as number;
    const withAnnotations = params.values.annotations as boolean;
    const annStart = params.values.annotation_start as number;
    let next = start;
    let nextAnn = annStart;
    return (item) => {
      if (report.itemsIn === 1) {
        next = start;
        nextAnn = annStart;
      }
      const id = String(next++);
      if (!withAnnotations) return id === item.id ? item : { ...item, id };
      const annotations = item.annotations.map((a) => {
        const annId = nextAnn++;
        if (a.id === annId) return a;
        report.annotationsChanged++;
        return { ...a, id: annId };
      });
      return { ...item, id, annotations };
    };
  },
});

export const idFromImageName = itemTransform({
  name: 'id_from_image_name',
  doc: "set each item's id to its image's file name without the extension",
  params: {},
  step(_source, _params, report) {
    return (item) => {
      const path = item.media?.path;
      if (path === undefined) {
        noteOnce(report, 'items without an image path keep their id');
        return item;
      }
      const base = path.slice(path.lastIndexOf('/') + 1);
      const dot = base.lastIndexOf('.');
      const id = dot > 0 ? base.slice(0, dot) : base;
      return id === item.id ? item : { ...item, id };
    };
  },
});

export const mapSubsets = itemTransform({
  name: 'map_subsets',
  doc: 'rename subsets (subsets not named keep their name)',
  params: { subset: { type: 'string[]', aliases: ['s'], doc: "Datumaro's form: src:dst (repeatable)" } },
  free: { key: '<subset>', type: 'string', doc: 'the new name of a subset' },
  step(_source, params, _report) {
    const mapping = new Map(withColonPairs('map_subsets', params.extra, params.values.subset));
    for (const v of mapping.values())
      if (v === '') throw new DatasetError('bad-option', 'map_subsets: a subset needs a non-empty new name');
    return (item) => {
      const subset = mapping.get(item.subset);
      return subset === undefined || subset === item.subset ? item : { ...item, subset };
    };
  },
});

/** Datumaro's `id:subset` pairs (the last ':' splits them), or a bare `id` (any subset), as a test. */
export function itemMatcher(ids: string[]): (subset: string, id: string) => boolean {
  const exact = new Set<string>();
  const anySubset = new Set<string>();
  for (const s of ids) {
    const i = s.lastIndexOf(':');
    if (i < 0) anySubset.add(s);
    else exact.add(`${s.slice(i + 1)}\u0000${s.slice(0, i)}`);
  }
  return (subset, id) => anySubset.has(id) || exact.has(`${subset}\u0000${id}`);
}

export const removeImages = itemTransform({
  name: 'remove_images',
  aliases: ['remove_items'],
  dropsItems: true,
  doc: 'remove items by id',
  params: {
    ids: {
      type: 'string[]',
      aliases: ['id'],
      required: true,
      doc: 'items to remove: id:subset (as Datumaro) or id, comma-separated',
    },
  },
  step(_source, params, _report) {
    const matches = itemMatcher(params.values.ids as string[]);
    return (item) => (matches(item.subset, item.id) ? undefined : item);
  },
});

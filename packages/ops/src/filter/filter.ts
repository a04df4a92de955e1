import { type Annotation, DatasetError, type DatasetItem, type DatasetSource } from '@labelport/core';
import { mapItems } from '../map-items.js';
import { emptyReport, type OpResult } from '../report.js';
import { compileExpression, type Expression, matches } from './expression.js';
import { readsAnnotations, scopeOf } from './fields.js';

export type FilterMode = 'items' | 'annotations' | 'items+annotations';
export const FILTER_MODES: readonly FilterMode[] = ['items', 'annotations', 'items+annotations'];

export interface FilterOptions {
  /** `label == 'person' and area > 1000`; see the README for the fields. */
  expression: string;
  /**
   * items (default): keep the items the expression holds for (when it reads annotation fields: for
   * some annotation of the item); annotations: keep every item, with the annotations it holds for;
   * items+annotations: as annotations, then drop the items left without annotations.
   */
  mode?: FilterMode;
}

async function keptAnnotations(
  item: DatasetItem,
  expr: Expression,
  source: DatasetSource,
  geometry: boolean,
) {
  const out: Annotation[] = [];
  for (const a of item.annotations)
    if (matches(expr, await scopeOf(item, source.categories, a, geometry))) out.push(a);
  return out;
}

/** Keeps the items or annotations an expression holds for, streaming: one item in memory at a time. */
export function filter(source: DatasetSource, options: FilterOptions): OpResult {
  const mode = options.mode ?? 'items';
  if (!FILTER_MODES.includes(mode))
    throw new DatasetError(
      'bad-option',
      `filter: unknown mode '${mode}'; valid modes: ${FILTER_MODES.join(', ')}`,
    );
  const expr = compileExpression(options.expression);
  const perAnnotation = readsAnnotations(expr.names);
  const geometry = ['area', 'x', 'y', 'w', 'h'].some((n) => expr.names.has(n));
  const report = emptyReport('filter');
  const out = mapItems(source, report, async (item) => {
    if (mode === 'items') {
      if (!perAnnotation) return matches(expr, await scopeOf(item, source.categories)) ? item : undefined;
      for (const a of item.annotations)
        if (matches(expr, await scopeOf(item, source.categories, a, geometry))) return item;
      return undefined;
    }
    const annotations = await keptAnnotations(item, expr, source, geometry);
    report.annotationsRemoved += item.annotations.length - annotations.length;
    if (mode === 'items+annotations' && annotations.length === 0) return undefined;
    return annotations.length === item.annotations.length ? item : { ...item, annotations };
  });
  return { source: out, report };
}

import { DatasetError, type DatasetItem, isDatasetError } from '@labelport/core';
import { compileExpression, type Expression, evaluate, type Value } from '../filter/expression.js';
import { readsAnnotations, scopeOf } from '../filter/fields.js';
import { noteOnce, resetReport } from '../report.js';
import { itemTransform, type TransformSpec } from './spec.js';

export const reindexAnnotations = itemTransform({
  name: 'reindex_annotations',
  doc: 'number the annotation ids from start, across the dataset or, with reindex_each_item, in each item',
  params: {
    start: { type: 'integer', default: 1, aliases: ['s'], doc: 'the first annotation id' },
    reindex_each_item: {
      type: 'boolean',
      default: false,
      aliases: ['r'],
      doc: 'start again from start in every item',
    },
  },
  step(_source, params, report) {
    const start = params.values.start as number;
    const eachItem = params.values.reindex_each_item as boolean;
    let next = start;
    return (item) => {
      if (eachItem || report.itemsIn === 1) next = start;
      let changed = false;
      const annotations = item.annotations.map((a) => {
        const id = next++;
        if (a.id === id) return a;
        changed = true;
        report.annotationsChanged++;
        return { ...a, id };
      });
      return changed ? { ...item, annotations } : item;
    };
  },
});

/** The sort key, an expression over item fields (`id`, `subset`, `[subset, id]`...). */
function sortKey(text: string): Expression {
  let expr: Expression;
  try {
    expr = compileExpression(text);
  } catch (e) {
    if (isDatasetError(e)) throw new DatasetError('bad-option', `sort: key: ${(e as Error).message}`);
    throw e;
  }
  if (readsAnnotations(expr.names))
    throw new DatasetError(
      'bad-option',
      `sort: the key '${text}' reads annotation fields; it may read item fields (id, subset, width, height, path, frame, annotations) and attributes`,
    );
  return expr;
}

const RANK: Record<string, number> = { boolean: 0, number: 1, string: 2, object: 3 };

/** A total order on keys: by type (booleans, numbers, texts, lists; nulls last), then by value. */
export function compareKeys(a: Value, b: Value): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const ra = RANK[typeof a];
  const rb = RANK[typeof b];
  if (ra !== rb) return ra - rb;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareKeys(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

export const sort: TransformSpec = {
  name: 'sort',
  doc: 'order the items by a key (stable: items with equal keys keep their order)',
  params: {
    key: {
      type: 'string',
      aliases: ['k'],
      default: 'id',
      doc: "an expression over item fields and attributes, as filter's: id, subset, frame, '[subset, id]'",
    },
  },
  holdsItems: true,
  apply(source, params, report) {
    const expr = sortKey(params.values.key as string);
    return {
      categories: source.categories,
      infos: source.infos,
      size: source.size,
      async *items() {
        resetReport(report);
        const items: (DatasetItem | undefined)[] = [];
        const keys: Value[] = [];
        for await (const item of source.items()) {
          report.itemsIn++;
          items.push(item);
          keys.push(evaluate(expr.ast, await scopeOf(item, source.categories)));
        }
        const order = keys.map((_, i) => i).sort((x, y) => compareKeys(keys[x], keys[y]) || x - y);
        const moved = order.filter((from, to) => from !== to).length;
        noteOnce(report, `${moved} items moved`);
        for (const i of order) {
          const item = items[i] as DatasetItem;
          items[i] = undefined; // given out: no longer held
          report.itemsOut++;
          yield item;
        }
      },
    };
  },
};

import { DatasetError, type DatasetItem, type DatasetSource } from '@labelport/core';
import { seededRandom } from '../prng.js';
import { relabel } from '../relabel.js';
import { noteOnce, type OpReport, resetReport } from '../report.js';
import { relabelItem } from './labels.js';
import type { TransformSpec } from './spec.js';

const seedParam = {
  type: 'integer',
  default: 0,
  doc: 'the random seed (the same seed, the same sample)',
} as const;

/** How many items `random_sampler` chooses from: the dataset's size when known, else a counting pass. */
async function population(source: DatasetSource, subset: string | undefined): Promise<number> {
  if (subset === undefined && source.size !== undefined) return source.size;
  let n = 0;
  for await (const item of source.items()) if (subset === undefined || item.subset === subset) n++;
  return n;
}

export const randomSampler: TransformSpec = {
  name: 'random_sampler',
  doc: 'keep at most count items, chosen uniformly at random (in a subset only, if given: the other subsets stay whole); items keep their order',
  params: {
    count: { type: 'integer', aliases: ['k'], required: true, doc: 'the most items to keep' },
    subset: { type: 'string', aliases: ['s'], doc: 'sample this subset only (default: the whole dataset)' },
    seed: seedParam,
  },
  twoPass: true,
  apply(source, params, report) {
    const count = params.values.count as number;
    if (count < 0) throw new DatasetError('bad-option', 'random_sampler: count must be >= 0');
    const subset = params.values.subset as string | undefined;
    const seed = params.values.seed as number;
    return {
      categories: source.categories,
      infos: source.infos,
      size: subset === undefined && source.size !== undefined ? Math.min(count, source.size) : undefined,
      async *items() {
        let left = await population(source, subset);
        let wanted = Math.min(count, left);
        const random = seededRandom(seed);
        resetReport(report);
        for await (const item of source.items()) {
          report.itemsIn++;
          if (subset !== undefined && item.subset !== subset) {
            report.itemsOut++;
            yield item;
            continue;
          }
          // Selection sampling (Knuth's algorithm S): each item is taken with probability wanted / left,
          // which gives exactly `wanted` items, every set of them as likely, holding nothing.
          const take = left > 0 && random() * left < wanted;
          left--;
          if (!take) {
            report.itemsRemoved++;
            continue;
          }
          wanted--;
          report.itemsOut++;
          yield item;
        }
      },
    };
  },
};

/** `label:count` pairs (Datumaro's `-l cat:5`), checked. */
function labelCounts(pairs: string[] | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const pair of pairs ?? []) {
    const i = pair.lastIndexOf(':');
    const name = i < 0 ? '' : pair.slice(0, i);
    const n = i < 0 ? Number.NaN : Number(pair.slice(i + 1));
    if (name === '')
      throw new DatasetError('bad-option', `label_random_sampler: '${pair}' is not label:count`);
    if (!Number.isInteger(n) || n < 0)
      throw new DatasetError(
        'bad-option',
        `label_random_sampler: the count of '${name}' is invalid ('${pair}')`,
      );
    out.set(name, n);
  }
  return out;
}

/**
 * Pass 1 of label_random_sampler: per subset and (new) label, a reservoir (algorithm R) of item
 * positions; the chosen positions. Holds the reservoirs' positions, never items.
 */
async function chooseItems(
  source: DatasetSource,
  indexMap: Int32Array,
  quota: number[],
  seed: number,
): Promise<Set<number>> {
  const random = seededRandom(seed);
  const buckets = new Map<string, { seen: number; chosen: number[] }[]>();
  let i = 0;
  for await (const item of source.items()) {
    let perLabel = buckets.get(item.subset);
    if (!perLabel) {
      perLabel = quota.map(() => ({ seen: 0, chosen: [] }));
      buckets.set(item.subset, perLabel);
    }
    const labels = new Set<number>();
    for (const a of item.annotations)
      if (a.label !== undefined && indexMap[a.label] >= 0) labels.add(indexMap[a.label]);
    for (const l of labels) {
      const b = perLabel[l];
      b.seen++;
      if (b.chosen.length < quota[l]) b.chosen.push(i);
      else {
        const j = Math.floor(random() * b.seen);
        if (j < quota[l]) b.chosen[j] = i;
      }
    }
    i++;
  }
  const out = new Set<number>();
  for (const perLabel of buckets.values()) for (const b of perLabel) for (const p of b.chosen) out.add(p);
  return out;
}

export const labelRandomSampler: TransformSpec = {
  name: 'label_random_sampler',
  doc: 'keep, in each subset, at least count annotated items of every label (or as many as there are), chosen at random; labels with a count of 0 are removed with their annotations',
  params: {
    count: {
      type: 'integer',
      aliases: ['k'],
      doc: 'the items to keep per label (default 0: only the labels given)',
    },
    label: {
      type: 'string[]',
      aliases: ['l', 'label_counts'],
      doc: 'label:count, the count of one label, over count (repeatable)',
    },
    seed: seedParam,
  },
  twoPass: true,
  apply(source, params, report) {
    const count = (params.values.count as number | undefined) ?? 0;
    const counts = labelCounts(params.values.label as string[] | undefined);
    if (count < 0) throw new DatasetError('bad-option', 'label_random_sampler: count must be >= 0');
    if (!count && ![...counts.values()].some((n) => n > 0))
      throw new DatasetError('bad-option', 'label_random_sampler: give count=N or label=<name>:N with N > 0');
    for (const name of counts.keys())
      if (!source.categories.labels.some((l) => l.name === name))
        noteOnce(report, `label '${name}' is not in the dataset`);
    const quotaOf = (name: string) => counts.get(name) ?? count;
    const { categories, indexMap } = relabel(source.categories, (l) =>
      quotaOf(l.name) > 0 ? l.name : undefined,
    );
    const quota = categories.labels.map((l) => quotaOf(l.name));
    return {
      categories,
      infos: source.infos,
      async *items() {
        const chosen = await chooseItems(source, indexMap, quota, params.values.seed as number);
        resetReport(report);
        yield* pickItems(source, chosen, indexMap, report);
      },
    };
  },
};

/** Pass 2: the chosen items, in their order, with the annotations of removed labels removed. */
async function* pickItems(
  source: DatasetSource,
  chosen: Set<number>,
  indexMap: Int32Array,
  report: OpReport,
): AsyncIterable<DatasetItem> {
  let i = 0;
  for await (const item of source.items()) {
    report.itemsIn++;
    if (!chosen.has(i++)) {
      report.itemsRemoved++;
      continue;
    }
    const out = relabelItem(item, indexMap, report);
    if (out !== item) report.itemsChanged++;
    report.itemsOut++;
    yield out;
  }
}

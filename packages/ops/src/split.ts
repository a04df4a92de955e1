import { DatasetError, type DatasetItem, type DatasetSource } from '@labelport/core';
import { emptyReport, noteOnce, type OpReport, type OpResult, resetReport } from './report.js';
import { assignUnits, type SplitUnit } from './split-plan.js';

export interface SplitOptions {
  /** Subset names and proportions, in order (`[['train', 0.7], ['val', 0.2], ['test', 0.1]]`). */
  subsets: [string, number][];
  /** 'label' (default): stratified by label; 'item': a plain random split. */
  by?: 'label' | 'item';
  seed?: number;
}

/** What the split planned: items per subset, and per label the items carrying it per subset. */
export interface SplitSummary {
  subsets: Record<string, number>;
  labels: Record<string, Record<string, number>>;
}

const SEQUENCE_ATTRIBUTES = ['sequence', 'sequence_id', 'video', 'video_id', 'video_name', 'videoName'];

/**
 * The video sequence an item belongs to, which a split never cuts: the `sequence` (or `video`...)
 * attribute where there is one, else, for video frames and items with tracked objects, its subset.
 */
export function sequenceKey(item: DatasetItem): string | undefined {
  for (const k of SEQUENCE_ATTRIBUTES) {
    const v = item.attributes[k];
    if (v !== undefined && v !== '') return `${item.subset}\u0000${k}\u0000${v}`;
  }
  if (item.media?.kind === 'video-frame' || item.annotations.some((a) => a.objectId !== undefined))
    return `${item.subset}\u0000`;
  return undefined;
}

export function checkProportions(owner: string, subsets: [string, number][]): void {
  if (subsets.length === 0)
    throw new DatasetError('bad-option', `${owner}: give at least one subset=proportion`);
  if (subsets.length > 65535) throw new DatasetError('bad-option', `${owner}: too many subsets`);
  const names = new Set<string>();
  for (const [name, p] of subsets) {
    if (!(typeof p === 'number' && Number.isFinite(p) && p >= 0))
      throw new DatasetError('bad-option', `${owner}: the proportion of '${name}' must be a number >= 0`);
    if (names.has(name)) throw new DatasetError('bad-option', `${owner}: subset '${name}' is given twice`);
    names.add(name);
  }
  const sum = subsets.reduce((s, [, p]) => s + p, 0);
  if (Math.abs(sum - 1) > 1e-6)
    throw new DatasetError(
      'bad-option',
      `${owner}: the proportions must add up to 1 (they add up to ${sum})`,
    );
}

interface Plan {
  unitOf: Uint32Array;
  subsetOfUnit: Uint16Array;
  summary: SplitSummary;
}

/** Pass 1: the units (items or sequences) and their labels; ids only to catch clashes. */
async function planSplit(source: DatasetSource, options: SplitOptions, owner: string): Promise<Plan> {
  const units: SplitUnit[] = [];
  const unitBySequence = new Map<string, number>();
  let unitOf = new Uint32Array(1024);
  const firstSubsetOfId = new Map<string, string>();
  let clashes = 0;
  let n = 0;
  for await (const item of source.items()) {
    const key = sequenceKey(item);
    let u = key === undefined ? undefined : unitBySequence.get(key);
    if (u === undefined) {
      u = units.push({ size: 0, labels: new Map() }) - 1;
      if (key !== undefined) unitBySequence.set(key, u);
    }
    const unit = units[u];
    unit.size++;
    for (const l of new Set(item.annotations.map((a) => a.label)))
      if (l !== undefined) unit.labels.set(l, (unit.labels.get(l) ?? 0) + 1);
    if (n === unitOf.length) {
      const grown = new Uint32Array(n * 2);
      grown.set(unitOf);
      unitOf = grown;
    }
    unitOf[n++] = u;
    const seen = firstSubsetOfId.get(item.id);
    if (seen === undefined) firstSubsetOfId.set(item.id, item.subset);
    else if (seen !== item.subset) clashes++;
  }
  if (clashes > 0 && options.subsets.length > 0)
    throw new DatasetError(
      'duplicate-item',
      `${owner}: ${clashes} item id(s) occur in several subsets and could meet in one new subset; rename them first (e.g. -t rename)`,
    );
  const a = assignUnits(
    units,
    options.subsets.map(([, p]) => p),
    (options.by ?? 'label') === 'label',
    options.seed ?? 0,
  );
  const names = options.subsets.map(([name]) => name);
  const summary: SplitSummary = {
    subsets: Object.fromEntries(names.map((s, i) => [s, a.items[i]])),
    labels: {},
  };
  for (const [l, counts] of a.labelItems) {
    const name = source.categories.labels[l]?.name ?? String(l);
    summary.labels[name] = Object.fromEntries(names.map((s, i) => [s, counts[i]]));
  }
  return { unitOf: unitOf.subarray(0, n), subsetOfUnit: a.subsetOf, summary };
}

/**
 * Splits a dataset into subsets (the items' own subsets are replaced). Reads the items twice: the
 * first pass holds, per item, its unit and labels and, per id, its first subset (never annotations);
 * the second streams the items out with their new subsets.
 */
export function split(
  source: DatasetSource,
  options: SplitOptions,
  report: OpReport = emptyReport('split'),
): OpResult & { summary: SplitSummary } {
  const owner = report.operation;
  checkProportions(owner, options.subsets);
  const summary: SplitSummary = { subsets: {}, labels: {} };
  const names = options.subsets.map(([name]) => name);
  const out: DatasetSource = {
    categories: source.categories,
    infos: source.infos,
    size: source.size,
    async *items() {
      const plan = await planSplit(source, options, owner);
      Object.assign(summary, plan.summary);
      resetReport(report);
      if (plan.subsetOfUnit.length < plan.unitOf.length)
        noteOnce(
          report,
          `${plan.unitOf.length - plan.subsetOfUnit.length} items went whole with their video sequence`,
        );
      let i = 0;
      for await (const item of source.items()) {
        if (i >= plan.unitOf.length)
          throw new DatasetError('bad-layout', `${owner}: the dataset gave more items on its second reading`);
        const subset = names[plan.subsetOfUnit[plan.unitOf[i++]]];
        report.itemsIn++;
        report.itemsOut++;
        if (subset !== item.subset) report.itemsChanged++;
        yield subset === item.subset ? item : { ...item, subset };
      }
    },
  };
  return { source: out, report, summary };
}

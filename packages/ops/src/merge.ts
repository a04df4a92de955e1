import {
  type Annotation,
  type Categories,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  maskToRle,
} from '@labelport/core';
import { relabelAnnotation } from './relabel.js';
import { emptyReport, type OpResult, resetReport } from './report.js';

export type ConflictPolicy = 'error' | 'union' | 'first';
export const CONFLICT_POLICIES: readonly ConflictPolicy[] = ['error', 'union', 'first'];

/** Two inputs disagree about one item: its media size, or the shape of an annotation with one id. */
export interface MergeConflict {
  subset: string;
  id: string;
  kind: 'media-size' | 'annotation';
  detail: string;
  /** 0-based indices of the inputs that disagree. */
  inputs: [number, number];
}

/** Labels merged by name, in order of first appearance; per input, its old index -> the new one. */
export function mergeCategories(all: Categories[]): { categories: Categories; indexMaps: Int32Array[] } {
  const labels: Categories['labels'] = [];
  const position = new Map<string, number>();
  const colors = new Map<number, [number, number, number]>();
  const skeletons: NonNullable<Categories['skeletons']> = new Map();
  const attributes = new Set<string>();
  const indexMaps = all.map((c) =>
    Int32Array.from(c.labels, (label, i) => {
      let j = position.get(label.name);
      if (j === undefined) {
        j = labels.push({ ...label }) - 1;
        position.set(label.name, j);
      }
      const color = c.colors?.get(i);
      if (color && !colors.has(j)) colors.set(j, color);
      const sk = c.skeletons?.get(i);
      if (sk && !skeletons.has(j)) skeletons.set(j, sk);
      return j;
    }),
  );
  for (const c of all) for (const a of c.attributes ?? []) attributes.add(a);
  // A label keeps the id its format gave it (a COCO category id) unless an earlier label has that id.
  const ids = new Set<number>();
  for (const l of labels) {
    if (l.id === undefined) continue;
    if (ids.has(l.id)) delete l.id;
    else ids.add(l.id);
  }
  const categories: Categories = { labels };
  if (colors.size) categories.colors = colors;
  if (skeletons.size) categories.skeletons = skeletons;
  if (attributes.size) categories.attributes = [...attributes];
  return { categories, indexMaps };
}

/** A canonical text of an annotation (masks as their RLE), for equality. */
async function annotationKey(a: Annotation): Promise<string> {
  if (a.type === 'mask') {
    const { mask, ...rest } = a;
    const rle = await maskToRle(mask);
    return JSON.stringify({ ...rest, rle: [rle.size, rle.counts.join(' ')] });
  }
  return JSON.stringify(a);
}

interface MergeContext {
  policy: ConflictPolicy;
  conflicts: MergeConflict[];
  dropped: number;
}

function conflict(ctx: MergeContext, c: MergeConflict): void {
  if (ctx.policy === 'error')
    throw new DatasetError(
      'duplicate-item',
      `merge: item '${c.id}' of subset '${c.subset}': ${c.detail} (inputs ${c.inputs[0] + 1} and ${c.inputs[1] + 1}); use --on-conflict union or first`,
    );
  ctx.conflicts.push(c);
}

/** Merges the copies of one item (in input order): media from the first, annotations united. */
async function mergeCopies(
  copies: { item: DatasetItem; input: number }[],
  ctx: MergeContext,
): Promise<DatasetItem> {
  const first = copies[0];
  let media = first.item.media;
  const attributes = { ...first.item.attributes };
  const annotations = [...first.item.annotations];
  const keys = new Set(await Promise.all(annotations.map(annotationKey)));
  const byId = new Map<number, { key: string; input: number }>();
  for (const a of annotations)
    if (a.id !== undefined) byId.set(a.id, { key: await annotationKey(a), input: first.input });
  for (const { item, input } of copies.slice(1)) {
    const m = item.media;
    if (
      media?.width !== undefined &&
      m?.width !== undefined &&
      (media.width !== m.width || media.height !== m.height)
    )
      conflict(ctx, {
        subset: item.subset,
        id: item.id,
        kind: 'media-size',
        detail: `media size ${media.width}x${media.height} and ${m.width}x${m.height}`,
        inputs: [first.input, input],
      });
    else if (media?.width === undefined && m?.width !== undefined)
      media = media ? { ...media, width: m.width, height: m.height } : m;
    for (const [k, v] of Object.entries(item.attributes))
      if (!Object.hasOwn(attributes, k)) attributes[k] = v;
    for (const a of item.annotations) {
      const key = await annotationKey(a);
      if (keys.has(key)) {
        ctx.dropped++;
        continue;
      }
      const same = a.id !== undefined ? byId.get(a.id) : undefined;
      if (same) {
        conflict(ctx, {
          subset: item.subset,
          id: item.id,
          kind: 'annotation',
          detail: `annotation ${a.id} differs`,
          inputs: [same.input, input],
        });
        if (ctx.policy === 'first') {
          ctx.dropped++;
          continue;
        }
      } else if (a.id !== undefined) byId.set(a.id, { key, input });
      keys.add(key);
      annotations.push(a);
    }
  }
  return { ...first.item, media, attributes, annotations };
}

function relabelItem(item: DatasetItem, indexMap: Int32Array): DatasetItem {
  const annotations = item.annotations.map((a) => relabelAnnotation(a, indexMap) as Annotation);
  return annotations.every((a, i) => a === item.annotations[i]) ? item : { ...item, annotations };
}

/**
 * Merges datasets: labels by name, items by subset + id. Reads every input twice: the first pass holds
 * the items' keys only; the second streams the items out, holding an item present in several inputs
 * until its last copy has been read.
 */
export function merge(
  sources: DatasetSource[],
  options: { onConflict?: ConflictPolicy } = {},
): OpResult & { conflicts: MergeConflict[] } {
  const policy = options.onConflict ?? 'error';
  if (!CONFLICT_POLICIES.includes(policy))
    throw new DatasetError(
      'bad-option',
      `merge: unknown conflict policy '${policy}'; valid: ${CONFLICT_POLICIES.join(', ')}`,
    );
  const { categories, indexMaps } = mergeCategories(sources.map((s) => s.categories));
  const report = emptyReport('merge');
  const conflicts: MergeConflict[] = [];
  const source: DatasetSource = {
    categories,
    async *items() {
      resetReport(report);
      conflicts.length = 0;
      const copies = new Map<string, number>();
      for (const s of sources)
        for await (const item of s.items()) {
          const key = `${item.subset}\u0000${item.id}`;
          copies.set(key, (copies.get(key) ?? 0) + 1);
        }
      const pending = new Map<string, { item: DatasetItem; input: number }[]>();
      const ctx: MergeContext = { policy, conflicts, dropped: 0 };
      for (const [input, s] of sources.entries())
        for await (const raw of s.items()) {
          report.itemsIn++;
          const item = relabelItem(raw, indexMaps[input]);
          const key = `${item.subset}\u0000${item.id}`;
          const total = copies.get(key) ?? 1;
          if (total === 1) {
            report.itemsOut++;
            yield item;
            continue;
          }
          const list = pending.get(key) ?? [];
          list.push({ item, input });
          pending.set(key, list);
          if (list.length < total) continue;
          pending.delete(key);
          const before = ctx.dropped;
          const merged = await mergeCopies(list, ctx);
          report.annotationsRemoved += ctx.dropped - before;
          report.itemsChanged++;
          report.itemsRemoved += list.length - 1;
          report.itemsOut++;
          yield merged;
        }
      if (conflicts.length) report.notes = [`${conflicts.length} conflict(s)`];
    },
  };
  return { source, report, conflicts };
}

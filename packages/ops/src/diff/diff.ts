import {
  type Annotation,
  type Attributes,
  type Categories,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
} from '@labelport/core';
import { matchClass, SegmentCache, segmentCanvas, similarity } from './similarity.js';

export interface DiffOptions {
  /** IoU from which two shapes of one label are the same annotation (default 0.5). */
  iou?: number;
  /** How many item names to list per kind (default 100). */
  listLimit?: number;
}

export interface DiffResult {
  equal: boolean;
  itemsOnlyInA: number;
  itemsOnlyInB: number;
  itemsShared: number;
  /** Shared items with any difference (annotations, media size). */
  itemsChanged: number;
  /** Shared items whose media sizes differ. */
  mediaChanged: number;
  annotations: { matched: number; added: number; removed: number; changed: number };
  labelsOnlyInA: string[];
  labelsOnlyInB: string[];
  /** The first `listLimit` items of each kind, as `subset/id`. */
  onlyInA: string[];
  onlyInB: string[];
  changed: string[];
}

const keyOf = (item: DatasetItem) => `${item.subset}\u0000${item.id}`;
const nameOf = (item: DatasetItem) => `${item.subset}/${item.id}`;

function sameAttributes(a: Attributes, b: Attributes): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

type Counts = DiffResult['annotations'];

/** Matches the annotations of one item pair: by label name and class, greedily by best similarity. */
async function diffAnnotations(
  a: DatasetItem,
  b: DatasetItem,
  ca: Categories,
  cb: Categories,
  iou: number,
): Promise<Counts> {
  const counts: Counts = { matched: 0, added: 0, removed: 0, changed: 0 };
  const label = (c: Categories, x: Annotation) =>
    x.label === undefined ? '' : `#${c.labels[x.label]?.name ?? x.label}`;
  const groups = new Map<string, { a: Annotation[]; b: Annotation[] }>();
  const add = (side: 'a' | 'b', c: Categories, x: Annotation) => {
    const k = `${matchClass(x)}${label(c, x)}`;
    let g = groups.get(k);
    if (!g) {
      g = { a: [], b: [] };
      groups.set(k, g);
    }
    g[side].push(x);
  };
  for (const x of a.annotations) add('a', ca, x);
  for (const x of b.annotations) add('b', cb, x);
  const canvas = segmentCanvas(a.media?.width ?? b.media?.width, a.media?.height ?? b.media?.height, [
    ...a.annotations,
    ...b.annotations,
  ]);
  const cache = new SegmentCache(canvas.width, canvas.height);
  for (const g of groups.values()) {
    const pairs: { i: number; j: number; s: number }[] = [];
    for (let i = 0; i < g.a.length; i++)
      for (let j = 0; j < g.b.length; j++) {
        const s = await similarity(g.a[i], g.b[j], cache);
        if (s >= iou) pairs.push({ i, j, s });
      }
    pairs.sort((p, q) => q.s - p.s || p.i - q.i || p.j - q.j);
    const usedA = new Set<number>();
    const usedB = new Set<number>();
    for (const p of pairs) {
      if (usedA.has(p.i) || usedB.has(p.j)) continue;
      usedA.add(p.i);
      usedB.add(p.j);
      counts.matched++;
      const x = g.a[p.i];
      const y = g.b[p.j];
      if (p.s < 1 - 1e-9 || x.type !== y.type || !sameAttributes(x.attributes, y.attributes))
        counts.changed++;
    }
    counts.removed += g.a.length - usedA.size;
    counts.added += g.b.length - usedB.size;
  }
  return counts;
}

/**
 * Compares two datasets: items by subset + id, and per shared item the annotations matched by label
 * and IoU. Holds the items of `a` (masks stay lazy) and streams `b`.
 */
export async function diff(
  a: DatasetSource,
  b: DatasetSource,
  options: DiffOptions = {},
): Promise<DiffResult> {
  const iou = options.iou ?? 0.5;
  if (!(iou > 0 && iou <= 1))
    throw new DatasetError('bad-option', `diff: --iou must be in (0, 1], not ${iou}`);
  const limit = options.listLimit ?? 100;
  const held = new Map<string, DatasetItem>();
  for await (const item of a.items()) held.set(keyOf(item), item);
  const namesA = new Set(a.categories.labels.map((l) => l.name));
  const namesB = new Set(b.categories.labels.map((l) => l.name));
  const r: DiffResult = {
    equal: false,
    itemsOnlyInA: 0,
    itemsOnlyInB: 0,
    itemsShared: 0,
    itemsChanged: 0,
    mediaChanged: 0,
    annotations: { matched: 0, added: 0, removed: 0, changed: 0 },
    labelsOnlyInA: [...namesA].filter((n) => !namesB.has(n)),
    labelsOnlyInB: [...namesB].filter((n) => !namesA.has(n)),
    onlyInA: [],
    onlyInB: [],
    changed: [],
  };
  for await (const y of b.items()) {
    const x = held.get(keyOf(y));
    if (!x) {
      r.itemsOnlyInB++;
      if (r.onlyInB.length < limit) r.onlyInB.push(nameOf(y));
      continue;
    }
    held.delete(keyOf(y));
    r.itemsShared++;
    const c = await diffAnnotations(x, y, a.categories, b.categories, iou);
    for (const k of ['matched', 'added', 'removed', 'changed'] as const) r.annotations[k] += c[k];
    const mediaDiffers =
      x.media?.width !== undefined &&
      y.media?.width !== undefined &&
      (x.media.width !== y.media.width || x.media.height !== y.media.height);
    if (mediaDiffers) r.mediaChanged++;
    if (mediaDiffers || c.added || c.removed || c.changed) {
      r.itemsChanged++;
      if (r.changed.length < limit) r.changed.push(nameOf(y));
    }
  }
  r.itemsOnlyInA = held.size;
  for (const x of held.values()) {
    if (r.onlyInA.length >= limit) break;
    r.onlyInA.push(nameOf(x));
  }
  r.equal =
    r.itemsOnlyInA === 0 &&
    r.itemsOnlyInB === 0 &&
    r.itemsChanged === 0 &&
    r.labelsOnlyInA.length === 0 &&
    r.labelsOnlyInB.length === 0;
  return r;
}

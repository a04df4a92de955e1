/** What the page should show, computed in Node with the same formats as the page. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Categories, DatasetItem } from '@labelport/core';
import { openTree } from '@labelport/core/node';
import { registry } from 'labelport';

export interface Expected {
  format: string;
  items: DatasetItem[];
  labels: string[];
  categories: Categories;
}

export async function expectedOf(path: string): Promise<Expected> {
  const { format, tree } = await registry.resolve(await openTree(path));
  const source = await format.read!(tree);
  const items: DatasetItem[] = [];
  for await (const item of source.items()) items.push(item);
  const labels = source.categories.labels.map((l) => l.name);
  return { format: format.id, items, labels, categories: source.categories };
}

/** The label (index) carried by the fewest items, but by at least one, and how many items carry it. */
export function rarestLabel(e: Expected): { label: number; count: number } | undefined {
  const counts = new Map<number, number>();
  for (const item of e.items) {
    for (const l of new Set(item.annotations.map((a) => a.label))) {
      if (l !== undefined) counts.set(l, (counts.get(l) ?? 0) + 1);
    }
  }
  const sorted = [...counts].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  // A label on every item would not reduce the grid; prefer one that does.
  const pick = sorted.find(([, n]) => n < e.items.length) ?? sorted[0];
  return pick && { label: pick[0], count: pick[1] };
}

/** The item with the most annotations (ties: the first). */
export function richestItem(e: Expected): DatasetItem {
  return e.items.reduce((best, i) => (i.annotations.length > best.annotations.length ? i : best));
}

export const typeCounts = (types: string[]) =>
  Object.fromEntries([...new Set(types)].sort().map((t) => [t, types.filter((x) => x === t).length]));

/** Every file below `dir`, by its path relative to it (to zip a dataset folder). */
export function filesOf(dir: string, prefix = ''): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) Object.assign(out, filesOf(full, `${prefix}${name}/`));
    else out[`${prefix}${name}`] = readFileSync(full);
  }
  return out;
}

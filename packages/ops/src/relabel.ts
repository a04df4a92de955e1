import type { Annotation, Categories, LabelCategory } from '@labelport/core';

/** New categories and, for every old label index, its new index (-1: the label is gone). */
export interface Relabeling {
  categories: Categories;
  indexMap: Int32Array;
}

/**
 * Builds the categories after renaming or dropping labels: `target(label)` gives a label's new name
 * (several may share one: they merge) or undefined to drop it. Labels take the place of their first
 * occurrence; `extra` names are appended when absent (project_labels' new labels). Colours, skeletons
 * and label groups follow their labels.
 */
export function relabel(
  src: Categories,
  target: (label: LabelCategory, index: number) => string | undefined,
  order?: string[],
): Relabeling {
  const names: string[] = [];
  const byName = new Map<string, LabelCategory>();
  const indexMap = new Int32Array(src.labels.length).fill(-1);
  const firstSource = new Map<number, number>();
  const newNames = src.labels.map((l, i) => target(l, i));
  const renamed = (name: string | undefined) => {
    if (name === undefined) return undefined;
    const i = src.labels.findIndex((l) => l.name === name);
    return i < 0 ? name : newNames[i];
  };
  src.labels.forEach((label, i) => {
    const name = newNames[i];
    if (name === undefined) return;
    const held = byName.get(name);
    if (held) {
      // A label merged into one that keeps its own name: the format's id of that one stays.
      if (name === label.name && label.id !== undefined && held.id === undefined) held.id = label.id;
      return;
    }
    const copy: LabelCategory = { name };
    const parent = renamed(label.parent);
    if (parent !== undefined) copy.parent = parent;
    if (label.attributes) copy.attributes = label.attributes;
    if (name === label.name && label.id !== undefined) copy.id = label.id;
    byName.set(name, copy);
    names.push(name);
  });
  const finalNames = order ?? names;
  const labels = finalNames.map((n) => byName.get(n) ?? { name: n });
  // As Datumaro: a parent is kept only when it is among the resulting labels.
  const present = new Set(finalNames);
  for (const l of labels) if (l.parent !== undefined && !present.has(l.parent)) delete l.parent;
  const position = new Map(labels.map((l, i) => [l.name, i]));
  src.labels.forEach((_, i) => {
    const name = newNames[i];
    const j = name === undefined ? undefined : position.get(name);
    if (j !== undefined) {
      indexMap[i] = j;
      if (!firstSource.has(j)) firstSource.set(j, i);
    }
  });
  const categories: Categories = { ...src, labels };
  if (src.colors) categories.colors = remapIndexKeys(src.colors, firstSource);
  if (src.skeletons) categories.skeletons = remapIndexKeys(src.skeletons, firstSource);
  if (src.labelGroups)
    categories.labelGroups = src.labelGroups.map((g) => ({
      ...g,
      labels: [...new Set(g.labels.map((n) => renamed(n)).filter((n): n is string => n !== undefined))],
    }));
  return { categories, indexMap };
}

function remapIndexKeys<V>(map: Map<number, V>, firstSource: Map<number, number>): Map<number, V> {
  const out = new Map<number, V>();
  for (const [to, from] of [...firstSource].sort((a, b) => a[0] - b[0])) {
    const v = map.get(from);
    if (v !== undefined) out.set(to, v);
  }
  return out;
}

/**
 * An annotation with its label (and its skeleton elements' labels) moved through `indexMap`; undefined
 * when its label is gone. Annotations without a label are kept as they are.
 */
export function relabelAnnotation(a: Annotation, indexMap: Int32Array): Annotation | undefined {
  if (a.label === undefined) return a;
  const to = a.label >= 0 && a.label < indexMap.length ? indexMap[a.label] : -1;
  if (to < 0) return undefined;
  let next: Annotation = to === a.label ? a : { ...a, label: to };
  if (next.type === 'skeleton') {
    const elements = next.elements
      .map((e) => relabelAnnotation(e, indexMap))
      .filter((e): e is (typeof next & { type: 'skeleton' })['elements'][number] => e !== undefined);
    if (
      elements.some((e, i) => e !== (next as { elements: unknown[] }).elements[i]) ||
      elements.length !== next.elements.length
    )
      next = { ...next, elements };
  }
  return next;
}

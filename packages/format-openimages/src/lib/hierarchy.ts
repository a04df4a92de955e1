import { DatasetError, type LabelCategory } from '@labelport/core';

interface HierarchyNode {
  LabelName: string;
  Subcategory?: HierarchyNode[];
  Part?: HierarchyNode[];
}

/**
 * Sets label parents from `bbox_labels_600_hierarchy.json` as Datumaro does: every `Subcategory` edge
 * between two known labels makes the outer one the parent (a label under several parents keeps the
 * last one met, depth first); `Part` edges are part-of relations, not parents, and are ignored. The
 * root (`/m/0bl9f`, "Entity") is not a class unless the class list names it.
 */
export function applyHierarchy(root: unknown, labels: LabelCategory[], file: string): void {
  const byName = new Map(labels.map((l) => [l.name, l]));
  const visit = (node: unknown, parent: LabelCategory | undefined, place: string, depth: number): void => {
    if (depth > 1000)
      throw new DatasetError('bad-field', 'the hierarchy is nested too deeply', { file, place });
    if (!node || typeof node !== 'object' || typeof (node as HierarchyNode).LabelName !== 'string') {
      throw new DatasetError('bad-field', 'expected an object with a string LabelName', { file, place });
    }
    const n = node as HierarchyNode;
    const subs = n.Subcategory ?? [];
    if (!Array.isArray(subs))
      throw new DatasetError('bad-field', 'Subcategory must be a list', { file, place });
    subs.forEach((child, i) => {
      const childPlace = `${place}.Subcategory[${i}]`;
      const childName = (child as HierarchyNode | undefined)?.LabelName;
      const childCat = typeof childName === 'string' ? byName.get(childName) : undefined;
      if (parent && childCat) childCat.parent = parent.name;
      visit(child, childCat, childPlace, depth + 1);
    });
  };
  const rootName = (root as HierarchyNode | undefined)?.LabelName;
  visit(root, typeof rootName === 'string' ? byName.get(rootName) : undefined, 'root', 0);
}

/**
 * The hierarchy JSON for a label list, as Datumaro writes it: each label with children gets a
 * Subcategory list, and the labels without a parent hang under a synthetic root `/m/<n>` (the first
 * such name no label uses). Orphans without children are left out: they say nothing.
 */
export function buildHierarchy(labels: LabelCategory[]): HierarchyNode {
  const names = new Set(labels.map((l) => l.name));
  const nodes = new Map<string, HierarchyNode>();
  const nodeOf = (name: string) => {
    let n = nodes.get(name);
    if (!n) {
      n = { LabelName: name };
      nodes.set(name, n);
    }
    return n;
  };
  const orphans: HierarchyNode[] = [];
  for (const l of labels) {
    const child = nodeOf(l.name);
    if (l.parent) {
      const p = nodeOf(l.parent);
      if (!p.Subcategory) p.Subcategory = [];
      p.Subcategory.push(child);
    } else {
      orphans.push(child);
    }
  }
  let i = 0;
  while (names.has(`/m/${i}`)) i++;
  return { LabelName: `/m/${i}`, Subcategory: orphans.filter((n) => n.Subcategory) };
}

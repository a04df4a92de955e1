import type { Categories, LabelCategory, SkeletonCategory } from '@labelport/core';
import { badField, checkNumbers, describeValue, intField, isObject, stringField } from '@labelport/core/json';
import type { CocoTask } from './coco-task.js';

/** One entry of a file's `categories`, checked. */
export interface CocoCategory {
  id: number;
  name: string;
  supercategory: string;
  /** person_keypoints: point names and 0-based edges. */
  skeleton?: SkeletonCategory;
  /** panoptic */
  isthing?: number;
  color?: [number, number, number];
}

/** Where the panoptic `isthing` flags travel: `infos[COCO_ISTHING_INFO]` maps label names to 0/1. */
export const COCO_ISTHING_INFO = 'coco_isthing';

/**
 * The categories of a task file, sorted by id as Datumaro sorts them (label index = rank of the id).
 * Skeleton edges are 1-based in COCO; a file whose edges use index 0 anywhere is taken as 0-based
 * (Datumaro writes its joints unchanged, and some of its files are 0-based).
 */
export function parseCategories(json: Record<string, unknown>, task: CocoTask, file: string): CocoCategory[] {
  const raw = json.categories;
  if (raw === undefined || raw === null) {
    if (task === 'captions' || task === 'image_info') return [];
    badField(file, 'categories', `'categories' is missing`);
  }
  if (!Array.isArray(raw)) badField(file, 'categories', `expected a list, got ${describeValue(raw)}`);
  if (task === 'captions' || task === 'image_info') return [];
  const out: CocoCategory[] = [];
  const seen = new Set<number>();
  let zeroBased = false;
  const edgeLists: [number, number][][] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    const place = `categories[${i}]`;
    if (!isObject(c)) badField(file, place, `expected an object, got ${describeValue(c)}`);
    const id = intField(c, 'id', file, place);
    if (seen.has(id)) badField(file, `${place}.id`, `category id ${id} is used twice`);
    seen.add(id);
    const name = stringField(c, 'name', file, place);
    const sc = c.supercategory;
    const cat: CocoCategory = { id, name, supercategory: typeof sc === 'string' ? sc : '' };
    if (task === 'person_keypoints' && (c.keypoints !== undefined || c.skeleton !== undefined)) {
      const kp = c.keypoints ?? [];
      if (!Array.isArray(kp) || !kp.every((k) => typeof k === 'string')) {
        badField(file, `${place}.keypoints`, `expected a list of names, got ${describeValue(kp)}`);
      }
      const sk = c.skeleton ?? [];
      if (!Array.isArray(sk))
        badField(file, `${place}.skeleton`, `expected a list of pairs, got ${describeValue(sk)}`);
      const edges: [number, number][] = [];
      for (let e = 0; e < sk.length; e++) {
        const pair = sk[e];
        if (
          !Array.isArray(pair) ||
          pair.length !== 2 ||
          !pair.every((v) => Number.isSafeInteger(v) && v >= 0)
        ) {
          badField(
            file,
            `${place}.skeleton[${e}]`,
            `expected a pair of point numbers, got ${describeValue(pair)}`,
          );
        }
        if (pair[0] === 0 || pair[1] === 0) zeroBased = true;
        edges.push([pair[0], pair[1]]);
      }
      // Datumaro writes "keypoints": [], "skeleton": [] for every category: no skeleton
      if (kp.length > 0 || edges.length > 0) {
        edgeLists.push(edges);
        cat.skeleton = { points: kp as string[], edges };
      }
    }
    if (task === 'panoptic') {
      if (c.isthing !== undefined) cat.isthing = c.isthing ? 1 : 0;
      if (c.color !== undefined) {
        const col = c.color;
        if (!Array.isArray(col) || col.length !== 3)
          badField(file, `${place}.color`, `expected [r, g, b], got ${describeValue(col)}`);
        checkNumbers(col, file, `${place}.color`);
        cat.color = [col[0], col[1], col[2]];
      }
    }
    out.push(cat);
  }
  if (!zeroBased) {
    for (const edges of edgeLists) {
      for (const e of edges) {
        e[0]--;
        e[1]--;
      }
    }
  }
  out.sort((a, b) => a.id - b.id);
  return out;
}

/**
 * Builds one label list out of the categories of several task files: labels are matched by name,
 * the first file's order (by id) comes first, and each file gets its own category id -> label index map.
 */
export class CategoryMerger {
  readonly labels: LabelCategory[] = [];
  readonly colors = new Map<number, [number, number, number]>();
  readonly skeletons = new Map<number, SkeletonCategory>();
  readonly isthing: Record<string, number> = {};
  private readonly byName = new Map<string, number>();

  add(cats: CocoCategory[]): Map<number, number> {
    const map = new Map<number, number>();
    for (const c of cats) {
      let index = this.byName.get(c.name);
      if (index === undefined) {
        index = this.labels.length;
        const label: LabelCategory = { name: c.name, id: c.id };
        if (c.supercategory) label.parent = c.supercategory;
        this.labels.push(label);
        this.byName.set(c.name, index);
      }
      map.set(c.id, index);
      if (c.skeleton && !this.skeletons.has(index)) this.skeletons.set(index, c.skeleton);
      if (c.color && !this.colors.has(index)) this.colors.set(index, c.color);
      if (c.isthing !== undefined) this.isthing[c.name] = c.isthing;
    }
    return map;
  }

  categories(): Categories {
    const out: Categories = { labels: this.labels };
    if (this.colors.size) out.colors = this.colors;
    if (this.skeletons.size) out.skeletons = this.skeletons;
    return out;
  }

  infos(): Record<string, unknown> | undefined {
    return Object.keys(this.isthing).length ? { [COCO_ISTHING_INFO]: { ...this.isthing } } : undefined;
  }
}

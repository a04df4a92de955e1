/**
 * The Ultralytics YOLO layout: images under an `images` folder and label files at the same place
 * under `labels` (Ultralytics' rule: the last `/images/` of an image path becomes `/labels/`, the
 * extension `.txt`). Both `images/<subset>/...` (Ultralytics, Datumaro) and `<subset>/images/...`
 * (Roboflow) are found.
 */
import type { FileEntry } from '@labelport/core';
import { stripExtension } from '@labelport/core/files';
import { isImage } from './darknet-layout.js';
import { type DatasetYaml, normalizeYamlPath } from './dataset-yaml.js';

export interface UltralyticsLayout {
  items: UltralyticsItem[];
  /** Images that no subset folder, subset list or `images` folder takes. */
  ignoredImages: string[];
  /** `.txt` files below the root that are no item's label file (nor a subset list). */
  unusedTexts: string[];
}

/** Names a few paths of a list: `a, b, c and 7 more`. */
export function someOf(paths: string[], shown = 5): string {
  const head = paths.slice(0, shown).join(', ');
  return paths.length > shown ? `${head} and ${paths.length - shown} more` : head;
}

export interface UltralyticsItem {
  id: string;
  subset: string;
  image?: string;
  labelFile: string;
}

/** Splits a path at its last `images` (or `labels`) folder: the folder's path, and the subset and id. */
function place(
  path: string,
  dirName: 'images' | 'labels',
): { dir: string; subsetDir?: string; rest: string[] } | undefined {
  const parts = path.split('/');
  const i = parts.lastIndexOf(dirName);
  if (i < 0 || i === parts.length - 1) return undefined;
  return { dir: parts.slice(0, i + 1).join('/'), rest: parts.slice(i + 1) };
}

/** Items from the listing: images under `images`, label files under `labels`, paired by path. */
export function ultralyticsItems(
  files: FileEntry[],
  yaml: DatasetYaml,
  listed: Map<string, string> = new Map(),
  _lists: ReadonlySet<string> = new Set(),
): UltralyticsLayout {
  const items = new Map<string, UltralyticsItem>();
  const byLabelFile = new Map<string, UltralyticsItem>();
  const subsetByDir = new Map<string, string>();
  // a folder named by several keys (`val: images/train` when there is no validation split) belongs to
  // the key of its own name
  for (const [key, paths] of yaml.subsets)
    for (const p of paths) if (p.split('/').pop() === key) subsetByDir.set(p, key);
  for (const [key, paths] of yaml.subsets)
    for (const p of paths) if (!subsetByDir.has(p)) subsetByDir.set(p, key);
  const keyOf = (path: string, dirName: 'images' | 'labels') => {
    const pl = place(path, dirName);
    if (!pl) return undefined;
    const base = pl.dir.slice(0, pl.dir.length - dirName.length);
    const before = base.split('/').filter((s) => s !== '');
    const nested = pl.rest.length >= 2;
    // images/<subset>/<id> (Ultralytics) or <subset>/images/<id> (Roboflow)
    let subset = nested ? pl.rest[0] : before.length ? before[before.length - 1] : 'default';
    const idParts = nested ? pl.rest.slice(1) : pl.rest;
    const imagesPath = nested ? `${base}images/${pl.rest[0]}` : `${base}images`;
    subset = subsetByDir.get(imagesPath) ?? subset;
    const id = stripExtension(idParts.join('/'));
    const labelFile = dirName === 'labels' ? path : `${base}labels/${stripExtension(pl.rest.join('/'))}.txt`;
    return { key: `${subset}\u0000${id}`, subset, id, labelFile };
  };
  for (const f of files) {
    if (!isImage(f.path)) continue;
    const k = keyOf(f.path, 'images');
    if (!k) continue;
    // a subset list (`train: train.txt`) names the subset of the images it lists
    const subset = listed.get(f.path) ?? k.subset;
    const key = `${subset}\u0000${k.id}`;
    if (items.has(key)) continue;
    const item = { id: k.id, subset, image: f.path, labelFile: k.labelFile };
    items.set(key, item);
    byLabelFile.set(k.labelFile, item);
  }
  for (const f of files) {
    if (!f.path.endsWith('.txt') || byLabelFile.has(f.path)) continue;
    const k = keyOf(f.path, 'labels');
    if (!k || items.has(k.key)) continue;
    items.set(k.key, { id: k.id, subset: k.subset, labelFile: f.path });
  }
  return { items: [...items.values()], ignoredImages: [], unusedTexts: [] };
}

/** Image path -> subset, from the subset keys whose value is a list file (`train: train.txt`). */
export function listedImages(
  yaml: DatasetYaml,
  readList: (path: string) => string | undefined,
  _files: Set<string>,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, paths] of yaml.subsets) {
    for (const p of paths) {
      if (!p.endsWith('.txt')) continue;
      const text = readList(p);
      if (text === undefined) continue;
      for (const line of text.split(/\r?\n/)) {
        const img = normalizeYamlPath(line.trim());
        if (img && !out.has(img)) out.set(img, key);
      }
    }
  }
  return out;
}

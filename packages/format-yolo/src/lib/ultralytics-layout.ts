/**
 * Where the images and label files of an Ultralytics YOLO dataset are, by Ultralytics' own rule
 * (`img2label_paths`): the label file of an image is its path with the last `/images/` made
 * `/labels/` and the extension `.txt`; a path without an `images` folder keeps its folder, so the
 * label file lies beside the image (YOLOv5's and SAHI's `train/a.jpg` + `train/a.txt`). Found:
 * `images/<subset>/...` (Ultralytics, Datumaro), `<subset>/images/...` (Roboflow), images beside
 * their label files in a subset folder the YAML names (matched by its tail when the YAML names the
 * author's absolute paths), and the images a subset list (`train: train.txt`) names.
 */
import type { FileEntry } from '@labelport/core';
import { dirname, stripExtension } from '@labelport/core/files';
import { isImage } from './darknet-layout.js';
import { type DatasetYaml, normalizeYamlPath } from './dataset-yaml.js';

export interface UltralyticsItem {
  id: string;
  subset: string;
  image?: string;
  labelFile: string;
}

/** Ultralytics' `img2label_paths`: the last `images/` folder becomes `labels/`, the extension `.txt`. */
export function labelPathOf(image: string): string {
  const slashed = `/${stripExtension(image)}`;
  const at = slashed.lastIndexOf('/images/');
  if (at < 0) return `${slashed.slice(1)}.txt`;
  return `${slashed.slice(1, at + 1)}labels/${slashed.slice(at + 8)}.txt`;
}

/** Every folder of the listing ('' is the root). */
function foldersOf(files: FileEntry[]): Set<string> {
  const dirs = new Set<string>(['']);
  for (const f of files) {
    for (let d = dirname(f.path); d !== '' && !dirs.has(d); d = dirname(d)) dirs.add(d);
  }
  return dirs;
}

/** A path as it is in the tree: itself, else its longest tail that is there (an author's absolute path). */
export function inTree(path: string, has: (p: string) => boolean): string | undefined {
  if (has(path)) return path;
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) {
    const tail = parts.slice(i).join('/');
    if (has(tail)) return tail;
  }
  return undefined;
}

/**
 * Folder -> subset key, for the YAML's folder values as they are in the tree. A folder named by
 * several keys (`val: images/train` when there is no validation split) belongs to the key of its
 * own name.
 */
function subsetFolders(yaml: DatasetYaml, dirs: Set<string>): Map<string, string> {
  const out = new Map<string, string>();
  const resolved: [key: string, dir: string][] = [];
  for (const [key, paths] of yaml.subsets) {
    for (const p of paths) {
      if (p.endsWith('.txt')) continue;
      const dir = inTree(p, (d) => dirs.has(d));
      if (dir !== undefined) resolved.push([key, dir]);
    }
  }
  for (const [key, dir] of resolved) if (dir.split('/').pop() === key) out.set(dir, key);
  for (const [key, dir] of resolved) if (!out.has(dir)) out.set(dir, key);
  return out;
}

interface Placed {
  subset: string;
  id: string;
  labelFile: string;
}

/** An image or label file under an `images` (`labels`) folder: `<dir>/<subset>/<id>` or `<subset>/<dir>/<id>`. */
function underFolder(
  path: string,
  dirName: 'images' | 'labels',
  byDir: Map<string, string>,
): Placed | undefined {
  const parts = path.split('/');
  const i = parts.lastIndexOf(dirName);
  if (i < 0 || i === parts.length - 1) return undefined;
  const before = parts.slice(0, i);
  const rest = parts.slice(i + 1);
  const base = before.length ? `${before.join('/')}/` : '';
  const nested = rest.length >= 2;
  const imagesPath = nested ? `${base}images/${rest[0]}` : `${base}images`;
  const subset = byDir.get(imagesPath) ?? (nested ? rest[0]! : (before[before.length - 1] ?? 'default'));
  const id = stripExtension((nested ? rest.slice(1) : rest).join('/'));
  const labelFile = dirName === 'labels' ? path : `${base}labels/${stripExtension(rest.join('/'))}.txt`;
  return { subset, id, labelFile };
}

/** An image in a subset folder the YAML names, without an `images` folder: its label file beside it. */
function inSubsetFolder(path: string, byDir: Map<string, string>): Placed | undefined {
  for (let d = dirname(path); ; d = dirname(d)) {
    const subset = byDir.get(d);
    if (subset !== undefined) {
      const id = stripExtension(d === '' ? path : path.slice(d.length + 1));
      return { subset, id, labelFile: `${stripExtension(path)}.txt` };
    }
    if (d === '') return undefined;
  }
}

export interface UltralyticsLayout {
  items: UltralyticsItem[];
  /** Images that no subset folder, subset list or `images` folder takes. */
  ignoredImages: string[];
  /** `.txt` files below the root that are no item's label file (nor a subset list). */
  unusedTexts: string[];
}

/** Items from the listing: each image with its label file by Ultralytics' rule, and label files alone. */
export function ultralyticsItems(
  files: FileEntry[],
  yaml: DatasetYaml,
  listed: Map<string, string> = new Map(),
  lists: ReadonlySet<string> = new Set(),
): UltralyticsLayout {
  const byDir = subsetFolders(yaml, foldersOf(files));
  const items = new Map<string, UltralyticsItem>();
  const labelFiles = new Set<string>();
  const ignoredImages: string[] = [];
  for (const f of files) {
    if (!isImage(f.path)) continue;
    const p = underFolder(f.path, 'images', byDir) ?? inSubsetFolder(f.path, byDir);
    const subset = listed.get(f.path) ?? p?.subset;
    if (subset === undefined) {
      ignoredImages.push(f.path);
      continue;
    }
    // a listed image outside any folder: its id is its path, its label file beside it
    const id = p?.id ?? stripExtension(f.path);
    const labelFile = p?.labelFile ?? labelPathOf(f.path);
    const key = `${subset}\u0000${id}`;
    if (items.has(key)) continue;
    items.set(key, { id, subset, image: f.path, labelFile });
    labelFiles.add(labelFile);
  }
  const unusedTexts: string[] = [];
  for (const f of files) {
    if (!f.path.endsWith('.txt') || labelFiles.has(f.path) || lists.has(f.path)) continue;
    const p = underFolder(f.path, 'labels', byDir);
    if (!p) {
      if (f.path.includes('/')) unusedTexts.push(f.path);
      continue;
    }
    const key = `${p.subset}\u0000${p.id}`;
    if (!items.has(key)) items.set(key, { id: p.id, subset: p.subset, labelFile: f.path });
  }
  return { items: [...items.values()], ignoredImages, unusedTexts };
}

/**
 * Image path -> subset, from the subset keys whose value is a list file (`train: train.txt`): each
 * line an image path relative to the list's folder, or the dataset's, or the author's absolute path.
 */
export function listedImages(
  yaml: DatasetYaml,
  readList: (path: string) => string | undefined,
  files: Set<string>,
): Map<string, string> {
  const out = new Map<string, string>();
  const has = (p: string) => files.has(p);
  for (const [key, paths] of yaml.subsets) {
    for (const list of paths) {
      if (!list.endsWith('.txt')) continue;
      const text = readList(list);
      if (text === undefined) continue;
      const dir = dirname(list);
      for (const line of text.split(/\r?\n/)) {
        const p = normalizeYamlPath(line.trim());
        if (p === '') continue;
        const img = (dir !== '' && has(`${dir}/${p}`) ? `${dir}/${p}` : undefined) ?? inTree(p, has) ?? p;
        if (!out.has(img)) out.set(img, key);
      }
    }
  }
  return out;
}

/** Names a few paths of a list: `a, b, c and 7 more`. */
export function someOf(paths: string[], shown = 5): string {
  const head = paths.slice(0, shown).join(', ');
  return paths.length > shown ? `${head} and ${paths.length - shown} more` : head;
}

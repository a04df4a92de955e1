/**
 * VOC segmentation without `ImageSets/`, as labelme's `labelme2voc.py` and many other tools write it:
 * `JPEGImages/`, class masks in `SegmentationClass/` (labelme 5) or `SegmentationClassPNG/` (labelme 4,
 * whose `SegmentationClass/` then holds `.npy` arrays), instance masks in `SegmentationObject/` or
 * `SegmentationObjectPNG/`, `*Visualization/` JPEGs (not annotations) and a class list: labelme's
 * `class_names.txt` (`_background_` first, line i = mask value i) or its input `labels.txt`
 * (`__ignore__` first, then `_background_`), else Datumaro's `labelmap.txt` / `dataset_meta.json`.
 * Masks may sit in subfolders; the item id is the mask's path below its folder, without extension.
 * labelme writes the `__ignore__` value (-1) as 255: it is read as the label `__ignore__`.
 */
import type { FileEntry } from '@labelport/core';
import { splitLines, stripExtension } from '@labelport/core/files';
import { vocColormap } from '@labelport/core/geometry';
import type { LabelMapEntry } from './labelmap.js';
import { isImagePath } from './voc-layout.js';

export const CLASS_MASK_DIRS = ['SegmentationClass', 'SegmentationClassPNG'] as const;
export const INSTANCE_MASK_DIRS = ['SegmentationObject', 'SegmentationObjectPNG'] as const;
export const CLASS_LIST_FILES = ['class_names.txt', 'labels.txt'] as const;
export const IGNORE_LABEL = '__ignore__';

const MASK_PATH =
  /^(?:(.*)\/)?(SegmentationClass|SegmentationClassPNG|SegmentationObject|SegmentationObjectPNG)\/.+\.png$/i;

const depthOf = (dir: string) => (dir === '' ? 0 : dir.split('/').length);

/** Folders holding a mask layout (a `Segmentation{Class,Object}[PNG]/` folder of PNGs), shallowest first. */
export function findMaskLayoutRoots(files: (FileEntry | string)[], maxDepth = 3): string[] {
  const roots = new Set<string>();
  for (const f of files) {
    const m = MASK_PATH.exec(typeof f === 'string' ? f : f.path);
    if (!m) continue;
    const root = m[1] ?? '';
    if (depthOf(root) <= maxDepth) roots.add(root);
  }
  return [...roots].sort((a, b) => depthOf(a) - depthOf(b) || (a < b ? -1 : 1));
}

/**
 * Where to read a mask layout from: its folder, or the folder above several at one depth (labelme2voc
 * run once per split: `train/`, `val/`, each with its own folders), read as one subset each.
 */
export function maskLayoutRoot(files: (FileEntry | string)[]): string | undefined {
  const roots = findMaskLayoutRoots(files);
  if (roots.length === 0) return undefined;
  const same = roots.filter((r) => depthOf(r) === depthOf(roots[0]));
  const parent = (r: string) => r.slice(0, Math.max(0, r.lastIndexOf('/')));
  if (same.length > 1 && same.every((r) => parent(r) === parent(same[0]))) return parent(same[0]);
  return roots[0];
}

/** The layouts of a tree read at its root: the root itself ('default'), else its subset folders. */
export function maskLayoutSubsets(paths: string[]): { dir: string; subset: string }[] {
  const roots = findMaskLayoutRoots(paths, 1);
  if (roots.includes('')) return [{ dir: '', subset: 'default' }];
  return roots.map((dir) => ({ dir, subset: dir }));
}

/** The first folder of `dirs` that holds PNGs: path below it without extension -> file. */
function masksIn(paths: string[], dirs: readonly string[]): Map<string, string> {
  for (const dir of dirs) {
    const found = new Map<string, string>();
    for (const p of paths) {
      if (p.startsWith(`${dir}/`) && p.toLowerCase().endsWith('.png'))
        found.set(stripExtension(p.slice(dir.length + 1)), p);
    }
    if (found.size > 0) return found;
  }
  return new Map();
}

export interface MaskPlan {
  id: string;
  subset: string;
  classMask?: string;
  instanceMask?: string;
  /** The image in `JPEGImages/` with the mask's stem. */
  image?: string;
}

/** One plan per mask stem of each layout, in path order (`paths` relative to the tree's root). */
export function maskLayoutPlans(paths: string[]): MaskPlan[] {
  const plans: MaskPlan[] = [];
  for (const { dir, subset } of maskLayoutSubsets(paths)) {
    const prefix = dir ? `${dir}/` : '';
    const below = paths.filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length));
    const classes = masksIn(below, CLASS_MASK_DIRS);
    const instances = masksIn(below, INSTANCE_MASK_DIRS);
    const images = new Map<string, string>();
    for (const p of below)
      if (p.startsWith('JPEGImages/') && isImagePath(p)) images.set(stripExtension(p.slice(11)), p);
    const at = (p: string | undefined) => (p === undefined ? undefined : prefix + p);
    for (const id of [...new Set([...classes.keys(), ...instances.keys()])].sort()) {
      plans.push({
        id,
        subset,
        classMask: at(classes.get(id)),
        instanceMask: at(instances.get(id)),
        image: at(images.get(id)),
      });
    }
  }
  return plans;
}

/**
 * labelme's class list: names in mask-value order, coloured with the VOC colour map by value (what
 * labelme's `lblsave` palette holds), plus `__ignore__` at value 255.
 */
export function parseLabelmeClassList(text: string, file: string): LabelMapEntry[] {
  const cmap = vocColormap(256);
  let names = splitLines(text)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  // labels.txt, labelme2voc's input: `__ignore__` (value -1, written as 255) comes first
  if (file.endsWith('labels.txt') && names[0] === IGNORE_LABEL) names = names.slice(1);
  const map: LabelMapEntry[] = names
    .filter((n) => n !== IGNORE_LABEL)
    .map((name, i) => ({ name, color: cmap[i], parts: [], actions: [] }));
  map.push({ name: IGNORE_LABEL, color: cmap[255], parts: [], actions: [] });
  return map;
}

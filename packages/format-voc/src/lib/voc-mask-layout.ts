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

export const CLASS_MASK_DIRS = ['SegmentationClass', 'SegmentationClassPNG'] as const;
export const INSTANCE_MASK_DIRS = ['SegmentationObject', 'SegmentationObjectPNG'] as const;
export const CLASS_LIST_FILES = ['class_names.txt', 'labels.txt'] as const;
export const IGNORE_LABEL = '__ignore__';

const MASK_PATH =
  /^(?:(.*)\/)?(SegmentationClass|SegmentationClassPNG|SegmentationObject|SegmentationObjectPNG)\/.+\.png$/i;

/** Folders holding a mask layout (a `Segmentation{Class,Object}[PNG]/` folder of PNGs), shallowest first. */
export function findMaskLayoutRoots(files: FileEntry[], maxDepth = 3): string[] {
  const roots = new Set<string>();
  for (const f of files) {
    const m = MASK_PATH.exec(f.path);
    if (!m) continue;
    const root = m[1] ?? '';
    if ((root === '' ? 0 : root.split('/').length) <= maxDepth) roots.add(root);
  }
  return [...roots].sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
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
  classMask?: string;
  instanceMask?: string;
}

/** One plan per mask stem, in path order (a root-relative listing). */
export function maskLayoutPlans(paths: string[]): MaskPlan[] {
  const classes = masksIn(paths, CLASS_MASK_DIRS);
  const instances = masksIn(paths, INSTANCE_MASK_DIRS);
  const ids = [...new Set([...classes.keys(), ...instances.keys()])].sort();
  return ids.map((id) => ({ id, classMask: classes.get(id), instanceMask: instances.get(id) }));
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

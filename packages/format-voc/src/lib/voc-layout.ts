/**
 * Where things are in a VOCdevkit-style folder, and finding such folders (and the loose layout: a
 * folder of VOC `.xml` files only) in a listing.
 */
import type { FileEntry } from '@labelport/core';
import { basename, dirname, escapeFileName, extname, stripExtension } from '@labelport/core/files';
import { IMAGE_EXTENSIONS } from '@labelport/core/media';
import type { VocTask } from './labelmap.js';

export const VOC_PATHS = {
  images: 'JPEGImages',
  annotations: 'Annotations',
  classMasks: 'SegmentationClass',
  instanceMasks: 'SegmentationObject',
  imageSets: 'ImageSets',
  labelMap: 'labelmap.txt',
} as const;

export type TaskDir = 'Main' | 'Segmentation' | 'Layout' | 'Action';
export const TASK_DIRS: TaskDir[] = ['Main', 'Segmentation', 'Layout', 'Action'];

/** The ImageSets folders a task reads its subset lists from. */
export function taskDirs(task: VocTask): TaskDir[] {
  switch (task) {
    case 'voc':
      return TASK_DIRS;
    case 'voc_classification':
    case 'voc_detection':
      return ['Main'];
    case 'voc_segmentation':
    case 'voc_instance_segmentation':
      return ['Segmentation'];
    case 'voc_layout':
      return ['Layout'];
    case 'voc_action':
      return ['Action'];
  }
}

/**
 * A label name as the first part of its class list's name (`Main/<label>_<subset>.txt`): what a
 * file name cannot hold (`/`, `\`, control characters) and `%` are percent-escaped, so that Open
 * Images' `/m/0cmf2` is `%2Fm%2F0cmf2_train.txt` and reads back (Datumaro joins the raw name to the
 * folder, so `/m/0cmf2` lands outside it). Other names are as Datumaro writes them.
 */
export function classListLabel(name: string): string {
  return escapeFileName(name);
}

const SUBSET_LIST = /^(?:(.*)\/)?ImageSets\/(Main|Segmentation|Layout|Action)\/([^/_]+)\.txt$/;

/** A subset list path's parts, or undefined (label lists such as `cat_train.txt` are not subset lists). */
export function parseSubsetListPath(
  path: string,
): { root: string; dir: TaskDir; subset: string } | undefined {
  const m = SUBSET_LIST.exec(path);
  return m ? { root: m[1] ?? '', dir: m[2] as TaskDir, subset: m[3] } : undefined;
}

export const isImagePath = (p: string) => IMAGE_EXTENSIONS.includes(extname(p));

/** What a VOC root holds, from a listing relative to that root. */
export interface VocContents {
  subsetLists: Map<TaskDir, string[]>;
  /** `Main/<label>_<subset>.txt` files. */
  classLists: number;
  xmlCount: number;
  maskCount: number;
  /** `SegmentationObject/*.png` files (among maskCount). */
  instanceMasks: number;
}

export function vocContents(files: FileEntry[] | string[]): VocContents {
  const subsetLists = new Map<TaskDir, string[]>();
  let classLists = 0;
  let xmlCount = 0;
  let maskCount = 0;
  let instanceMasks = 0;
  for (const f of files) {
    const p = typeof f === 'string' ? f : f.path;
    const s = parseSubsetListPath(p);
    if (s && s.root === '') {
      const l = subsetLists.get(s.dir) ?? [];
      l.push(s.subset);
      subsetLists.set(s.dir, l);
    } else if (/^ImageSets\/Main\/[^/]+_[^/]+\.txt$/.test(p)) classLists++;
    else if (p.startsWith(`${VOC_PATHS.annotations}/`) && p.endsWith('.xml')) xmlCount++;
    else if (p.startsWith(`${VOC_PATHS.classMasks}/`) && p.endsWith('.png')) maskCount++;
    else if (p.startsWith(`${VOC_PATHS.instanceMasks}/`) && p.endsWith('.png')) {
      maskCount++;
      instanceMasks++;
    }
  }
  return { subsetLists, classLists, xmlCount, maskCount, instanceMasks };
}

/** The tasks a VOC root's contents hold. */
export function tasksPresent(c: VocContents): Set<VocTask> {
  const tasks = new Set<VocTask>();
  if (c.subsetLists.has('Main')) {
    if (c.classLists > 0) tasks.add('voc_classification');
    if (c.xmlCount > 0 || c.classLists === 0) tasks.add('voc_detection');
  }
  if (c.subsetLists.has('Segmentation')) tasks.add('voc_segmentation');
  if (c.subsetLists.has('Layout')) tasks.add('voc_layout');
  if (c.subsetLists.has('Action')) tasks.add('voc_action');
  return tasks;
}

/** Roots of VOC trees in a listing (folders holding `ImageSets/<task>/<subset>.txt`), shallowest first. */
export function findVocRoots(files: FileEntry[], maxDepth = 3): string[] {
  const roots = new Set<string>();
  for (const f of files) {
    const s = parseSubsetListPath(f.path);
    if (s && (s.root === '' ? 0 : s.root.split('/').length) <= maxDepth) roots.add(s.root);
  }
  return [...roots].sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
}

/** Images by their path without extension, for matching item ids to files. */
export function imageIndex(files: FileEntry[], under: string): Map<string, string> {
  const prefix = under ? `${under}/` : '';
  const m = new Map<string, string>();
  for (const f of files) {
    if (f.path.startsWith(prefix) && isImagePath(f.path)) {
      const key = stripExtension(f.path.slice(prefix.length));
      if (!m.has(key)) m.set(key, f.path);
    }
  }
  return m;
}

const SUBSET_FOLDER_NAMES = new Set([
  'train',
  'val',
  'valid',
  'validation',
  'test',
  'trainval',
  'training',
  'testing',
]);
const ANNOTATION_FOLDER_NAMES = new Set(['annotations', 'Annotations', 'labels', 'xml', 'xmls']);

/** The loose layout's items: subset from a subset-named top folder, id from the rest of the path. */
export function looseItemKey(xmlPath: string): { subset: string; id: string } {
  let parts = stripExtension(xmlPath).split('/');
  let subset = 'default';
  if (parts.length > 1 && SUBSET_FOLDER_NAMES.has(parts[0])) {
    subset = parts[0];
    parts = parts.slice(1);
  }
  if (parts.length > 1 && ANNOTATION_FOLDER_NAMES.has(parts[0])) parts = parts.slice(1);
  return { subset, id: parts.join('/') };
}

/** The images of a listing by path stem and by base name, exactly and lower-cased. */
export interface ImageLookup {
  byStem: Map<string, string>;
  byBase: Map<string, string[]>;
  byStemLower: Map<string, string>;
  byBaseLower: Map<string, string[]>;
}

export function imageLookup(files: FileEntry[]): ImageLookup {
  const l: ImageLookup = {
    byStem: new Map(),
    byBase: new Map(),
    byStemLower: new Map(),
    byBaseLower: new Map(),
  };
  const add = (m: Map<string, string[]>, k: string, v: string) => m.set(k, [...(m.get(k) ?? []), v]);
  for (const f of files) {
    if (!isImagePath(f.path)) continue;
    const stem = stripExtension(f.path);
    if (!l.byStem.has(stem)) l.byStem.set(stem, f.path);
    if (!l.byStemLower.has(stem.toLowerCase())) l.byStemLower.set(stem.toLowerCase(), f.path);
    add(l.byBase, basename(stem), f.path);
    add(l.byBaseLower, basename(stem).toLowerCase(), f.path);
  }
  return l;
}

/** How likely a folder holds the dataset's images: JPEGImages/ and images/ first, drawings of the labels last. */
function imageFolderRank(path: string): number {
  const dirs = dirname(path).split('/');
  if (dirs.some((d) => /visuali[sz]ation/i.test(d))) return 0; // labelme2voc's AnnotationsVisualization/
  return dirs.some((d) => d === VOC_PATHS.images || d.toLowerCase() === 'images') ? 2 : 1;
}

/**
 * Of several images with one name, the one nearest the XML (under the XML's parent folder), in an
 * image folder rather than a visualisation folder; else the first.
 */
function nearest(xmlPath: string, candidates: string[] | undefined): string | undefined {
  if (!candidates?.length) return undefined;
  if (candidates.length === 1) return candidates[0];
  const dir = dirname(dirname(xmlPath));
  const score = (c: string) => (c.startsWith(dir ? `${dir}/` : '') ? 4 : 0) + imageFolderRank(c);
  return candidates.reduce((best, c) => (score(c) > score(best) ? c : best));
}

/**
 * An image for a loose XML (`filename` is its `<filename>`, with or without an extension): the
 * file `<filename>` names beside it, else an image beside it with the XML's stem or `<filename>`'s
 * stem, else one with that name anywhere (the nearest); the same again ignoring case (Windows tools
 * write `IMG_1.JPG` for `img_1.xml`).
 */
export function looseImageFor(
  xmlPath: string,
  filename: string | undefined,
  images: ImageLookup,
): string | undefined {
  const dir = dirname(xmlPath);
  const beside = (name: string) => (dir ? `${dir}/${name}` : name);
  const stems = [stripExtension(xmlPath)];
  if (filename && !filename.includes('..')) {
    const named = beside(filename);
    if (isImagePath(named) && images.byStem.get(stripExtension(named)) === named) return named;
    // `<filename>` without an extension (or with a dot in the name): the whole name is the stem
    stems.push(beside(filename), stripExtension(named));
  }
  for (const s of stems) if (images.byStem.has(s)) return images.byStem.get(s);
  for (const s of stems) {
    const found = nearest(xmlPath, images.byBase.get(basename(s)));
    if (found) return found;
  }
  for (const s of stems) {
    const found = images.byStemLower.get(s.toLowerCase());
    if (found) return found;
  }
  for (const s of stems) {
    const found = nearest(xmlPath, images.byBaseLower.get(basename(s).toLowerCase()));
    if (found) return found;
  }
  return undefined;
}

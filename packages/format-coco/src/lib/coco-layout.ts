import { basename, dirname, joinPath } from '@labelport/core/files';
import { type CocoTask, taskOfFileName } from './coco-task.js';

/**
 * Where COCO annotation files sit:
 * - `default`: `<root>/annotations/<task>_<subset>.json`, images in `images/<subset>/`, `images/` or
 *   (mmdetection) `<subset>/`;
 * - `roboflow`: `<root>/<subset>/_annotations.coco.json` (instances), images beside it;
 * - `loose`: a single JSON file anywhere, images beside it (or in `images/` beside it).
 */
export type CocoLayoutKind = 'default' | 'roboflow' | 'loose';

export interface CocoFileRef {
  /** Path relative to the dataset root. */
  path: string;
  task: CocoTask;
  subset: string;
  kind: CocoLayoutKind;
  /** The task came from the file's content, not its name (a weaker guess). */
  sniffed?: boolean;
}

export interface CocoLayout {
  root: string;
  files: CocoFileRef[];
}

const ROBOFLOW_NAME = '_annotations.coco.json';

/** Finds the COCO annotation files named as COCO names them in a listing, grouped by dataset root. */
export function findCocoFiles(paths: readonly string[]): CocoLayout[] {
  const byRoot = new Map<string, CocoFileRef[]>();
  const add = (root: string, ref: CocoFileRef) => {
    const list = byRoot.get(root);
    if (list) list.push(ref);
    else byRoot.set(root, [ref]);
  };
  for (const p of paths) {
    if (!p.toLowerCase().endsWith('.json')) continue;
    const name = basename(p);
    const dir = dirname(p);
    if (name === ROBOFLOW_NAME) {
      if (dir === '') add('', { path: p, task: 'instances', subset: 'default', kind: 'loose' });
      else {
        const root = dirname(dir);
        add(root, { path: rel(root, p), task: 'instances', subset: basename(dir), kind: 'roboflow' });
      }
      continue;
    }
    const named = taskOfFileName(name);
    if (!named) continue;
    if (basename(dir) === 'annotations') {
      const root = dirname(dir);
      add(root, { path: rel(root, p), ...named, kind: 'default' });
    } else {
      add(dir, { path: rel(dir, p), ...named, kind: 'loose' });
    }
  }
  const out = [...byRoot].map(([root, files]) => ({ root, files }));
  // shallowest first: the dataset nearest the top wins
  out.sort((a, b) => depth(a.root) - depth(b.root) || (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
  return out;
}

const depth = (p: string) => (p === '' ? 0 : p.split('/').length);
const rel = (root: string, p: string) => (root === '' ? p : p.slice(root.length + 1));

/** The set of every folder in a listing, for cheap "does this folder exist" questions. */
export function folderSet(paths: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const p of paths) {
    let d = dirname(p);
    while (d !== '' && !out.has(d)) {
      out.add(d);
      d = dirname(d);
    }
  }
  return out;
}

/** The folder, relative to the dataset root, where the images of a task file are. */
export function imageFolder(ref: CocoFileRef, folders: Set<string>): string {
  if (ref.kind === 'roboflow') return ref.subset;
  if (ref.kind === 'loose') {
    const dir = dirname(ref.path);
    const images = joinPath(dir, 'images');
    return folders.has(images) ? images : dir;
  }
  const bySubset = joinPath('images', ref.subset);
  if (folders.has(bySubset)) return bySubset;
  if (folders.has('images')) return 'images';
  if (folders.has(ref.subset)) return ref.subset; // mmdetection: <root>/<subset>/
  return bySubset;
}

/**
 * JSON files that may hold COCO under another name: at the top of the tree or in `annotations/`
 * (Datumaro reads any file in `annotations/` as the task it is asked for). More than a few such
 * files means one file per image, another format: none are returned, so detection stays cheap.
 */
export function unnamedJsonFiles(paths: readonly string[]): string[] {
  const found = paths.filter((p) => {
    if (!p.toLowerCase().endsWith('.json')) return false;
    const dir = dirname(p);
    if (dir !== '' && dir !== 'annotations') return false;
    const name = basename(p);
    return name !== ROBOFLOW_NAME && taskOfFileName(name) === undefined;
  });
  // a folder of many JSON files is one file per image (LabelMe, SAM, VoTT...), not COCO: no sniffing
  return found.length > MAX_UNNAMED ? [] : found;
}

const MAX_UNNAMED = 8;

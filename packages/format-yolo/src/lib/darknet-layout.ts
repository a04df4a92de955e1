/**
 * The darknet YOLO layouts.
 * Strict (what CVAT and Datumaro export): `obj.data` (`key = value` lines: classes, names, backup and
 * one list per subset), `obj.names` (a label a line), `<subset>.txt` (image paths, `data/` prefix
 * optional), `obj_<subset>_data/<image>` with `<image>.txt` beside it.
 * Loose: `obj.names` (or Label Studio's `classes.txt`) with label files under `[Aa]nnotations/` or `[Ll]abels/` (a folder level there
 * names the subset) and images anywhere with the same name.
 */
import { DatasetError, type FileEntry } from '@labelport/core';
import { extname, safeRelativePath, splitLines, stripExtension } from '@labelport/core/files';
import { IMAGE_EXTENSIONS } from '@labelport/core/media';

export const RESERVED_KEYS = new Set(['classes', 'names', 'backup', 'eval']);
export const DEFAULT_YOLO_SUBSET = 'train';

export function parseObjData(text: string): Map<string, string> {
  const config = new Map<string, string>();
  for (const line of splitLines(text)) {
    const m = /^\s*(\w+)\s*=\s*(.+?)\s*$/.exec(line);
    if (m) config.set(m[1], m[2]);
  }
  return config;
}

/**
 * A path from obj.data or a list, relative to the root: the `data/` prefix darknet uses is removed.
 * An absolute path, or one that leaves the root (darknet users often keep their machine's paths),
 * is matched by its longest tail that names a file in the tree (or, with `also`, a file beside it).
 */
export function localizePath(
  path: string,
  where: { file: string; place: string },
  files?: Set<string>,
  also?: (p: string) => string,
): string {
  let p = path.trim().replace(/\\/g, '/');
  if (p.startsWith('./')) p = p.slice(2);
  if (p.startsWith('data/')) p = p.slice(5);
  const outside = p.startsWith('/') || /^[a-zA-Z]:/.test(p) || p.split('/')[0] === '..';
  if (outside && files) {
    const parts = p.split('/').filter((x) => x !== '' && x !== '.' && x !== '..' && !/^[a-zA-Z]:$/.test(x));
    for (let i = 0; i < parts.length; i++) {
      const tail = parts.slice(i).join('/');
      if (files.has(tail) || (also && files.has(also(tail)))) return tail;
    }
    if (parts.length) return parts.slice(Math.max(0, parts.length - 2)).join('/');
  }
  return safeRelativePath(p, where);
}

/** `obj_train_data/a/b.jpg` -> `a/b`: the path without its first folder and extension (Datumaro's item id). */
export function itemIdFromImagePath(path: string): string {
  const parts = path.split('/');
  return stripExtension(parts.length > 1 ? parts.slice(1).join('/') : path);
}

export function parseNames(text: string): string[] {
  return splitLines(text)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

export const isImage = (p: string) => IMAGE_EXTENSIONS.includes(extname(p));

export interface LooseItem {
  id: string;
  subset: string;
  labelFile?: string;
  image?: string;
}

const LABEL_DIR = /^([Aa]nnotations|[Ll]abels)\//;

/** The loose layout's items: label files and images paired by subset and name. */
export function looseItems(files: FileEntry[]): LooseItem[] {
  const labelFiles = files
    .filter((f) => LABEL_DIR.test(f.path) && f.path.endsWith('.txt'))
    .map((f) => f.path);
  const dirs = new Set(labelFiles.map((p) => p.split('/')[0]));
  // Datumaro takes the first of annotations/ then labels/ that has label files.
  const dir = [...dirs].sort((a, b) =>
    a.toLowerCase() === 'annotations' ? -1 : b.toLowerCase() === 'annotations' ? 1 : 0,
  )[0];
  if (!dir) return [];
  const key = (subset: string, id: string) => `${subset}\u0000${id}`;
  const subsetOf = (rest: string[]) => (rest.length > 1 ? rest[0] : 'default');
  const items = new Map<string, LooseItem>();
  for (const p of labelFiles) {
    const rest = p.split('/').slice(1);
    if (p.split('/')[0] !== dir) continue;
    const subset = subsetOf(rest);
    const id = stripExtension(rest[rest.length - 1]);
    if (items.has(key(subset, id)))
      throw new DatasetError('duplicate-item', `two label files for item '${id}' of subset '${subset}'`, {
        file: p,
      });
    items.set(key(subset, id), { id, subset, labelFile: p });
  }
  for (const f of files) {
    if (!isImage(f.path)) continue;
    const parts = f.path.split('/');
    if (parts.length < 2 || parts.length > 3) continue;
    const subset = subsetOf(parts.slice(1));
    const id = stripExtension(parts[parts.length - 1]);
    const it = items.get(key(subset, id));
    if (it) it.image ??= f.path;
    else if (/^[Ii]mages$/.test(parts[0])) items.set(key(subset, id), { id, subset, image: f.path });
  }
  return [...items.values()];
}

/** Roboflow's "YOLO Darknet" export: `<subset>/<image>` with `<subset>/<image>.txt` beside it. */
export function roboflowDarknetItems(files: FileEntry[]): LooseItem[] {
  const items: LooseItem[] = [];
  const txt = new Set(files.filter((f) => f.path.endsWith('.txt')).map((f) => f.path));
  const used = new Set<string>();
  for (const f of files) {
    const parts = f.path.split('/');
    if (parts.length !== 2 || !isImage(f.path)) continue;
    const labelFile = `${stripExtension(f.path)}.txt`;
    const has = txt.has(labelFile);
    if (has) used.add(labelFile);
    items.push({
      id: stripExtension(parts[1]),
      subset: parts[0],
      image: f.path,
      labelFile: has ? labelFile : undefined,
    });
  }
  for (const p of txt) {
    const parts = p.split('/');
    if (parts.length === 2 && !used.has(p))
      items.push({ id: stripExtension(parts[1]), subset: parts[0], labelFile: p });
  }
  return items;
}

/**
 * The Ultralytics YOLO layout: a dataset YAML (`data.yaml`: `names` as a list or an index map, the
 * subsets `train`/`val`/`test` as image folders or lists, `kpt_shape` for pose) with images under an
 * `images` folder and label files at the same place under `labels` (Ultralytics' rule: the last
 * `/images/` of an image path becomes `/labels/`, the extension `.txt`). Both `images/<subset>/...`
 * (Ultralytics, Datumaro) and `<subset>/images/...` (Roboflow) are found.
 */
import { DatasetError, type FileEntry, type ReportBuilder } from '@labelport/core';
import { stripExtension } from '@labelport/core/files';
import { isImage } from './darknet-layout.js';
import { YAML, YAMLParseError } from './yaml.js';

export interface DatasetYaml {
  names: string[];
  kpt?: [number, number];
  /** kpt_names: label index -> point names (newer Ultralytics). */
  kptNames?: Map<number, string[]>;
  /** subset key -> the paths it names, normalised. */
  subsets: Map<string, string[]>;
}

export function parseDatasetYaml(text: string, file: string): DatasetYaml {
  let doc: unknown;
  try {
    // warnings (an unknown tag, say) are not printed by a library: the result says what matters
    doc = YAML.parse(text, { logLevel: 'error' });
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const pos = e.linePos?.[0];
      throw new DatasetError('bad-yaml', `invalid YAML: ${e.message.split('\n')[0]}`, {
        file,
        place: pos ? `line ${pos.line}` : undefined,
      });
    }
    throw new DatasetError('bad-yaml', `invalid YAML: ${e instanceof Error ? e.message : String(e)}`, {
      file,
    });
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw new DatasetError('bad-yaml', 'expected a mapping with names:', { file });
  const d = doc as Record<string, unknown>;
  let names: string[];
  if (Array.isArray(d.names)) names = d.names.map((n) => String(n));
  else if (d.names && typeof d.names === 'object') {
    const entries = Object.entries(d.names as Record<string, unknown>).map(
      ([k, v]) => [Number(k), String(v)] as const,
    );
    if (entries.some(([k]) => !Number.isInteger(k) || k < 0))
      throw new DatasetError('bad-yaml', 'names: the keys must be class indices 0, 1, ...', {
        file,
        place: 'names',
      });
    entries.sort((a, b) => a[0] - b[0]);
    names = [];
    for (const [k, v] of entries) {
      while (names.length < k) names.push(`class_${names.length}`);
      names[k] = v;
    }
  } else
    throw new DatasetError('bad-yaml', 'no names: (a list, or a map from class index to name)', {
      file,
      place: 'names',
    });
  if (typeof d.nc === 'number' && d.nc !== names.length)
    throw new DatasetError('bad-yaml', `nc is ${d.nc} but names has ${names.length} entries`, {
      file,
      place: 'nc',
    });
  const out: DatasetYaml = { names, subsets: new Map() };
  if (d.kpt_shape !== undefined) {
    const k = d.kpt_shape;
    if (
      !Array.isArray(k) ||
      k.length < 1 ||
      k.length > 2 ||
      !Number.isInteger(k[0]) ||
      k[0] < 1 ||
      (k.length === 2 && k[1] !== 2 && k[1] !== 3)
    ) {
      throw new DatasetError('bad-yaml', `kpt_shape must be [keypoints, 2 or 3], got ${JSON.stringify(k)}`, {
        file,
        place: 'kpt_shape',
      });
    }
    out.kpt = [k[0], k.length === 2 ? k[1] : 3];
  }
  if (d.kpt_names && typeof d.kpt_names === 'object') {
    out.kptNames = new Map();
    for (const [k, v] of Object.entries(d.kpt_names as Record<string, unknown>))
      if (Array.isArray(v)) out.kptNames.set(Number(k), v.map(String));
  }
  for (const key of [
    'train',
    'val',
    'test',
    ...Object.keys(d).filter((k) => !['train', 'val', 'test'].includes(k)),
  ]) {
    const v = d[key];
    if (['names', 'nc', 'path', 'kpt_shape', 'kpt_names', 'flip_idx', 'download', 'roboflow'].includes(key))
      continue;
    const vals =
      typeof v === 'string'
        ? [v]
        : Array.isArray(v) && v.every((x) => typeof x === 'string')
          ? (v as string[])
          : [];
    if (vals.length) out.subsets.set(key, vals.map(normalizeYamlPath));
  }
  return out;
}

/** `../train/images/` -> `train/images`: paths relative to wherever the author kept the dataset. */
export function normalizeYamlPath(p: string): string {
  return p
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.' && s !== '..')
    .join('/');
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
): UltralyticsItem[] {
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
  return [...items.values()];
}

/** Image path -> subset, from the subset keys whose value is a list file (`train: train.txt`). */
export function listedImages(
  yaml: DatasetYaml,
  readList: (path: string) => string | undefined,
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

/**
 * The data.yaml key (and folder) of a subset: Ultralytics knows `train`, `val` and `test`
 * (`check_det_dataset` renames only `validation`), so `valid`/`validation` go to `val` and a dataset
 * without subsets to `train`.
 */
export function ultralyticsSubset(subset: string, report: ReportBuilder): string {
  if (!subset || subset === 'default') return 'train';
  if (subset === 'valid' || subset === 'validation') {
    report.warn(`subset '${subset}' is written as Ultralytics' validation split, val`);
    return 'val';
  }
  return subset;
}

/**
 * The subset keys of data.yaml, paths relative to the YAML's folder and no `path:` (Ultralytics takes
 * the YAML's folder then; `path: .` would be the working directory). Ultralytics requires `train:`
 * and `val:`: a missing one names the first subset's images.
 */
export function subsetKeys(subsets: string[], report: ReportBuilder): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const s of subsets) doc[s] = `images/${s}`;
  for (const key of ['train', 'val']) {
    if (doc[key] !== undefined || subsets.length === 0) continue;
    doc[key] = `images/${subsets[0]}`;
    report.warn(
      `no '${key}' subset: data.yaml's ${key}: names the ${subsets[0]} images (Ultralytics needs it)`,
    );
  }
  const ordered: Record<string, unknown> = {};
  for (const key of ['train', 'val', 'test']) if (doc[key] !== undefined) ordered[key] = doc[key];
  return Object.assign(ordered, doc);
}

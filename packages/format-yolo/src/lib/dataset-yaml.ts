/**
 * The Ultralytics dataset YAML (`data.yaml`, `data.yml`, ...): `names` as a list or an index map,
 * the subsets (`train`/`val`/`test`, or any other key) as image folders or lists, `kpt_shape` and
 * `kpt_names` for pose. Read into what the reader needs; the keys the writer writes.
 */
import { DatasetError, type ReportBuilder } from '@labelport/core';
import { YAML, YAMLParseError } from './yaml.js';

export interface DatasetYaml {
  names: string[];
  kpt?: [number, number];
  /** kpt_names: label index -> point names (newer Ultralytics). */
  kptNames?: Map<number, string[]>;
  /** subset key -> the paths it names, normalised. */
  subsets: Map<string, string[]>;
  /** `task: obb`: the 8-coordinate lines are oriented boxes, not 4-point polygons. */
  obb?: boolean;
}

/** The keys that are not subsets. */
const NOT_SUBSETS = [
  'names',
  'nc',
  'path',
  'kpt_shape',
  'kpt_names',
  'flip_idx',
  'download',
  'roboflow',
  'task',
];

function parseYamlText(text: string, file: string): Record<string, unknown> {
  let doc: unknown;
  try {
    // warnings (an unknown tag, say) are not printed by a library: the result says what matters
    doc = YAML.parse(text, { logLevel: 'error' });
  } catch (e) {
    // the YAML library's own errors (a bad alias, too many aliases) are about the text too
    const pos = e instanceof YAMLParseError ? e.linePos?.[0] : undefined;
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new DatasetError('bad-yaml', `invalid YAML: ${message}`, {
      file,
      place: pos ? `line ${pos.line}` : undefined,
    });
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw new DatasetError('bad-yaml', 'expected a mapping with names:', { file });
  return doc as Record<string, unknown>;
}

/** `names:` as a list, or a map from class index to name (gaps named `class_N`). */
function namesOf(d: Record<string, unknown>, file: string): string[] {
  if (Array.isArray(d.names)) return d.names.map((n) => String(n));
  if (!d.names || typeof d.names !== 'object')
    throw new DatasetError('bad-yaml', 'no names: (a list, or a map from class index to name)', {
      file,
      place: 'names',
    });
  const entries = Object.entries(d.names as Record<string, unknown>).map(
    ([k, v]) => [Number(k), String(v)] as const,
  );
  if (entries.some(([k]) => !Number.isInteger(k) || k < 0))
    throw new DatasetError('bad-yaml', 'names: the keys must be class indices 0, 1, ...', {
      file,
      place: 'names',
    });
  entries.sort((a, b) => a[0] - b[0]);
  const names: string[] = [];
  for (const [k, v] of entries) {
    while (names.length < k) names.push(`class_${names.length}`);
    names[k] = v;
  }
  return names;
}

/** `kpt_shape: [keypoints, 2 or 3]` (a missing second value is 3). */
function kptShapeOf(k: unknown, file: string): [number, number] {
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
  return [k[0], k.length === 2 ? k[1] : 3];
}

/** The subset keys (train, val, test first) and the paths each names. */
function subsetsOf(d: Record<string, unknown>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const first = ['train', 'val', 'test'];
  for (const key of [...first, ...Object.keys(d).filter((k) => !first.includes(k))]) {
    if (NOT_SUBSETS.includes(key)) continue;
    const v = d[key];
    const vals =
      typeof v === 'string'
        ? [v]
        : Array.isArray(v) && v.every((x) => typeof x === 'string')
          ? (v as string[])
          : [];
    if (vals.length) out.set(key, vals.map(normalizeYamlPath));
  }
  return out;
}

export function parseDatasetYaml(text: string, file: string): DatasetYaml {
  const d = parseYamlText(text, file);
  const names = namesOf(d, file);
  if (typeof d.nc === 'number' && d.nc !== names.length)
    throw new DatasetError('bad-yaml', `nc is ${d.nc} but names has ${names.length} entries`, {
      file,
      place: 'nc',
    });
  const out: DatasetYaml = { names, subsets: subsetsOf(d) };
  if (d.kpt_shape !== undefined) out.kpt = kptShapeOf(d.kpt_shape, file);
  if (d.task === 'obb') out.obb = true;
  if (d.kpt_names && typeof d.kpt_names === 'object') {
    out.kptNames = new Map();
    for (const [k, v] of Object.entries(d.kpt_names as Record<string, unknown>))
      if (Array.isArray(v)) out.kptNames.set(Number(k), v.map(String));
  }
  return out;
}

/**
 * `../train/images/` -> `train/images`: paths relative to wherever the author kept the dataset
 * (an absolute path keeps its folders; the reader matches it by its tail).
 */
export function normalizeYamlPath(p: string): string {
  return p
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.' && s !== '..' && !/^[a-zA-Z]:$/.test(s))
    .join('/');
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

/**
 * The registry the commands use: labelport's formats plus those of plugins (`--plugin`,
 * LABELPORT_PLUGINS, a "labelport" key in the nearest package.json), with "did you mean" for a name
 * that is not a format.
 */
import { type AnyFormat, createRegistry, DatasetError, type Registry } from '@labelport/core';
import { formats as builtIn } from 'labelport';

let current: Registry = withSuggestions(createRegistry(builtIn), builtIn);

/** The registry of this run (built-in formats until plugins are loaded). */
export function registry(): Registry {
  return current;
}

/** Adds plugin formats to the registry of this run. */
export function useFormats(extra: readonly AnyFormat[]): void {
  const all = [...builtIn, ...extra];
  try {
    current = withSuggestions(createRegistry(all), all);
  } catch (e) {
    throw new DatasetError('bad-option', `plugins: ${(e as Error).message}`);
  }
}

// Names people try that are not ids or aliases, and what they mean.
const COMMON_NAMES: Record<string, string> = {
  yolov5: 'yolo_ultralytics',
  yolov8: 'yolo_ultralytics',
  yolov11: 'yolo_ultralytics',
  yolo11: 'yolo_ultralytics',
  ultralytics: 'yolo_ultralytics',
  darknet: 'yolo',
  pascal_voc: 'voc',
  pascalvoc: 'voc',
  mscoco: 'coco',
  ms_coco: 'coco',
  cvat_xml: 'cvat',
  openimages: 'open_images',
  tfrecord_od: 'tf_detection_api',
};

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The ids and aliases closest to `name`, best first (at most three). */
export function suggestFormats(name: string, formats: readonly AnyFormat[]): string[] {
  const q = name.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  const names = formats.flatMap((f) => [f.id, ...(f.aliases ?? [])]);
  const scored = new Map<string, number>();
  const common = COMMON_NAMES[q] ?? COMMON_NAMES[q.replace(/_/g, '')];
  if (common && names.includes(common)) scored.set(common, -1);
  for (const n of names) {
    const d = distance(q, n);
    const near = d <= Math.max(2, Math.floor(n.length / 4));
    const contains = q.length >= 3 && (n.includes(q) || q.includes(n));
    if (near || contains)
      scored.set(n, Math.min(scored.get(n) ?? Infinity, near ? d : 3 + Math.abs(n.length - q.length) / 10));
  }
  return [...scored.entries()]
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, 3)
    .map(([n]) => n);
}

function withSuggestions(base: Registry, formats: readonly AnyFormat[]): Registry {
  const get = (id: string): AnyFormat => {
    if (base.has(id)) return base.get(id);
    const near = suggestFormats(id, formats);
    const hint = near.length
      ? `did you mean ${near.map((n) => `'${n}'`).join(' or ')}? (labelport formats lists them all)`
      : `known formats: ${formats.map((f) => f.id).join(', ')}`;
    throw new DatasetError('unknown-format', `unknown format '${id}'; ${hint}`);
  };
  return {
    ...base,
    get,
    resolve: (tree, id) => {
      if (id !== undefined) get(id);
      return base.resolve(tree, id);
    },
  };
}

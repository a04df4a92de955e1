import { DatasetError, parseJson } from '@labelport/core';

/** Datumaro's `dataset_meta.json`, which takes the place of a format's own label list when present. */
export const DATASET_META_FILE = 'dataset_meta.json';

/** The label names of a `dataset_meta.json` (`label_map`: {"0": name, ...}), in index order. */
export function parseDatasetMetaLabels(text: string, file: string): string[] {
  const doc = parseJson(text, file) as { label_map?: unknown };
  if (!doc || typeof doc !== 'object' || !doc.label_map || typeof doc.label_map !== 'object') {
    throw new DatasetError('bad-meta', "expected an object with 'label_map'", { file });
  }
  return Object.entries(doc.label_map as Record<string, unknown>)
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([, name]) => String(name));
}

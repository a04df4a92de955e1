/**
 * Datumaro's `dataset_meta.json` at the dataset root, which its YOLO importers read for the label
 * names in place of obj.names / data.yaml names: `labels` in order, then any `label_map` names not
 * among them.
 */
import { DatasetError, type FileTree, readJson } from '@labelport/core';

export const META_FILE = 'dataset_meta.json';

export async function readMetaLabels(tree: FileTree, files: Set<string>): Promise<string[] | undefined> {
  if (!files.has(META_FILE)) return undefined;
  const doc = await readJson(tree, META_FILE);
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw new DatasetError('bad-json', 'expected a JSON object', { file: META_FILE });
  const d = doc as Record<string, unknown>;
  const names: string[] = [];
  if (d.labels !== undefined) {
    if (!Array.isArray(d.labels) || !d.labels.every((l) => typeof l === 'string'))
      throw new DatasetError('bad-json', 'expected a list of names', {
        file: META_FILE,
        place: 'labels',
      });
    names.push(...(d.labels as string[]));
  }
  if (d.label_map && typeof d.label_map === 'object') {
    for (const n of Object.values(d.label_map as Record<string, unknown>))
      if (typeof n === 'string' && !names.includes(n)) names.push(n);
  }
  return names;
}

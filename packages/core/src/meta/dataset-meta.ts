import { DatasetError } from '../errors.js';
import { readJson } from '../files/text.js';
import type { FileTree } from '../files/tree.js';
import type { Categories } from '../model.js';

export const DATASET_META_FILE = 'dataset_meta.json';

type Rgb = [number, number, number];

/**
 * Datumaro's `dataset_meta.json`: label names (`labels`, then `label_map` {index: name}) in order,
 * each with its colour from `segmentation_colors` [index] when given.
 */
export async function readDatasetMeta(tree: FileTree, path: string): Promise<Map<string, Rgb | undefined>> {
  const meta = await readJson(tree, path);
  if (!meta || typeof meta !== 'object' || Array.isArray(meta)) {
    throw new DatasetError('bad-meta', 'expected a JSON object', { file: path });
  }
  const m = meta as Record<string, unknown>;
  const out = new Map<string, Rgb | undefined>();
  const labels = m.labels ?? [];
  if (!Array.isArray(labels))
    throw new DatasetError('bad-meta', 'expected a list of names', { file: path, place: 'labels' });
  for (const l of labels) out.set(String(l), undefined);
  const colors = Array.isArray(m.segmentation_colors) ? m.segmentation_colors : [];
  const labelMap = m.label_map ?? {};
  if (typeof labelMap !== 'object' || labelMap === null || Array.isArray(labelMap)) {
    throw new DatasetError('bad-meta', 'expected an object {index: name}', {
      file: path,
      place: 'label_map',
    });
  }
  for (const [i, name] of Object.entries(labelMap)) {
    const c = colors[Number(i)];
    let color: Rgb | undefined;
    if (c !== undefined && c !== null) {
      if (!Array.isArray(c) || c.length < 3 || !c.slice(0, 3).every((v) => Number.isInteger(v))) {
        throw new DatasetError('bad-meta', 'expected [r, g, b]', {
          file: path,
          place: `segmentation_colors[${i}]`,
        });
      }
      color = [c[0], c[1], c[2]];
    }
    out.set(String(name), color);
  }
  return out;
}

/**
 * `dataset_meta.json` for `categories`, as Datumaro writes it: every label name in `labels`, and
 * where labels have colours, `label_map` {index: name}, `segmentation_colors` and the
 * `background_label` (the index coloured black).
 */
export function datasetMetaJson(categories: Categories): Record<string, unknown> {
  const labels = categories.labels.map((l) => l.name);
  const meta: Record<string, unknown> = { labels };
  if (categories.colors?.size) {
    const labelMap: Record<string, string> = {};
    const colors: Rgb[] = [];
    for (const [i, c] of categories.colors) {
      labelMap[String(i)] = labels[i] ?? String(i);
      colors.push([c[0], c[1], c[2]]);
    }
    meta.label_map = labelMap;
    meta.segmentation_colors = colors;
    const bg = [...categories.colors].find(([, c]) => c[0] === 0 && c[1] === 0 && c[2] === 0);
    if (bg) meta.background_label = String(bg[0]);
  }
  return meta;
}

import { DatasetError } from '../errors.js';
import { readJson } from '../files/text.js';
import type { FileTree } from '../files/tree.js';

export const DATASET_META_FILE = 'dataset_meta.json';

export type Rgb = [number, number, number];

/**
 * Datumaro's `dataset_meta.json`: label names (`labels`, then `label_map` {index: name}) in order,
 * each with its colour from `segmentation_colors` [index] when given.
 */
export async function readDatasetMeta(tree: FileTree, path: string): Promise<Map<string, Rgb | undefined>> {
  const meta = await readJson(tree, path);
  if (!meta || typeof meta !== 'object' || Array.isArray(meta)) {
    throw new DatasetError('bad-field', 'expected a JSON object', { file: path });
  }
  const m = meta as Record<string, unknown>;
  const out = new Map<string, Rgb | undefined>();
  const labels = m.labels ?? [];
  if (!Array.isArray(labels))
    throw new DatasetError('bad-field', 'expected a list of names', { file: path, place: 'labels' });
  for (const l of labels) out.set(String(l), undefined);
  const colors = Array.isArray(m.segmentation_colors) ? m.segmentation_colors : [];
  const labelMap = m.label_map ?? {};
  if (typeof labelMap !== 'object' || labelMap === null || Array.isArray(labelMap)) {
    throw new DatasetError('bad-field', 'expected an object {index: name}', {
      file: path,
      place: 'label_map',
    });
  }
  for (const [i, name] of Object.entries(labelMap)) {
    const c = colors[Number(i)];
    let color: Rgb | undefined;
    if (c !== undefined && c !== null) {
      if (!Array.isArray(c) || c.length < 3 || !c.slice(0, 3).every((v) => Number.isInteger(v))) {
        throw new DatasetError('bad-field', 'expected [r, g, b]', {
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
 * Datumaro's `dataset_meta.json` for `save_dataset_meta`: the label names and, for labels with a
 * colour, `label_map` {index: name}, `segmentation_colors` and the index of the black label.
 */
export function formatDatasetMeta(labels: string[], colors?: Map<number, Rgb>): string {
  const meta: Record<string, unknown> = { labels };
  if (colors && colors.size > 0) {
    // Colours are read back by label index (segmentation_colors[i]), so they are written so.
    const labelMap: Record<string, string> = {};
    const segmentationColors: (Rgb | null)[] = labels.map(() => null);
    for (const [i, c] of [...colors].sort((a, b) => a[0] - b[0])) {
      if (i >= labels.length) continue;
      labelMap[String(i)] = labels[i]!;
      segmentationColors[i] = c;
    }
    meta.label_map = labelMap;
    meta.segmentation_colors = segmentationColors;
    const black = [...colors].find(([, c]) => c[0] === 0 && c[1] === 0 && c[2] === 0);
    if (black) meta.background_label = String(black[0]);
  }
  return `${JSON.stringify(meta, null, 4)}\n`;
}

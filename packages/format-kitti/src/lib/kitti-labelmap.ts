import { type Categories, DatasetError, parseJson, splitLines, vocColormap } from '@labelport/core';

type Rgb = [number, number, number];

/** KITTI's (and Cityscapes') 35 labels with their colours, in label-id order (Datumaro's KittiLabelMap). */
export const KITTI_LABEL_MAP: [string, Rgb][] = [
  ['unlabeled', [0, 0, 0]],
  ['egovehicle', [0, 0, 0]],
  ['rectificationborder', [0, 0, 0]],
  ['outofroi', [0, 0, 0]],
  ['static', [0, 0, 0]],
  ['dynamic', [111, 74, 0]],
  ['ground', [81, 0, 81]],
  ['road', [128, 64, 128]],
  ['sidewalk', [244, 35, 232]],
  ['parking', [250, 170, 160]],
  ['railtrack', [230, 150, 140]],
  ['building', [70, 70, 70]],
  ['wall', [102, 102, 156]],
  ['fence', [190, 153, 153]],
  ['guardrail', [180, 165, 180]],
  ['bridge', [150, 100, 100]],
  ['tunnel', [150, 120, 90]],
  ['pole', [153, 153, 153]],
  ['polegroup', [153, 153, 153]],
  ['trafficlight', [250, 170, 30]],
  ['trafficsign', [220, 220, 0]],
  ['vegetation', [107, 142, 35]],
  ['terrain', [152, 251, 152]],
  ['sky', [70, 130, 180]],
  ['person', [220, 20, 60]],
  ['rider', [255, 0, 0]],
  ['car', [0, 0, 142]],
  ['truck', [0, 0, 70]],
  ['bus', [0, 60, 100]],
  ['caravan', [0, 0, 90]],
  ['trailer', [0, 0, 110]],
  ['train', [0, 80, 100]],
  ['motorcycle', [0, 0, 230]],
  ['bicycle', [119, 11, 32]],
  ['licenseplate', [0, 0, 142]],
];

/** A label map: names in label order, each with its colour when known. */
export type LabelMap = [string, Rgb | undefined][];

/**
 * `label_colors.txt`: lines `R G B name` (or just `name`); `#` comments and blank lines skipped.
 * As Datumaro: the name is the 4th field, so names cannot hold spaces.
 */
export function parseLabelColors(text: string, file: string): LabelMap {
  const out: LabelMap = [];
  const seen = new Set<string>();
  splitLines(text).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const f = line.split(/\s+/);
    let name: string;
    let color: Rgb | undefined;
    if (f.length > 2) {
      if (f.length !== 4) {
        throw new DatasetError('bad-line', `expected 'R G B name', got ${f.length} fields`, {
          file,
          place: `line ${i + 1}`,
        });
      }
      const c = f.slice(0, 3).map(Number);
      if (c.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) {
        throw new DatasetError('bad-value', `colour '${f.slice(0, 3).join(' ')}' is not 3 numbers 0..255`, {
          file,
          place: `line ${i + 1}`,
        });
      }
      name = f[3];
      color = c as Rgb;
    } else name = f[0];
    if (seen.has(name))
      throw new DatasetError('bad-labels', `label '${name}' is defined twice`, {
        file,
        place: `line ${i + 1}`,
      });
    seen.add(name);
    out.push([name, color]);
  });
  return out;
}

export function formatLabelColors(map: LabelMap): string {
  return map.map(([name, c]) => `${c ? c.join(' ') : ''} ${name}\n`).join('');
}

/** Datumaro's `dataset_meta.json`: `label_map` {"0": name, ...} and optional `segmentation_colors`. */
export function parseDatasetMeta(text: string, file: string): LabelMap {
  const doc = parseJson(text, file) as { label_map?: Record<string, unknown>; segmentation_colors?: unknown };
  if (!doc || typeof doc !== 'object' || !doc.label_map || typeof doc.label_map !== 'object') {
    throw new DatasetError('bad-meta', "expected an object with 'label_map'", { file });
  }
  const colors = Array.isArray(doc.segmentation_colors) ? (doc.segmentation_colors as unknown[]) : [];
  return Object.entries(doc.label_map)
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([i, name]) => {
      const c = colors[Number(i)];
      return [String(name), Array.isArray(c) && c.length === 3 ? (c.map(Number) as Rgb) : undefined];
    });
}

/** Categories from a label map: colours as given, or VOC's colormap when none has one (as Datumaro). */
export function categoriesOf(map: LabelMap): Categories {
  const colors = new Map<number, Rgb>();
  const anyColor = map.some(([, c]) => c !== undefined);
  const voc = anyColor ? [] : vocColormap(map.length);
  map.forEach(([, c], i) => {
    const color = anyColor ? c : voc[i];
    if (color) colors.set(i, color);
  });
  return { labels: map.map(([name]) => ({ name })), colors };
}

/** The label map to write: the dataset's labels, with its colours, or VOC's colormap for the others. */
export function labelMapOf(categories: Categories): LabelMap {
  const voc = vocColormap(Math.max(256, categories.labels.length));
  return categories.labels.map((l, i) => [l.name, categories.colors?.get(i) ?? voc[i]]);
}

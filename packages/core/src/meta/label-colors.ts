// Label maps with colours: `label_colors.txt` (Cityscapes, KITTI: `R G B name` lines), and the
// categories they make.
import { DatasetError } from '../errors.js';
import { splitLines } from '../files/text.js';
import { vocColormap } from '../geometry/colormap.js';
import type { Categories } from '../model.js';

type Rgb = [number, number, number];

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
      throw new DatasetError('bad-line', `label '${name}' is defined twice`, {
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

/** Categories from a label map: colours as given, or VOC's colormap when none has one (as Datumaro). */
export function labelMapCategories(map: LabelMap): Categories {
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

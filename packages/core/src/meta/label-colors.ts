// Label maps with colours: `label_colors.txt` (Cityscapes, KITTI: `R G B name` lines), and the
// categories they make.
import { DatasetError } from '../errors.js';
import { joinPath } from '../files/paths.js';
import { readText, splitLines } from '../files/text.js';
import type { FileTree } from '../files/tree.js';
import { vocColormap } from '../geometry/colormap.js';
import type { Categories } from '../model.js';
import { DATASET_META_FILE, readDatasetMeta } from './dataset-meta.js';

type Rgb = [number, number, number];

/** A label map: names in label order, each with its colour when known. */
export type LabelMap = [string, Rgb | undefined][];

/** A coloured line: three integers, then the name (the rest of the line, which may hold spaces). */
const COLOURED = /^(\d+)\s+(\d+)\s+(\d+)\s+(\S.*)$/;

/**
 * `label_colors.txt`: lines `R G B name` (or just `name`); `#` comments and blank lines skipped.
 * Datumaro's files (its writer: `'%s %s' % (color, name)`) read as Datumaro reads them. Beyond
 * Datumaro, a name may hold spaces (`R G B traffic light`, or a bare `traffic light`): it is the rest
 * of the line, as `formatLabelColors` writes it.
 */
export function parseLabelColors(text: string, file: string): LabelMap {
  const out: LabelMap = [];
  const seen = new Set<string>();
  splitLines(text).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const place = `line ${i + 1}`;
    const m = COLOURED.exec(line);
    let name = line;
    let color: Rgb | undefined;
    if (m) {
      const c = [m[1], m[2], m[3]].map(Number);
      if (c.some((x) => x > 255)) {
        throw new DatasetError('bad-value', `colour '${c.join(' ')}' is not 3 numbers 0..255`, {
          file,
          place,
        });
      }
      name = m[4]!;
      color = c as Rgb;
    } else if (/^\d+\s+\S+\s+\S+/.test(line)) {
      // a number and two more fields: a colour line whose colour or name is not right
      const f = line.split(/\s+/);
      const why =
        f.length === 3 && f.every((x) => /^\d+$/.test(x))
          ? 'no name after the colour'
          : `colour '${f.slice(0, 3).join(' ')}' is not 3 numbers 0..255`;
      throw new DatasetError('bad-line', `${why} (expected 'R G B name')`, { file, place });
    }
    if (seen.has(name))
      throw new DatasetError('bad-line', `label '${name}' is defined twice`, { file, place });
    seen.add(name);
    out.push([name, color]);
  });
  return out;
}

/** Why `parseLabelColors` could not read a name back as written, if so. */
function unwritable(name: string, colored: boolean): string | undefined {
  if (name.trim() === '') return 'it is empty';
  if (/[\r\n]/.test(name)) return 'it holds a line break';
  if (name !== name.trim()) return 'it starts or ends with a space';
  if (!colored && name.startsWith('#')) return "it starts with '#' (a comment)";
  if (!colored && /^\d+\s+\S+\s+\S+/.test(name)) return 'without a colour it reads as a colour line';
  return undefined;
}

/**
 * `label_colors.txt` as Datumaro writes it (`R G B name`, or ` name` without a colour). A name the
 * file cannot hold is refused (`unsupported`); one with spaces is written (labelport reads it back)
 * with a warning, since Datumaro's reader takes the name to be one word.
 */
export function formatLabelColors(map: LabelMap, report?: { warn(message: string): void }): string {
  let spaced = 0;
  const text = map
    .map(([name, c]) => {
      const why = unwritable(name, c !== undefined);
      if (why) {
        throw new DatasetError(
          'unsupported',
          `label '${name}' cannot be written to label_colors.txt: ${why}`,
        );
      }
      if (/\s/.test(name)) spaced++;
      return `${c ? c.join(' ') : ''} ${name}\n`;
    })
    .join('');
  if (spaced > 0) {
    report?.warn(
      `label_colors.txt: ${spaced} label name(s) hold spaces; labelport reads them back, Datumaro's reader does not`,
    );
  }
  return text;
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

/** The files a label map is looked for in, beside the annotations, best first. */
export const LABEL_MAP_FILES: readonly string[] = [DATASET_META_FILE, 'label_colors.txt'];

/**
 * The one label-map lookup every mask format shares: `dataset_meta.json`, else `label_colors.txt` (or
 * any further `colorFiles`, e.g. CamVid's `labelmap.txt`), in `root` of the tree, else `fallback` (the
 * format's built-in map; `undefined` when it has none). `paths` is the tree's listing (as a set) so that
 * nothing is read to find out what is there. Says which file it used, for messages.
 */
export async function readLabelMapFile(
  tree: FileTree,
  paths: ReadonlySet<string>,
  root: string,
  fallback: LabelMap | undefined,
  colorFiles: readonly string[] = ['label_colors.txt'],
): Promise<{ map: LabelMap | undefined; file?: string }> {
  const meta = joinPath(root, DATASET_META_FILE);
  if (paths.has(meta)) return { map: [...(await readDatasetMeta(tree, meta))], file: meta };
  for (const name of colorFiles) {
    const file = joinPath(root, name);
    if (paths.has(file)) return { map: parseLabelColors(await readText(tree, file), file), file };
  }
  return { map: fallback };
}

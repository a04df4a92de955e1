/**
 * Reads VoTT CSV exports: every `.csv` of the tree whose header has VoTT's columns (`image, xmin,
 * ymin, xmax, ymax, label`; VoTT names the file `<project>-export.csv`). The subset is the file's name
 * without its last `-part`, as Datumaro reads it. An image is an item named by its file name without
 * the extension, the file beside the CSV; each of its rows is a box. Rows of one image with the same
 * box and different labels are one VoTT region with several tags: they are tied by a group, as the
 * JSON export's are. Labels: `dataset_meta.json` beside the file first (Datumaro's), then in the order
 * the rows name them. Detection reads the header line of the candidates, however long it is.
 */
import {
  type Annotation,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  type Detection,
  type FileTree,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
  readText,
} from '@labelport/core';
import {
  CsvHeader,
  type CsvRecord,
  dirname,
  joinPath,
  parseCsv,
  safeRelativePath,
  stripExtension,
} from '@labelport/core/files';
import { readImageSize } from '@labelport/core/media';
import { DATASET_META_FILE, LabelTable, readDatasetMeta } from '@labelport/core/meta';
import { type CsvBox, csvColumns, isVottCsvHeader, parseCsvBox } from './lib/vott-csv.js';
import { subsetOfExport } from './read-vott-json.js';

export const CSV_SUFFIX = '-export.csv';

function candidates(paths: string[]): string[] {
  const csv = paths.filter((p) => p.toLowerCase().endsWith('.csv'));
  return [...csv.filter((p) => p.endsWith(CSV_SUFFIX)), ...csv.filter((p) => !p.endsWith(CSV_SUFFIX))];
}

/** The first line of a file, read in growing pieces until its end (or the file's). */
async function firstLine(ctx: DetectContext, path: string): Promise<string> {
  for (let bytes = 1024; ; bytes *= 16) {
    const head = await ctx.readHead(path, bytes);
    const end = head.search(/\r?\n/);
    if (end >= 0) return head.slice(0, end);
    if (head.length < bytes / 4 || bytes >= 1 << 24) return head;
  }
}

/** The column names of a header line ([] when it is no CSV). */
function headerNames(line: string, file: string): string[] {
  try {
    return parseCsv(line, file)[0]?.fields ?? [];
  } catch {
    return [];
  }
}

export async function detectVottCsv(ctx: DetectContext): Promise<Detection> {
  const files = candidates(ctx.files.map((f) => f.path));
  if (files.length === 0) return ctx.reject('no .csv file');
  for (const file of files.slice(0, 8)) {
    const line = await firstLine(ctx, file).catch(() => '');
    if (isVottCsvHeader(headerNames(line, file)))
      return { confidence: file.endsWith(CSV_SUFFIX) ? 0.9 : 0.6 };
  }
  return ctx.reject('no .csv file has the header image,xmin,ymin,xmax,ymax,label');
}

interface Entry {
  file: string;
  subset: string;
  image: string;
  rows: { box: CsvBox; line: number }[];
}

interface CsvFile {
  file: string;
  records: CsvRecord[];
  columns: number[];
}

async function readCsvFiles(tree: FileTree, paths: string[], ctx: ReadContext): Promise<CsvFile[]> {
  const out: CsvFile[] = [];
  for (const file of candidates(paths)) {
    const records = parseCsv(await readText(tree, file, ctx.limits), file);
    const names = records[0]?.fields ?? [];
    if (isVottCsvHeader(names)) out.push({ file, records, columns: csvColumns(new CsvHeader(names, file)) });
    else if (file.endsWith(CSV_SUFFIX)) {
      throw new DatasetError('bad-csv', 'the header is not image,xmin,ymin,xmax,ymax,label', {
        file,
        place: 'line 1',
      });
    } else ctx.notMine(file);
  }
  if (out.length === 0) {
    throw new DatasetError('bad-layout', 'no VoTT CSV export (a header image,xmin,ymin,xmax,ymax,label)', {
      file: tree.name,
    });
  }
  return out;
}

/** The images of a file in the order of their first row, each with its boxes (bad rows under the policy). */
function entriesOf(csv: CsvFile, labels: LabelTable, ctx: ReadContext): Entry[] {
  const { file, records, columns } = csv;
  const subset = subsetOfExport(file);
  const byImage = new Map<string, Entry>();
  for (const { fields, line } of records.slice(1)) {
    const where = { file, place: `line ${line}` };
    const image = fields[columns[0]!] ?? '';
    if (image === '') {
      ctx.skip(new DatasetError('bad-field', 'a row without an image', where), where, 'items');
      continue;
    }
    let entry = byImage.get(image);
    if (!entry) {
      entry = { file, subset, image, rows: [] };
      byImage.set(image, entry);
    }
    const box = ctx.attempt(() => parseCsvBox(fields, columns, file, `line ${line}`), where);
    if (!box) continue;
    if (box.label !== undefined) labels.get(box.label);
    entry.rows.push({ box, line });
  }
  return [...byImage.values()];
}

export async function readVottCsv(tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> {
  const ctx = readContext(options);
  const list = (await tree.list()).map((f) => f.path);
  const paths = new Set(list);
  const files = await readCsvFiles(tree, list, ctx);
  const labels = new LabelTable();
  for (const { file } of files) {
    const meta = joinPath(dirname(file), DATASET_META_FILE);
    if (paths.has(meta)) for (const name of (await readDatasetMeta(tree, meta)).keys()) labels.get(name);
  }
  const entries = files.flatMap((f) => entriesOf(f, labels, ctx));
  return readerSource(options, {
    categories: { labels: labels.labels },
    entries,
    where: (e) => ({ file: e.file, place: `image "${e.image}"` }),
    make: (e) => itemOf(e, tree, paths, labels),
  });
}

/** The boxes of an image: rows with the same box and different labels tied by a group. */
function boxesOf(e: Entry, labels: LabelTable): Annotation[] {
  const key = ({ x, y, w, h }: CsvBox) => `${x},${y},${w},${h}`;
  const counts = new Map<string, number>();
  for (const { box } of e.rows) counts.set(key(box), (counts.get(key(box)) ?? 0) + 1);
  const groups = new Map<string, number>();
  return e.rows.map(({ box }) => {
    const a: Annotation = { type: 'bbox', x: box.x, y: box.y, w: box.w, h: box.h, attributes: {} };
    if (box.label !== undefined) a.label = labels.get(box.label);
    const k = key(box);
    if ((counts.get(k) ?? 0) > 1) {
      if (!groups.has(k)) groups.set(k, groups.size + 1);
      a.group = groups.get(k);
    }
    return a;
  });
}

async function itemOf(
  e: Entry,
  tree: FileTree,
  paths: Set<string>,
  labels: LabelTable,
): Promise<DatasetItem> {
  const image = safeRelativePath(e.image, { file: e.file, place: `image "${e.image}"` });
  const path = joinPath(dirname(e.file), image);
  const present = paths.has(path);
  const size = present ? await readImageSize(tree, path) : undefined;
  return {
    id: stripExtension(image),
    subset: e.subset,
    media: {
      kind: 'image',
      path,
      width: size?.width,
      height: size?.height,
      bytes: present ? () => tree.read(path) : undefined,
    },
    annotations: boxesOf(e, labels),
    attributes: {},
  };
}

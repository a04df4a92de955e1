/**
 * Reads MNIST as CSV (`mnist_csv`): per subset `mnist_<subset>.csv` (`fashion-mnist_train.csv` is
 * train), each line a label and
 * 784 pixel values; Datumaro's `meta_<subset>.csv` (ids, image sizes) and `labels.txt` /
 * `dataset_meta.json` when present. Detection parses a line of a file so named.
 */
import {
  type Annotation,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  type Detection,
  type FileTree,
  type ReadOptions,
  readContext,
  readerSource,
} from '@labelport/core';
import { basename, joinPath, parseCsv, stripExtension } from '@labelport/core/files';
import { type CsvRow, readCsvMeta, readCsvRows } from './lib/csv-rows.js';
import { grayPng } from './lib/gray-image.js';
import { csvMetaFileOf, datasetDir } from './lib/mnist-files.js';
import { digitLabels, listedLabels } from './lib/mnist-labels.js';
import type { MetaRow } from './lib/mnist-meta.js';

const isMnistCsv = (path: string) =>
  /mnist_[^/]*\.csv$/i.test(basename(path)) && !basename(path).startsWith('meta_');

/**
 * The subset a file holds: its name's part after `mnist_` (Datumaro takes the part after the last '_',
 * the same for every name it writes but one whose subset has a '_').
 */
export const csvSubsetOf = (path: string): string => {
  const stem = stripExtension(basename(path));
  return stem.slice(stem.toLowerCase().lastIndexOf('mnist_') + 'mnist_'.length);
};

function csvFilesOf(paths: string[]): { dir: string; files: string[] } | undefined {
  const dir = datasetDir(paths, isMnistCsv);
  if (dir === undefined) return undefined;
  const prefix = dir ? `${dir}/` : '';
  return {
    dir,
    files: paths.filter(
      (p) => isMnistCsv(p) && p.startsWith(prefix) && !p.slice(prefix.length).includes('/'),
    ),
  };
}

export async function detectMnistCsv(ctx: DetectContext): Promise<Detection> {
  const found = csvFilesOf(ctx.files.map((f) => f.path));
  if (!found) return ctx.reject('no mnist_<subset>.csv file');
  const file = found.files[0]!;
  const lines = (await ctx.readHead(file, 16384)).split(/\r?\n/);
  // a header, then rows of a label and whole numbers 0..255 (the last line of the head may be cut)
  const line = /^\s*-?\d+\s*(,|$)/.test(lines[0] ?? '') ? lines[0]! : (lines[1] ?? '');
  const fields = parseCsv(line, file)[0]?.fields ?? [];
  if (fields.length === 0 || !fields.every((f, i) => /^\s*-?\d+\s*$/.test(f) || (i === 1 && f === 'None'))) {
    return ctx.reject(`${file}: its first row is not a label and pixel values`);
  }
  return { confidence: fields.length === 785 ? 0.9 : 0.6, root: found.dir };
}

interface Entry {
  file: string;
  subset: string;
  row: CsvRow;
}

export async function readMnistCsv(tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> {
  const ctx = readContext(options);
  const list = (await tree.list()).map((f) => f.path);
  const found = csvFilesOf(list);
  if (!found)
    throw new DatasetError('bad-layout', 'no MNIST CSV file (mnist_train.csv, mnist_test.csv, ...)', {
      file: tree.name,
    });
  const paths = new Set(list);
  const entries: Entry[] = [];
  for (const file of found.files) {
    const subset = csvSubsetOf(file);
    const metaFile = joinPath(found.dir, csvMetaFileOf(subset));
    const meta = paths.has(metaFile)
      ? await readCsvMeta(tree, metaFile, ctx.limits)
      : new Map<number, MetaRow>();
    for (const row of await readCsvRows(tree, file, meta, options)) entries.push({ file, subset, row });
  }
  let largest = -1;
  for (const e of entries) if (e.row.label !== undefined && e.row.label > largest) largest = e.row.label;
  const labels = (await listedLabels(tree, found.dir, paths)) ?? digitLabels(largest);
  return readerSource(options, {
    categories: { labels: labels.map((name) => ({ name })) },
    entries,
    where: (e) => ({ file: e.file, place: `line ${e.row.line + 1}` }),
    make: (e) => itemOf(e, labels.length),
  });
}

function itemOf({ file, subset, row }: Entry, labelCount: number): DatasetItem {
  const annotations: Annotation[] = [];
  if (row.label !== undefined) {
    if (row.label < 0 || row.label >= labelCount) {
      throw new DatasetError(
        'unknown-label',
        `label ${row.label}, and the dataset has ${labelCount} labels`,
        {
          file,
          place: `line ${row.line + 1}`,
        },
      );
    }
    annotations.push({ type: 'label', label: row.label, attributes: {} });
  }
  const image = row.image;
  const media = image && {
    kind: 'image' as const,
    path: `${row.id}.png`,
    width: image.width,
    height: image.height,
    bytes: async () => grayPng(image.pixels, image.width, image.height),
  };
  return { id: row.id, subset, media, annotations, attributes: {} };
}

import {
  type Annotation,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  type FileTree,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
} from '@labelport/core';
import {
  type CsvRecord,
  dirname,
  joinPath,
  safeRelativePath,
  streamCsv,
  stripExtension,
} from '@labelport/core/files';
import { readImageSize } from '@labelport/core/media';
import {
  CLASSES_FILE,
  type ClassesFile,
  cellValue,
  classesFiles,
  headerLabels,
} from './lib/multiclass-csv.js';

export async function detectRoboflowMulticlass(ctx: DetectContext) {
  const found = ctx.glob(`**/${CLASSES_FILE}`).filter((p) => p.split('/').length <= 4);
  if (found.length === 0) ctx.reject(`no ${CLASSES_FILE}`);
  // the shallowest: at the top of its dataset (root) or in a subset folder (the root above it)
  const first = found.sort((a, b) => a.split('/').length - b.split('/').length)[0]!;
  const head = (await ctx.readHead(first, 1024)).replace(/^\ufeff/, '');
  const columns = head.split(/\r?\n/)[0]!.split(',');
  if (columns[0]!.trim() !== 'filename' || columns.length < 2)
    ctx.reject(`${first} does not start with a 'filename, <label>, ...' header`);
  // the CSV's folder is its subset (Datumaro's rule), so the root is above it; a CSV at the top is the default subset
  const dir = dirname(first);
  const root = dir === '' ? '' : dirname(dir);
  return { confidence: 1, root };
}

/** The first record of a CSV: its header. */
async function headerOf(tree: FileTree, path: string): Promise<CsvRecord> {
  for await (const record of streamCsv(tree, path)) return record;
  throw new DatasetError('bad-csv', 'the file is empty (no header)', { file: path });
}

interface Row {
  file: ClassesFile;
  labels: string[];
  record: CsvRecord;
}

async function* rowsOf(
  tree: FileTree,
  files: { file: ClassesFile; labels: string[] }[],
): AsyncGenerator<Row> {
  for (const { file, labels } of files) {
    let first = true;
    for await (const record of streamCsv(tree, file.path)) {
      if (!first) yield { file, labels, record };
      first = false;
    }
  }
}

/** One row as an item: the image beside the CSV and a `label` per column holding 1. */
async function itemOf(
  tree: FileTree,
  paths: Set<string>,
  row: Row,
  index: Map<string, number>,
  ctx: ReadContext,
) {
  const { file, labels, record } = row;
  const name = record.fields[0]?.trim() ?? '';
  if (name === '')
    throw new DatasetError('bad-csv', 'the row has no file name', {
      file: file.path,
      place: `line ${record.line}`,
    });
  if (record.fields.length !== labels.length + 1)
    throw new DatasetError('bad-csv', `${record.fields.length} fields, the header has ${labels.length + 1}`, {
      file: file.path,
      place: `line ${record.line}`,
    });
  const path = joinPath(
    dirname(file.path),
    safeRelativePath(name, { file: file.path, place: `line ${record.line}` }),
  );
  const annotations: Annotation[] = [];
  labels.forEach((label, k) => {
    const has = ctx.attempt(() => cellValue(record.fields[k + 1], label, file.path, record.line), {
      file: file.path,
      place: `line ${record.line}`,
    });
    if (has) annotations.push({ type: 'label', label: index.get(label)!, attributes: {} });
  });
  const media: DatasetItem['media'] = { kind: 'image', path };
  if (paths.has(path)) {
    const size = await readImageSize(tree, path);
    media.width = size?.width;
    media.height = size?.height;
    media.bytes = () => tree.read(path);
  }
  const item: DatasetItem = {
    id: stripExtension(name),
    subset: file.subset,
    media,
    annotations,
    attributes: {},
  };
  return item;
}

/**
 * The CSVs of the tree with their subsets; labels from the headers, in their order (the first file's,
 * then names that later files add). Datumaro sorts them by name.
 */
export async function readRoboflowMulticlass(
  tree: FileTree,
  options: ReadOptions = {},
): Promise<DatasetSource> {
  const ctx = readContext(options);
  const listing = (await tree.list()).map((e) => e.path);
  const found = classesFiles(listing);
  if (found.length === 0)
    throw new DatasetError('bad-layout', `no ${CLASSES_FILE} at the top or in a subset folder`, {
      file: tree.name,
    });
  const files: { file: ClassesFile; labels: string[] }[] = [];
  const names = new Set<string>();
  for (const file of found) {
    const labels = headerLabels((await headerOf(tree, file.path)).fields, file.path);
    for (const l of labels) names.add(l);
    files.push({ file, labels });
  }
  const ordered = [...names];
  const index = new Map(ordered.map((n, i) => [n, i]));
  const paths = new Set(listing);
  return readerSource(options, {
    categories: { labels: ordered.map((name) => ({ name })) },
    entries: () => rowsOf(tree, files),
    where: (row) => ({ file: row.file.path, place: `line ${row.record.line}` }),
    make: (row) => itemOf(tree, paths, row, index, ctx),
  });
}

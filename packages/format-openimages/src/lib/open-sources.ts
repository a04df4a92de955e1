/**
 * Opening the files of an Open Images tree for the merge join: each CSV (or JSON Lines file) as a
 * cursor over its rows by ImageID when sorted, else held in memory grouped by ImageID.
 */
import { type FileTree, readContext } from '@labelport/core';
import { CsvHeader, type CsvRecord, streamCsv, streamCsvBatches } from '@labelport/core/files';
import { type JsonLine, streamJsonLines } from '@labelport/core/json';
import type { OpenImagesReadOptions } from '../read-open-images.js';
import { imageIdOfLine, isJsonLinesSorted } from './json-lines.js';
import { isSortedOnColumn } from './key-order.js';
import { BufferedRows, type KeyedRows, type RowPacking, SortedCursor } from './keyed-join.js';
import type { OpenImagesFileKind } from './layout.js';
import { boxReader, labelReader, placeOf, pointReader, type RowReader, relationshipReader } from './rows.js';

export interface SourceFile {
  kind: OpenImagesFileKind;
  path: string;
  /** The subset of items first seen in this file. */
  subset: string;
}

/** What opening a source needs of the reader's state. */
export interface SourceState {
  tree: FileTree;
  options: OpenImagesReadOptions;
  sortedCache: Map<string, boolean>;
}

export type Row = CsvRecord | JsonLine;

export interface OpenSource {
  src: SourceFile;
  header?: CsvHeader;
  rows: KeyedRows<Row>;
  reader?: RowReader;
}

/** Held CSV rows as one string: the line number, then the fields, separated by NUL (no field of a text CSV holds one). */
const CSV_PACKING: RowPacking<Row> = {
  // One flat string (a join, not a concatenation, which would keep a rope of two strings).
  pack: (r) => [r.line, ...(r as CsvRecord).fields].join('\0'),
  unpack: (p) => {
    const fields = p.split('\0');
    const line = Number(fields.shift());
    return { line, fields };
  },
};

const JSON_LINE_PACKING: RowPacking<Row> = {
  pack: (r) => `${r.line}\0${(r as JsonLine).text}`,
  unpack: (p) => {
    const at = p.indexOf('\0');
    return { line: Number(p.slice(0, at)), text: p.slice(at + 1) };
  },
};

const EMPTY_ROWS: KeyedRows<Row> = {
  key: () => undefined,
  take: async () => [],
  close: async () => {},
};

/** Batches of rows without the first row (a header). */
async function* withoutFirst<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T[]> {
  let first = true;
  for await (const batch of batches) {
    if (first) {
      first = false;
      if (batch.length > 1) yield batch.slice(1);
      continue;
    }
    yield batch;
  }
}

/** Lines in batches of up to 1024, for the cursor. */
async function* batched<T>(items: AsyncIterable<T>): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const x of items) {
    batch.push(x);
    if (batch.length >= 1024) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

async function openNarratives(state: SourceState, src: SourceFile): Promise<OpenSource> {
  const { tree, sortedCache, options } = state;
  let sorted = sortedCache.get(src.path);
  if (sorted === undefined) {
    sorted = await isJsonLinesSorted(tree, src.path);
    sortedCache.set(src.path, sorted);
  }
  const keyOf = (l: Row) => imageIdOfLine(l as JsonLine, src.path);
  const it = batched<Row>(streamJsonLines(tree, src.path));
  let rows: KeyedRows<Row>;
  if (sorted) rows = await SortedCursor.open<Row>(it, keyOf, src.path, (l) => `line ${l.line}`);
  else {
    readContext(options).warn(
      `${src.path}: not sorted by image_id; holding the whole file in memory to join it (sort it to stream)`,
    );
    rows = await BufferedRows.from<Row>(it, keyOf, JSON_LINE_PACKING);
  }
  return { src, rows };
}

export async function openSource(state: SourceState, src: SourceFile): Promise<OpenSource> {
  if (src.kind === 'narratives') return openNarratives(state, src);
  const { tree, sortedCache, options } = state;
  // The header first, on its own short read.
  const head = streamCsv(tree, src.path);
  const first = await head.next();
  await head.return(undefined);
  if (first.done) return { src, rows: EMPTY_ROWS };
  const header = new CsvHeader(first.value.fields, src.path);
  const keyCol = header.require('ImageID', 'ImageId');
  let sorted = sortedCache.get(src.path);
  if (sorted === undefined) {
    sorted = await isSortedOnColumn(tree, src.path, keyCol, true);
    sortedCache.set(src.path, sorted);
  }
  const batches = withoutFirst<Row>(streamCsvBatches(tree, src.path));
  const keyOf = (r: Row) => (r as CsvRecord).fields[keyCol] ?? '';
  let rows: KeyedRows<Row>;
  if (sorted) {
    rows = await SortedCursor.open<Row>(batches, keyOf, src.path, (r) => placeOf(r as CsvRecord));
  } else {
    readContext(options).warn(
      `${src.path}: not sorted by ImageID; holding the whole file in memory to join it (sort it to stream)`,
    );
    rows = await BufferedRows.from<Row>(batches, keyOf, CSV_PACKING);
  }
  return { src, header, rows, reader: readerFor(src.kind, header, state.options.datumaroModel === true) };
}

function readerFor(kind: OpenImagesFileKind, h: CsvHeader, datumaroModel: boolean): RowReader | undefined {
  switch (kind) {
    case 'labels':
      return labelReader(h, false, datumaroModel);
    case 'machine-labels':
      return labelReader(h, true);
    case 'boxes':
      return boxReader(h, datumaroModel);
    case 'points':
      return pointReader(h);
    case 'relationships':
      return relationshipReader(h);
    default:
      return undefined; // images and masks are handled where they need the tree
  }
}

/**
 * Rows of Datumaro's `mnist_csv` files (and the Kaggle "MNIST in CSV" files it reads): a label, then
 * the image's pixels row by row, one value 0..255 each (28 x 28 = 784 unless the meta file gives the
 * size). A first line whose label is not a number is a header (Kaggle's `label,1x1,1x2,...`). As in
 * Datumaro, an item's id is its line's index from 0 and -1 is "no label"; a row of its label alone has
 * no image (as has Datumaro's `label,None` for an image without data).
 */
import {
  DatasetError,
  type DatasetLimits,
  type FileTree,
  type ReadOptions,
  readContext,
} from '@labelport/core';
import { type CsvRecord, parseCsv, readText, streamCsvBatches } from '@labelport/core/files';
import { MAX_LABEL } from './mnist-labels.js';
import { type MetaRow, MNIST_SIZE, metaRowOf } from './mnist-meta.js';

export const CSV_NO_LABEL = -1;

/** One row read: its line index (the id, as Datumaro gives it), label and pixels. */
export interface CsvRow {
  line: number;
  label?: number;
  image?: { pixels: Uint8Array; width: number; height: number };
  id: string;
}

const INTEGER = /^\s*-?\d+\s*$/;

/** The meta rows of `meta_<subset>.csv`, by line index. */
export async function readCsvMeta(
  tree: FileTree,
  file: string,
  limits: DatasetLimits,
): Promise<Map<number, MetaRow>> {
  const text = await readText(tree, file, limits);
  const out = new Map<number, MetaRow>();
  for (const r of parseCsv(text, file)) out.set(r.line - 1, metaRowOf(r.fields, file, `line ${r.line}`));
  return out;
}

function pixelsOf(fields: string[], height: number, width: number, file: string, line: number): Uint8Array {
  const n = fields.length - 1;
  if (n !== height * width) {
    throw new DatasetError(
      'bad-value',
      `${n} pixel values, expected ${height} x ${width} = ${height * width}`,
      {
        file,
        place: `line ${line}`,
      },
    );
  }
  const pixels = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const f = fields[k + 1]!;
    const v = Number(f);
    if (!(v >= 0 && v <= 255) || !Number.isInteger(v) || f.trim() === '') {
      throw new DatasetError('bad-value', `pixel value '${f}' is not a whole number 0..255`, {
        file,
        place: `line ${line}, column ${k + 2}`,
      });
    }
    pixels[k] = v;
  }
  return pixels;
}

/** One record as a row (undefined for a header line). */
export function rowOf(
  r: CsvRecord,
  meta: MetaRow | undefined,
  file: string,
  limits: DatasetLimits,
): CsvRow | undefined {
  const first = r.fields[0] ?? '';
  if (!INTEGER.test(first)) {
    if (r.line === 1) return undefined;
    throw new DatasetError('bad-value', `the label '${first}' is not a whole number`, {
      file,
      place: `line ${r.line}`,
    });
  }
  const label = Number(first);
  if (label > MAX_LABEL) {
    throw new DatasetError('too-large', `label ${first.trim()}: labels go up to ${MAX_LABEL}`, {
      file,
      place: `line ${r.line}`,
    });
  }
  const row: CsvRow = { line: r.line - 1, id: meta?.id ?? String(r.line - 1) };
  if (label !== CSV_NO_LABEL) row.label = label;
  const noImage = r.fields.length === 1 || (r.fields.length === 2 && r.fields[1]!.trim() === 'None');
  if (!noImage) {
    const height = meta?.height ?? MNIST_SIZE;
    const width = meta?.width ?? MNIST_SIZE;
    if (height * width > limits.maxPixels) {
      throw new DatasetError('too-large', `an image of ${width}x${height} is over limits.maxPixels`, {
        file,
        place: `line ${r.line}`,
      });
    }
    row.image = { pixels: pixelsOf(r.fields, height, width, file, r.line), width, height };
  }
  return row;
}

/**
 * Every row of a CSV file, streamed in blocks; a bad row is skipped under the item policy (or fails
 * the read). `options` are the reader's (its context).
 */
export async function readCsvRows(
  tree: FileTree,
  file: string,
  meta: Map<number, MetaRow>,
  options: ReadOptions,
): Promise<CsvRow[]> {
  const ctx = readContext(options);
  const rows: CsvRow[] = [];
  for await (const batch of streamCsvBatches(tree, file)) {
    ctx.check();
    for (const r of batch) {
      const row = await ctx.attemptItem(() => rowOf(r, meta.get(r.line - 1), file, ctx.limits), {
        file,
        place: `line ${r.line}`,
      });
      if (row) rows.push(row);
    }
  }
  return rows;
}

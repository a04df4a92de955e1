import { DatasetError, type FileTree, readText } from '@labelport/core';
import { csvRow, parseCsv } from '@labelport/core/files';

export const ANNOTATION_DIR = 'bb_landmark';
export const BBOXES = 'loose_bb_';
export const LANDMARKS = 'loose_landmark_';
export const LABELS_FILE = 'labels.txt';
export const NO_LABEL = 'no_label';
export const BBOX_COLUMNS = ['NAME_ID', 'X', 'Y', 'W', 'H'];
export const LANDMARK_COLUMNS = [
  'NAME_ID',
  'P1X',
  'P1Y',
  'P2X',
  'P2Y',
  'P3X',
  'P3Y',
  'P4X',
  'P4Y',
  'P5X',
  'P5Y',
];

/** `bb_landmark/loose_bb_<subset>.csv` or `loose_landmark_<subset>.csv`: the kind and the subset. */
export const TABLE = /^bb_landmark\/loose_(bb|landmark)_(.+)\.csv$/;

/** Rows as CSV with \r\n line ends, as Python's csv module writes VGGFace2's tables. */
export const formatCsv = (rows: string[][]) => rows.map((r) => csvRow(r, '\r\n')).join('');

export interface TableRow {
  line: number;
  values: Record<string, string>;
}

export interface Table {
  file: string;
  header: string[];
  rows: TableRow[];
}

export async function readTable(tree: FileTree, file: string, required: string[]): Promise<Table> {
  const rows = parseCsv(await readText(tree, file), file);
  const header = rows[0]?.fields.map((h) => h.trim()) ?? [];
  if (!header.includes('NAME_ID')) {
    throw new DatasetError('bad-csv', `the header has no NAME_ID column (expected ${required.join(',')})`, {
      file,
      place: 'line 1',
    });
  }
  return {
    file,
    header,
    rows: rows.slice(1).map((r) => ({
      line: r.line,
      values: Object.fromEntries(header.map((h, i) => [h, r.fields[i] ?? ''])),
    })),
  };
}

/** The numbers of a row's columns, or undefined when one is blank (Datumaro: a row of a name only). */
export function rowNumbers(row: TableRow, columns: string[], file: string): number[] | undefined {
  if (columns.some((c) => (row.values[c] ?? '').trim() === '')) return undefined;
  return columns.map((c) => {
    const v = Number(row.values[c]);
    if (!Number.isFinite(v)) {
      throw new DatasetError('bad-csv', `${c} '${row.values[c]}' is not a number`, {
        file,
        place: `line ${row.line}`,
      });
    }
    return v;
  });
}

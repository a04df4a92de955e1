/**
 * CelebA's text files: lines of `<file name> <values...>` split at runs of white space (the real files
 * align their columns with spaces), a file name with spaces in double quotes (as Datumaro reads it).
 * The counted files start with the number of rows and a header line; the count must be the rows'.
 */
import { DatasetError, type DatasetLimits, type FileTree } from '@labelport/core';
import { readText, splitLines } from '@labelport/core/files';

/** One row: the line it is on (1-based), the file name it names and its values. */
export interface CelebaRow {
  line: number;
  name: string;
  values: string[];
}

/** A counted file: its header's names and its rows. */
export interface CountedTable {
  header: string[];
  rows: CelebaRow[];
}

function rowOf(text: string, line: number, file: string): CelebaRow {
  const quote = text.indexOf('"');
  if (quote < 0) {
    const parts = text.trim().split(/\s+/);
    return { line, name: parts[0]!, values: parts.slice(1) };
  }
  const close = text.indexOf('"', quote + 1);
  if (close < 0 || text.indexOf('"', close + 1) >= 0 || text.slice(0, quote).trim() !== '') {
    throw new DatasetError('bad-line', 'a quoted file name must be the first field, in one pair of quotes', {
      file,
      place: `line ${line}`,
    });
  }
  const rest = text.slice(close + 1).trim();
  return { line, name: text.slice(quote + 1, close), values: rest === '' ? [] : rest.split(/\s+/) };
}

/** The rows of a file without a count (identity, partition), from `firstLine`. */
export function rowsOf(lines: string[], file: string, firstLine = 1): CelebaRow[] {
  const rows: CelebaRow[] = [];
  for (let i = firstLine - 1; i < lines.length; i++) {
    if (lines[i]!.trim() !== '') rows.push(rowOf(lines[i]!, i + 1, file));
  }
  return rows;
}

export async function readLines(tree: FileTree, file: string, limits: DatasetLimits): Promise<string[]> {
  return splitLines(await readText(tree, file, limits));
}

/** A counted file: the count line, the header, the rows; the count must be the number of rows. */
export function countedTable(lines: string[], file: string): CountedTable {
  const countText = (lines[0] ?? '').trim();
  if (!/^\d+$/.test(countText)) {
    throw new DatasetError('bad-line', `expected the number of rows, got '${countText}'`, {
      file,
      place: 'line 1',
    });
  }
  if (lines.length < 2) throw new DatasetError('bad-line', 'no header line', { file, place: 'line 2' });
  const header = lines[1]!
    .trim()
    .split(/\s+/)
    .filter((s) => s !== '');
  const rows = rowsOf(lines, file, 3);
  const count = Number(countText);
  if (count !== rows.length) {
    throw new DatasetError('bad-line', `the first line says ${count} rows, and the file has ${rows.length}`, {
      file,
      place: 'line 1',
    });
  }
  return { header, rows };
}

/** A number field of a row (a coordinate), or a DatasetError naming the line. */
export function numberOf(value: string, row: CelebaRow, file: string): number {
  const n = Number(value);
  if (value === '' || !Number.isFinite(n)) {
    throw new DatasetError('bad-value', `'${value}' is not a number`, { file, place: `line ${row.line}` });
  }
  return n;
}

/** Checks that a row has `n` values. */
export function expectValues(row: CelebaRow, n: number, what: string, file: string): void {
  if (row.values.length !== n) {
    throw new DatasetError('bad-line', `${row.values.length} values, expected ${n} (${what})`, {
      file,
      place: `line ${row.line}`,
    });
  }
}

/** A file name as a row's first field: quoted when it has white space or a quote. */
export const nameField = (name: string): string => (/[\s"]/.test(name) ? `"${name}"` : name);

/** A counted file's text: the count, the header, the rows. */
export const countedText = (header: string[], rows: string[]): string =>
  `${rows.length}\n${header.join(' ')}\n${rows.map((r) => `${r}\n`).join('')}`;

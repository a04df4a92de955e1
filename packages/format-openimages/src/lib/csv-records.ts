import { Readable } from 'node:stream';
import { DatasetError, type FileTree } from '@labelport/core';
import { type CsvError, parse } from 'csv-parse';

/** One CSV record with its 1-based line number (exact unless an earlier field spans lines). */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * The records of a CSV file, streamed from the tree through csv-parse: RFC 4180 quoting, a BOM
 * dropped, empty lines skipped, rows of any length (Open Images' own files are sometimes ragged).
 * Parse errors become DatasetErrors naming the file and line.
 */
export async function* streamCsv(tree: FileTree, path: string): AsyncGenerator<CsvRecord> {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: false });
  const input = Readable.from(tree.stream(path), { objectMode: false });
  let inputError: unknown;
  input.on('error', (e) => {
    inputError = e;
    parser.destroy(e as Error);
  });
  input.pipe(parser);
  let line = 0;
  try {
    for await (const fields of parser as AsyncIterable<string[]>) {
      line++;
      yield { fields, line };
    }
  } catch (e) {
    if (inputError !== undefined && e === inputError && isDatasetErrorLike(e)) throw e;
    const err = e as CsvError;
    const at = typeof err.lines === 'number' ? err.lines : line + 1;
    throw new DatasetError('bad-csv', `invalid CSV (${oneLine(err.message ?? String(e))})`, {
      file: path,
      place: `line ${at}`,
    });
  } finally {
    input.unpipe(parser);
    input.destroy();
    parser.destroy();
  }
}

const isDatasetErrorLike = (e: unknown) => e instanceof Error && e.name === 'DatasetError';
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** A header row: column name -> index, with a helpful error for a missing required column. */
export class CsvHeader {
  private readonly index = new Map<string, number>();
  constructor(
    readonly names: string[],
    readonly file: string,
  ) {
    names.forEach((n, i) => {
      if (!this.index.has(n.trim())) this.index.set(n.trim(), i);
    });
  }

  has(name: string): boolean {
    return this.index.has(name);
  }

  /** The column's index, or -1. */
  find(...names: string[]): number {
    for (const n of names) {
      const i = this.index.get(n);
      if (i !== undefined) return i;
    }
    return -1;
  }

  require(...names: string[]): number {
    const i = this.find(...names);
    if (i < 0) {
      throw new DatasetError(
        'bad-csv',
        `the header has no column ${names.join(' or ')} (found: ${this.names.join(', ')})`,
        {
          file: this.file,
          place: 'line 1',
        },
      );
    }
    return i;
  }
}

/** Quotes a CSV field when it needs it (RFC 4180). */
export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  const s = typeof value === 'number' ? formatNumber(value) : value;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvRow = (values: (string | number | undefined)[]): string =>
  `${values.map(csvField).join(',')}\n`;

/** Numbers as Python writes them (integers without a fraction; no exponent for usual values). */
export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(v);
}

import { DatasetError, type FileTree } from '@labelport/core';
import type { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';

/** One CSV record with its 1-based line number (exact unless an earlier field spans lines). */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * The records of a CSV file in batches, streamed from the tree: each chunk is cut after its last line
 * end that is outside quotes (every quote toggles the state, which RFC 4180's doubled quotes keep
 * right), and each whole block goes through csv-parse's parser at once. RFC 4180 quoting, a BOM
 * dropped, empty lines skipped, rows of any length (Open Images' own files are sometimes ragged).
 * Batches keep the per-record cost of a 2 M-row file low. Parse errors become DatasetErrors naming
 * the file and line.
 */
export async function* streamCsvBatches(tree: FileTree, path: string): AsyncGenerator<CsvRecord[]> {
  // Bytes after the last cut, kept as chunks and joined once (a long quoted field costs no quadratic copying).
  let carry: Uint8Array[] = [];
  let inQuotes = false;
  let first = true;
  // The line each record starts on, found in the same scan (csv-parse's own per-record info is costly).
  let line = 1;
  let recordLine = 1;
  let hasContent = false;
  let starts: number[] = [];
  const parseBlock = (block: Uint8Array, lines: number[]): CsvRecord[] => {
    let rows: string[][];
    try {
      const options = { bom: first, relax_column_count: true, skip_empty_lines: true };
      rows = parse(Buffer.from(block.buffer, block.byteOffset, block.byteLength), options) as string[][];
    } catch (e) {
      const err = e as CsvError;
      const at = typeof err.lines === 'number' ? err.lines - 1 + (lines[0] ?? line) : (lines[0] ?? line);
      throw new DatasetError('bad-csv', `invalid CSV (${oneLine(err.message ?? String(e))})`, {
        file: path,
        place: `line ${at}`,
      });
    }
    first = false;
    const out = new Array<CsvRecord>(rows.length);
    for (let i = 0; i < rows.length; i++)
      out[i] = { fields: rows[i]!, line: lines[i] ?? lines[lines.length - 1] ?? 0 };
    return out;
  };
  for await (const chunk of tree.stream(path)) {
    let cut = -1;
    let cutStarts = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === 0x22) {
        inQuotes = !inQuotes;
        hasContent = true;
      } else if (b === 0x0a) {
        line++;
        if (inQuotes) continue;
        if (hasContent) starts.push(recordLine);
        recordLine = line;
        hasContent = false;
        cut = i;
        cutStarts = starts.length;
      } else if (b !== 0x0d) {
        hasContent = true;
      }
    }
    if (cut < 0) {
      carry.push(chunk.slice());
      continue;
    }
    const block = concat([...carry, chunk.subarray(0, cut + 1)]);
    carry = cut + 1 < chunk.length ? [chunk.slice(cut + 1)] : [];
    const lines = starts.slice(0, cutStarts);
    starts = starts.slice(cutStarts);
    const records = parseBlock(block, lines);
    if (records.length > 0) yield records;
  }
  if (carry.length > 0) {
    if (hasContent) starts.push(recordLine);
    const records = parseBlock(concat(carry), starts);
    if (records.length > 0) yield records;
  }
}

/** The records of a CSV file one by one (see streamCsvBatches). */
export async function* streamCsv(tree: FileTree, path: string): AsyncGenerator<CsvRecord> {
  for await (const batch of streamCsvBatches(tree, path)) yield* batch;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

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

/**
 * CSV (RFC 4180), read whole or streamed in blocks, and written. Browser-safe, no dependency.
 * Fields are separated by commas; a field with commas, quotes or line breaks is quoted and its quotes
 * doubled. Records end with \n, \r\n or a lone \r; a leading BOM is dropped; empty lines are skipped;
 * records may have any number of fields (some tools write ragged rows). Each record carries the line
 * it starts on; malformed quoting is a DatasetError 'bad-csv' naming the file and the line.
 */
import { DatasetError } from '../errors.js';
import { concatBytes } from './memory.js';
import { decodeText } from './text.js';
import type { FileTree } from './tree.js';

/** One CSV record with the 1-based line it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

const badCsv = (file: string, line: number, what: string) =>
  new DatasetError('bad-csv', `invalid CSV: ${what}`, { file, place: `line ${line}` });

/** The records of a whole CSV text (`firstLine`: the line the text starts on, for messages). */
export function parseCsv(text: string, file: string, firstLine = 1): CsvRecord[] {
  const out: CsvRecord[] = [];
  parseInto(text, text.charCodeAt(0) === 0xfeff ? 1 : 0, file, firstLine, out);
  return out;
}

/** Parses `text` from `pos` into `out`; gives the line after the last one. */
function parseInto(text: string, pos: number, file: string, line: number, out: CsvRecord[]): number {
  const n = text.length;
  const hasQuote = text.includes('"', pos);
  while (pos < n) {
    const c = text.charCodeAt(pos);
    if (c === LF || c === CR) {
      // an empty line
      pos += c === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
      line++;
      continue;
    }
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    const stop = end > pos && text.charCodeAt(end - 1) === CR ? end - 1 : end;
    const s = text.slice(pos, stop);
    // The usual line: no quote, no lone \r; fields are what lies between commas.
    if ((!hasQuote || !s.includes('"')) && !s.includes('\r')) {
      out.push({ fields: s.split(','), line });
      pos = end + 1;
      line++;
      continue;
    }
    const record = parseRecord(text, pos, line, file);
    out.push({ fields: record.fields, line });
    pos = record.next;
    line = record.line;
  }
  return line;
}

/** One record from `pos`, field by field (quotes, line breaks in quotes, a lone \r as a line end). */
function parseRecord(text: string, pos: number, line: number, file: string) {
  const n = text.length;
  const startLine = line;
  const fields: string[] = [];
  let i = pos;
  for (;;) {
    let c: number;
    if (text.charCodeAt(i) === QUOTE) {
      let value = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw badCsv(file, startLine, 'a quoted field is not closed');
        value += text.slice(i, q);
        line += lineEnds(text, i, q);
        if (text.charCodeAt(q + 1) !== QUOTE) {
          i = q + 1;
          break;
        }
        value += '"';
        i = q + 2;
      }
      fields.push(value);
      c = text.charCodeAt(i);
      if (i < n && c !== COMMA && c !== LF && c !== CR)
        throw badCsv(file, line, 'text after a closing quote');
    } else {
      let j = i;
      for (; j < n; j++) {
        c = text.charCodeAt(j);
        if (c === COMMA || c === LF || c === CR) break;
        if (c === QUOTE) throw badCsv(file, line, 'a quote inside an unquoted field');
      }
      fields.push(text.slice(i, j));
      i = j;
      c = text.charCodeAt(i);
    }
    if (i >= n) return { fields, next: n, line: line + 1 };
    if (c === COMMA) {
      i++;
      continue;
    }
    // the end of the record: \r\n, \n or \r
    i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    return { fields, next: i, line: line + 1 };
  }
}

/** Line ends (\n, \r\n, lone \r) in text[from, to). */
function lineEnds(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === LF || (c === CR && text.charCodeAt(k + 1) !== LF)) count++;
  }
  return count;
}

/** Where a chunk can be cut: after its last \n outside quotes (-1: nowhere). */
function cutPoint(chunk: Uint8Array, state: { inQuotes: boolean }): number {
  if (!state.inQuotes && chunk.indexOf(QUOTE) < 0) return chunk.lastIndexOf(LF);
  // every quote toggles the state, which RFC 4180's doubled quotes keep right
  let cut = -1;
  let inQuotes = state.inQuotes;
  for (let i = 0; i < chunk.length; i++) {
    const b = chunk[i]!;
    if (b === QUOTE) inQuotes = !inQuotes;
    else if (b === LF && !inQuotes) cut = i;
  }
  state.inQuotes = inQuotes;
  return cut;
}

/** Bytes held for one record before it is refused (a quote never closed in a huge file). */
const MAX_BLOCK = 512 * 2 ** 20;

/**
 * The records of a CSV file in batches, streamed from the tree: each chunk is cut after its last
 * line end outside quotes and each whole block is parsed at once, so that memory stays bounded by
 * the chunk size (or the longest record) and the per-record cost stays low for files of millions of
 * rows.
 */
export async function* streamCsvBatches(tree: FileTree, path: string): AsyncGenerator<CsvRecord[]> {
  // Bytes after the last cut, kept as chunks and joined once (no quadratic copying).
  let carry: Uint8Array[] = [];
  let carried = 0;
  const state = { inQuotes: false };
  let line = 1;
  let first = true;
  const parseBlock = (block: Uint8Array): CsvRecord[] => {
    let text = decodeText(block);
    // decodeText drops a leading BOM: only the file's first one is not content
    if (!first && block[0] === 0xef && block[1] === 0xbb && block[2] === 0xbf) text = `\ufeff${text}`;
    first = false;
    const out: CsvRecord[] = [];
    line = parseInto(text, 0, path, line, out);
    return out;
  };
  for await (const chunk of tree.stream(path)) {
    const cut = cutPoint(chunk, state);
    if (cut < 0) {
      carry.push(chunk.slice());
      carried += chunk.length;
      if (carried > MAX_BLOCK)
        throw new DatasetError(
          'too-large',
          `a CSV record of more than ${MAX_BLOCK} bytes (an unclosed quote?)`,
          {
            file: path,
            place: `line ${line}`,
          },
        );
      continue;
    }
    const block = concatBytes([...carry, chunk.subarray(0, cut + 1)]);
    carry = cut + 1 < chunk.length ? [chunk.slice(cut + 1)] : [];
    carried = chunk.length - cut - 1;
    const records = parseBlock(block);
    if (records.length > 0) yield records;
  }
  if (carry.length > 0) {
    const records = parseBlock(concatBytes(carry));
    if (records.length > 0) yield records;
  }
}

/** The records of a CSV file one by one (see streamCsvBatches). */
export async function* streamCsv(tree: FileTree, path: string): AsyncGenerator<CsvRecord> {
  for await (const batch of streamCsvBatches(tree, path)) yield* batch;
}

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

  /** The index of the first of `names` present, or -1. */
  find(...names: string[]): number {
    for (const n of names) {
      const i = this.index.get(n);
      if (i !== undefined) return i;
    }
    return -1;
  }

  require(...names: string[]): number {
    const i = this.find(...names);
    if (i >= 0) return i;
    throw new DatasetError(
      'bad-csv',
      `the header has no column ${names.join(' or ')} (found: ${this.names.join(', ')})`,
      { file: this.file, place: 'line 1' },
    );
  }
}

/** A field as CSV: quoted when it needs it (RFC 4180); numbers as String() gives them; undefined empty. */
export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  const s = typeof value === 'number' ? String(value) : value;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A record as CSV, ended with `eol` (\n; Python's csv module writes \r\n). */
export const csvRow = (values: (string | number | undefined)[], eol = '\n'): string =>
  `${values.map(csvField).join(',')}${eol}`;

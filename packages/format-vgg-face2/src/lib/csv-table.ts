import { DatasetError } from '@labelport/core';

/**
 * A small CSV reader and writer (RFC 4180: comma-separated, fields with commas, quotes or line
 * breaks quoted, quotes doubled), enough for VGGFace2's tables. Rows come with their line numbers.
 */
export interface CsvRow {
  line: number;
  fields: string[];
}

export function parseCsv(text: string, file: string): CsvRow[] {
  // No quote anywhere (VGGFace2's tables of millions of rows): lines and commas split directly.
  if (!text.includes('"')) {
    const out: CsvRow[] = [];
    const lines = text.split(/\r?\n|\r/);
    for (let i = 0; i < lines.length; i++)
      if (lines[i] !== '') out.push({ line: i + 1, fields: lines[i]!.split(',') });
    return out;
  }
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let touched = false;
  const endRow = () => {
    fields.push(field);
    if (touched || fields.length > 1 || field !== '') rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
    touched = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"') {
      if (field !== '')
        throw new DatasetError('bad-csv', 'a quote inside an unquoted field', {
          file,
          place: `line ${line}`,
        });
      quoted = true;
      touched = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      touched = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else field += c;
  }
  if (quoted)
    throw new DatasetError('bad-csv', 'a quoted field is not closed', { file, place: `line ${rowLine}` });
  if (field !== '' || fields.length > 0 || touched) endRow();
  return rows;
}

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Rows as CSV text, `\r\n` line ends as Python's csv module writes them. */
export function formatCsv(rows: string[][]): string {
  return rows.map((r) => `${r.map(quote).join(',')}\r\n`).join('');
}

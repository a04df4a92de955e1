/**
 * Datumaro's `images.meta`: image sizes beside a dataset whose annotations do not carry them (YOLO,
 * Open Images). One image a line, `<name> <height> <width>`, split as Python's
 * `shlex.split(line, comments=True)` splits it (quotes, backslashes, `#` comments); extra fields are
 * ignored. Written with `shlex.quote`'s quoting, so Datumaro reads ours and we read Datumaro's.
 */
import { DatasetError } from '../errors.js';

export const IMAGES_META_FILE = 'images.meta';

export interface ImagesMetaEntry {
  /** The item id or the image path, as the format keys it. */
  name: string;
  width: number;
  height: number;
}

/** Sizes by name. A line without two whole numbers >= 0 after the name is DatasetError 'bad-line'. */
export function parseImagesMeta(text: string, file: string): Map<string, { width: number; height: number }> {
  const out = new Map<string, { width: number; height: number }>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const where = { file, place: `line ${i + 1}` };
    // Plain lines (the usual case) split on whitespace; quotes, escapes and comments go the long way.
    const fields = /["'\\#]/.test(line)
      ? shellSplit(line, where)
      : line.split(/[ \t\r]+/).filter((f) => f !== '');
    if (fields.length === 0) continue;
    if (fields.length < 3)
      throw new DatasetError('bad-line', `expected '<name> <height> <width>', got '${line.trim()}'`, where);
    const height = Number(fields[1]);
    const width = Number(fields[2]);
    if (!Number.isSafeInteger(height) || !Number.isSafeInteger(width) || height < 0 || width < 0) {
      throw new DatasetError(
        'bad-line',
        `the height and width must be whole numbers, got '${fields[1]} ${fields[2]}'`,
        where,
      );
    }
    out.set(fields[0]!, { width, height });
  }
  return out;
}

/** The file's text: one line per entry, names quoted as `shlex.quote` quotes them. */
export function formatImagesMeta(entries: Iterable<ImagesMetaEntry>): string {
  let s = '';
  for (const e of entries) s += `${shellQuote(e.name)} ${e.height} ${e.width}\n`;
  return s;
}

/** A name as `shlex.quote` writes it: bare when safe, else single-quoted. */
export function shellQuote(s: string): string {
  if (s === '') return "''";
  if (/^[\w@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}

/** Python's `shlex.split(line, comments=True)` for one line (POSIX mode). */
export function shellSplit(line: string, where: { file?: string; place?: string } = {}): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  const unclosed = () => new DatasetError('bad-line', 'no closing quotation', where);
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
      i++;
    } else if (c === '#' && !inWord) break;
    else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw unclosed();
      cur += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      const end = closingQuote(line, i + 1);
      if (end < 0) throw unclosed();
      cur += line.slice(i + 1, end).replace(/\\([\\"$`])/g, '$1');
      inWord = true;
      i = end + 1;
    } else {
      // a backslash outside quotes keeps the next character as it is
      const escaped = c === '\\' && i + 1 < line.length;
      cur += escaped ? line[i + 1] : c;
      inWord = true;
      i += escaped ? 2 : 1;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

/** The index of the '"' closing a double-quoted string that starts at `from`, or -1. */
function closingQuote(line: string, from: number): number {
  for (let i = from; i < line.length; i++) {
    if (line[i] === '\\' && i + 1 < line.length && '\\"$`'.includes(line[i + 1]!)) i++;
    else if (line[i] === '"') return i;
  }
  return -1;
}

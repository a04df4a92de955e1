import { DatasetError } from '@labelport/core';

/** Image sizes by id from Datumaro's `images.meta`: lines `<id> <height> <width>`, shell-quoted, `#` comments. */
export function parseImageMeta(text: string, file: string): Map<string, { width: number; height: number }> {
  const out = new Map<string, { width: number; height: number }>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    // Plain lines (the usual case) split on whitespace; quotes, escapes and comments go the long way.
    const fields = /["'\\#]/.test(text)
      ? shellSplit(text, file, i + 1)
      : text.split(/[ \t\r]+/).filter((f) => f !== '');
    if (fields.length === 0) continue;
    if (fields.length < 3) {
      throw new DatasetError('bad-line', `expected '<id> <height> <width>', got '${lines[i]!.trim()}'`, {
        file,
        place: `line ${i + 1}`,
      });
    }
    const height = Number(fields[1]);
    const width = Number(fields[2]);
    if (!Number.isInteger(height) || !Number.isInteger(width) || height < 0 || width < 0) {
      throw new DatasetError(
        'bad-line',
        `height and width must be whole numbers, got '${fields[1]} ${fields[2]}'`,
        {
          file,
          place: `line ${i + 1}`,
        },
      );
    }
    out.set(fields[0]!, { width, height });
  }
  return out;
}

/** Python's shlex.split(line, comments=True) for one line (POSIX mode). */
export function shellSplit(line: string, file: string, lineNo: number): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
      i++;
    } else if (c === '#' && !inWord) {
      break;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0)
        throw new DatasetError('bad-line', 'no closing quotation', { file, place: `line ${lineNo}` });
      cur += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      inWord = true;
      let closed = false;
      while (i < line.length) {
        const d = line[i]!;
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < line.length && '\\"$`'.includes(line[i + 1]!)) {
          cur += line[i + 1];
          i += 2;
        } else {
          cur += d;
          i++;
        }
      }
      if (!closed)
        throw new DatasetError('bad-line', 'no closing quotation', { file, place: `line ${lineNo}` });
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[i + 1];
      inWord = true;
      i += 2;
    } else {
      cur += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

/** An id as shlex.quote writes it: bare when safe, else single-quoted. */
export function shellQuote(s: string): string {
  if (s === '') return "''";
  if (/^[\w@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}

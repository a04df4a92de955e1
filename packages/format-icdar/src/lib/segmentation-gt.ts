import { DatasetError } from '@labelport/core';

/** One character of an `N_GT.txt`: its colour in `N_GT.bmp`, centre, box, text and word (group). */
export interface GtChar {
  color: [number, number, number];
  /** `cy cx` as written (Datumaro keeps it as a string). */
  center: string;
  text: string;
  /** Characters of one word share a group; a word of one character has none. */
  group?: number;
}

const LINE = /^(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(.+)$/;

/**
 * Parses `R G B cy cx x1 y1 x2 y2 "c"` lines; blank lines separate words. A line starting with `#`
 * is a space character. Groups are numbered as Datumaro numbers them: from 1, a new number after each
 * blank line that ends a word of several characters; a word of one character gets none.
 */
export function parseSegmentationGt(text: string, file: string): GtChar[] {
  const chars: GtChar[] = [];
  let group = 1;
  let inGroup = 0;
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') {
      if (inGroup === 1) chars[chars.length - 1].group = undefined;
      else group++;
      inGroup = 0;
      continue;
    }
    const space = line.startsWith('#');
    const m = LINE.exec(space ? line.slice(1) : line);
    const place = `line ${i + 1}`;
    if (!m) {
      throw new DatasetError('bad-line', `expected 10 fields 'R G B cy cx x1 y1 x2 y2 "c"', got '${line}'`, {
        file,
        place,
      });
    }
    const color = [m[1], m[2], m[3]].map(Number) as [number, number, number];
    if (!color.every((c) => Number.isInteger(c) && c >= 0 && c <= 255)) {
      throw new DatasetError('bad-line', `'${m[1]} ${m[2]} ${m[3]}' is not an RGB colour`, { file, place });
    }
    let t = m[10].trim();
    if (space) t = ' ';
    else if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) t = t.slice(1, -1);
    chars.push({ color, center: `${m[4]} ${m[5]}`, text: t, group });
    inGroup++;
  }
  if (inGroup === 1) chars[chars.length - 1].group = undefined;
  return chars;
}

export interface GtLine {
  color: [number, number, number];
  center: string;
  /** Inclusive pixel corners x1 y1 x2 y2. */
  box: [number, number, number, number];
  text: string;
  group?: number;
}

/**
 * Writes characters in order, a blank line between words: before a character whose group differs from
 * the previous one's, and around characters without a group (words of one character). Group 0 is a
 * word like any other.
 */
export function formatSegmentationGt(chars: GtLine[]): string {
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (i > 0 && (c.group !== chars[i - 1].group || c.group === undefined)) out += '\n';
    const prefix = c.text === ' ' ? '#' : '';
    out += `${prefix}${c.color.join(' ')} ${c.center} ${c.box.join(' ')} "${c.text}"\n`;
  }
  return out;
}

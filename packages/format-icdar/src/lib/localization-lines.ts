import { DatasetError } from '@labelport/core';
import { basename, extname } from '@labelport/core/files';
import { IMAGES_DIR } from './icdar-layout.js';

export const GT_PREFIX = 'gt_';
export const isGtFile = (p: string) => /^gt_.+\.txt$/.test(basename(p));
/** Datumaro reads every .txt of a subset as an item's annotation; images/ holds only images. */
export const isAnnotationFile = (rel: string) => extname(rel) === '.txt' && !rel.startsWith(`${IMAGES_DIR}/`);

export type TextShape =
  | { kind: 'polygon'; points: number[]; text?: string }
  | { kind: 'bbox'; x: number; y: number; w: number; h: number; text?: string };

const isNumber = (s: string) => s !== '' && Number.isFinite(Number(s));

function shapeOf(numbers: number[], text: string | undefined): TextShape {
  const t = text === undefined || text === '' ? undefined : text;
  if (numbers.length !== 4) return { kind: 'polygon', points: numbers, text: t };
  const [x1, y1, x2, y2] = numbers;
  return { kind: 'bbox', x: x1, y: y1, w: x2 - x1, h: y2 - y1, text: t };
}

/**
 * One line of an ICDAR localization file, in any of the layouts in use:
 * - ICDAR 2015: `x1,y1,x2,y2,x3,y3,x4,y4,transcription` (a quadrilateral; the text may hold commas);
 * - ICDAR 2013: `xmin, ymin, xmax, ymax, "transcription"` or space-separated `0 0 2 3 "RED"`;
 * - Datumaro's: `0,0,3,1,4,6,1,7,"FOOD"` and `0 0 2 3 "RED"`, and polygons of any number of points
 *   (read whole; Datumaro keeps their first four points).
 * Boxes are corners (x2 = x + w). `###` marks text that cannot be read (kept as the text, as Datumaro does).
 * Throws a DatasetError with the place for anything else; empty lines give undefined.
 */
export function parseLocalizationLine(line: string, file: string, lineNo: number): TextShape | undefined {
  const place = `line ${lineNo}`;
  const fail = (msg: string): never => {
    throw new DatasetError('bad-line', msg, { file, place });
  };
  const trimmed = line.trim();
  if (trimmed === '') return undefined;
  const q = trimmed.indexOf('"');
  if (q >= 0) {
    const last = trimmed.lastIndexOf('"');
    if (last === q) fail('unclosed quote');
    if (trimmed.slice(last + 1).trim() !== '') fail('text after the closing quote');
    const tokens = trimmed
      .slice(0, q)
      .split(/[\s,]+/)
      .filter((s) => s !== '');
    if (!tokens.every(isNumber))
      fail(`expected numbers before the text, got '${trimmed.slice(0, q).trim()}'`);
    if (tokens.length !== 4 && (tokens.length < 6 || tokens.length % 2 !== 0)) {
      fail(`expected 4 numbers (box) or the points of a polygon, got ${tokens.length} numbers`);
    }
    return shapeOf(tokens.map(Number), trimmed.slice(q + 1, last));
  }
  const sep = trimmed.includes(',') ? ',' : ' ';
  const tokens = sep === ',' ? trimmed.split(',').map((s) => s.trim()) : trimmed.split(/\s+/);
  let n = 0;
  while (n < tokens.length && isNumber(tokens[n])) n++;
  const numbers = tokens.slice(0, n).map(Number);
  if (n === tokens.length) {
    // All numbers: a box, a polygon, or either with a numeric text last.
    if (n === 4 || (n >= 6 && n % 2 === 0)) return shapeOf(numbers, undefined);
    if (n === 5 || n >= 9) return shapeOf(numbers.slice(0, n - 1), tokens[n - 1]);
  } else {
    const rest = (k: number) => tokens.slice(k).join(sep).trim();
    if (n >= 8) return shapeOf(numbers.slice(0, 8), rest(8));
    if (n >= 4) return shapeOf(numbers.slice(0, 4), rest(4));
  }
  return fail(`expected 4 (box) or 8 (quadrilateral) numbers, then the text; got '${trimmed}'`);
}

/** Datumaro's layout: `x1 y1 x2 y2 "text"` for boxes, `x1,y1,...,y4,"text"` for quadrilaterals. */
export function formatLocalizationLine(shape: TextShape): string {
  if (shape.kind === 'bbox') {
    const line = [shape.x, shape.y, shape.x + shape.w, shape.y + shape.h].join(' ');
    return shape.text === undefined ? line : `${line} "${shape.text}"`;
  }
  const line = shape.points.join(',');
  return shape.text === undefined ? line : `${line},"${shape.text}"`;
}

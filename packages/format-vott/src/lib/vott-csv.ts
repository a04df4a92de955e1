/**
 * VoTT's CSV export (its `csv` provider, through json2csv): the header
 * `"image","xmin","ymin","xmax","ymax","label"`, then one row per tag of each region, the region's
 * bounding box in pixels: `"img_1.jpg",26,594,86,617,"cat"`. Strings are quoted, numbers are not.
 * A row with the image alone (`"img_2.jpg",,,,,`) is an image without boxes, as Datumaro reads it.
 */

import { type CsvHeader, csvField } from '@labelport/core/files';
import { badField } from '@labelport/core/json';

export const CSV_COLUMNS = ['image', 'xmin', 'ymin', 'xmax', 'ymax', 'label'] as const;

/** True when the header has VoTT's six columns. */
export function isVottCsvHeader(names: string[]): boolean {
  const set = new Set(names.map((n) => n.trim()));
  return CSV_COLUMNS.every((c) => set.has(c));
}

/** A row's box, or undefined for a row without one. */
export interface CsvBox {
  label?: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Column indices of the header, once per file. */
export function csvColumns(header: CsvHeader): number[] {
  return CSV_COLUMNS.map((c) => header.require(c));
}

function coordinate(text: string, name: string, file: string, place: string): number {
  const v = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(v))
    badField(file, `${place}, ${name}`, `expected a number, got "${text}"`);
  return v;
}

/** The box of one row (fields by `columns`), undefined for an image-only row; a partial box is an error. */
export function parseCsvBox(
  fields: string[],
  columns: number[],
  file: string,
  place: string,
): CsvBox | undefined {
  const [, ...rest] = columns.map((i) => fields[i] ?? '');
  const [xmin, ymin, xmax, ymax, label] = rest as [string, string, string, string, string];
  const coords = [xmin, ymin, xmax, ymax];
  const given = coords.filter((c) => c.trim() !== '').length;
  if (given === 0) {
    if (label.trim() !== '') badField(file, place, `a label without a box ("${label}")`);
    return undefined;
  }
  if (given < 4) badField(file, place, 'a box needs xmin, ymin, xmax and ymax');
  const [x1, y1, x2, y2] = coords.map((c, i) => coordinate(c, CSV_COLUMNS[i + 1]!, file, place)) as [
    number,
    number,
    number,
    number,
  ];
  if (x2 < x1 || y2 < y1) badField(file, place, `xmax and ymax must not be less than xmin and ymin`);
  return { label: label === '' ? undefined : label, x: x1, y: y1, w: x2 - x1, h: y2 - y1 };
}

/** A text field as json2csv writes it: always quoted, quotes doubled. */
const quoted = (s: string) => `"${s.replace(/"/g, '""')}"`;

export const CSV_HEADER = CSV_COLUMNS.map(quoted).join(',');

/** One row: the image and, for a box, its corners and label (numbers as JavaScript prints them). */
export function csvRowOf(
  image: string,
  box?: { x: number; y: number; w: number; h: number; label: string },
): string {
  if (!box) return `${quoted(image)},,,,,`;
  const numbers = [box.x, box.y, box.x + box.w, box.y + box.h].map((n) => csvField(n));
  return [quoted(image), ...numbers, quoted(box.label)].join(',');
}

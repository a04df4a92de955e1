/**
 * DOTA's annotation files (`labelTxt/<image>.txt`, DOTA v1.0, v1.5 and v2.0 alike): optional header
 * lines `imagesource:GoogleEarth` and `gsd:0.146343590398` (a name, a colon, a value), then one object
 * per line, `x1 y1 x2 y2 x3 y3 x4 y4 class difficult`: four corners clockwise, the class name (one
 * word), and 0 or 1 for a difficult object (DOTA's devkit takes a line without it too).
 */
import { badField } from '@labelport/core/json';

export interface DotaObject {
  points: number[];
  label: string;
  /** 0 where the line leaves it out, as DOTA's devkit reads it. */
  difficult: number;
}

/** A header line (`name:value`, one word), or undefined for any other line. */
export function headerLine(line: string): [string, string | number] | undefined {
  const m = /^([A-Za-z_][\w-]*):(.*)$/.exec(line);
  if (!m) return undefined;
  const value = m[2]!.trim();
  const n = Number(value);
  return [m[1]!, value !== '' && Number.isFinite(n) ? n : value];
}

/** One object line; a line of another shape is a DatasetError at `place`. */
export function parseObjectLine(line: string, file: string, place: string): DotaObject {
  const fields = line.split(/\s+/);
  if (fields.length !== 9 && fields.length !== 10) {
    badField(file, place, `expected x1 y1 x2 y2 x3 y3 x4 y4 class difficult, got ${fields.length} fields`);
  }
  const points = fields.slice(0, 8).map((f, i) => {
    const v = Number(f);
    if (!Number.isFinite(v))
      badField(file, place, `${i % 2 ? 'y' : 'x'}${(i >> 1) + 1} is not a number: "${f}"`);
    return v;
  });
  const difficult = fields.length === 10 ? Number(fields[9]) : 0;
  if (!Number.isInteger(difficult)) badField(file, place, `difficult is not 0 or 1: "${fields[9]}"`);
  return { points, label: fields[8]!, difficult };
}

/** A number as the writer puts it: JavaScript's shortest form, rounded to 10 decimals (trigonometry's dust). */
export const formatNumber = (n: number): string => {
  const r = Number(n.toFixed(10));
  return String(Object.is(r, -0) ? 0 : r);
};

export function objectLine(points: readonly number[], label: string, difficult: number): string {
  return `${points.map(formatNumber).join(' ')} ${label} ${difficult}`;
}

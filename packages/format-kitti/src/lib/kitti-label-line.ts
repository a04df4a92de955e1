import { DatasetError } from '@labelport/core';

/**
 * One object of a KITTI `label_2/*.txt` file: 15 fields, plus a score in result files.
 * `type truncated occluded alpha x1 y1 x2 y2 h w l x y z rotation_y [score]`
 */
export interface KittiObject {
  type: string;
  /** 0 (not truncated) .. 1 (truncated). */
  truncated: number;
  /** 0 fully visible, 1 partly occluded, 2 largely occluded, 3 unknown. */
  occluded: number;
  alpha: number;
  /** x1, y1, x2, y2: the 2D box in pixels (left, top, right, bottom). */
  bbox: [number, number, number, number];
  /** Height, width, length of the 3D box, metres. */
  dimensions: [number, number, number];
  /** Location x, y, z of the 3D box (bottom centre) in camera coordinates, metres. */
  location: [number, number, number];
  rotationY: number;
  score?: number;
}

const FIELD_NAMES = [
  'truncated',
  'occluded',
  'alpha',
  'x1',
  'y1',
  'x2',
  'y2',
  'height',
  'width',
  'length',
  'x',
  'y',
  'z',
  'rotation_y',
  'score',
];

const isNumber = (s: string) => s !== '' && Number.isFinite(Number(s));

/**
 * The type and the numeric fields of a line. The last 14 fields (15 with a score) are numbers and the
 * type is what comes before, so class names with spaces (`traffic light`, which converters from
 * COCO-style label sets write as they are) read whole. A name that ends in a number-like word is taken with 14 fields.
 */
function splitKittiFields(line: string): { type: string; fields: string[] } | undefined {
  const f = line.trim().split(/\s+/);
  let i = f.length;
  while (i > 0 && isNumber(f[i - 1])) i--;
  // all numbers: the first is the type (a numeric class name, as the devkit's `%s` reads it)
  if (i === 0) i = 1;
  let fields = f.slice(i);
  if (fields.length > 15) {
    i = f.length - 14;
    fields = f.slice(i);
  }
  if (fields.length === 14 || fields.length === 15) return { type: f.slice(0, i).join(' '), fields };
  // a bad field in a line of the usual length: split it the usual way, so that the field is named
  if (f.length === 15 || f.length === 16) return { type: f[0], fields: f.slice(1) };
  return undefined;
}

export function parseKittiLine(line: string, file: string, lineNo: number): KittiObject {
  const place = `line ${lineNo}`;
  const split = splitKittiFields(line);
  if (!split) {
    const got = line.trim().split(/\s+/).length;
    throw new DatasetError(
      'bad-line',
      `expected a type and 14 or 15 numbers (space-separated), got ${got} fields`,
      { file, place },
    );
  }
  const v = [0, ...split.fields.map(Number)];
  const f = [split.type, ...split.fields];
  for (let i = 1; i < f.length; i++)
    if (!isNumber(f[i]))
      throw new DatasetError('bad-value', `${FIELD_NAMES[i - 1]} '${f[i]}' is not a number`, { file, place });
  if (!Number.isInteger(v[2]))
    throw new DatasetError('bad-value', `occluded '${f[2]}' is not an integer`, { file, place });
  return {
    type: split.type,
    truncated: v[1],
    occluded: v[2],
    alpha: v[3],
    bbox: [v[4], v[5], v[6], v[7]],
    dimensions: [v[8], v[9], v[10]],
    location: [v[11], v[12], v[13]],
    rotationY: v[14],
    score: f.length === 16 ? v[15] : undefined,
  };
}

const num = (x: number) => String(Object.is(x, -0) ? 0 : x);

export function formatKittiLine(o: KittiObject): string {
  const fields = [
    o.type,
    num(o.truncated),
    num(o.occluded),
    num(o.alpha),
    ...o.bbox.map(num),
    ...o.dimensions.map(num),
    ...o.location.map(num),
    num(o.rotationY),
  ];
  if (o.score !== undefined) fields.push(num(o.score));
  return fields.join(' ');
}

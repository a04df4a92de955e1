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

export function parseKittiLine(line: string, file: string, lineNo: number): KittiObject {
  const place = `line ${lineNo}`;
  const f = line.trim().split(/\s+/);
  if (f.length !== 15 && f.length !== 16) {
    throw new DatasetError('bad-line', `expected 15 or 16 space-separated fields, got ${f.length}`, {
      file,
      place,
    });
  }
  const names = [
    'type',
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
  const v = f.map((s, i) => {
    if (i === 0) return 0;
    const n = Number(s);
    if (s === '' || !Number.isFinite(n))
      throw new DatasetError('bad-value', `${names[i]} '${s}' is not a number`, { file, place });
    return n;
  });
  if (!Number.isInteger(v[2]))
    throw new DatasetError('bad-value', `occluded '${f[2]}' is not an integer`, { file, place });
  return {
    type: f[0],
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

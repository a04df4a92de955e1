/**
 * YOLO label files: one object per line, class index then coordinates normalised by the image size.
 *   box      `c cx cy w h`                       (darknet and ultralytics)
 *   polygon  `c x1 y1 x2 y2 ... xn yn` (n >= 3)   (ultralytics segmentation; an oriented box is the
 *                                                  4-corner case, `c x1 y1 ... x4 y4`, read as a polygon)
 *   pose     `c cx cy w h x1 y1 [v1] ... xk yk [vk]` (ultralytics, with `kpt_shape: [k, 2|3]`)
 * Boxes convert as Datumaro does: x = (cx - w/2) * W, w = w * W; written back with up to 12 decimals,
 * so a read-write-read round trip is exact to far below 1e-6 pixels for any image under 10^5 pixels.
 */
import { type Annotation, DatasetError, type Visibility } from '@labelport/core';
import { splitLines } from '@labelport/core/files';
import { boxFromCorners } from '@labelport/core/geometry';

export interface ImageSize {
  width: number;
  height: number;
}

/** The size by which fractions are fractions: coordinates of `normalized` annotations. */
export const UNIT: ImageSize = { width: 1, height: 1 };

export interface LabelFileOptions {
  /** 'darknet': boxes only (5 fields). 'ultralytics': boxes, polygons, or pose lines with `kpt`. */
  mode: 'darknet' | 'ultralytics';
  labelCount: number;
  /** What names the labels (for the error when a class index is past them). */
  namesFile: string;
  /** kpt_shape: [keypoints, 2 or 3] for pose datasets. */
  kpt?: [number, number];
  /** An OBB dataset (`task: obb`): `c x1 y1 ... x4 y4` lines are oriented boxes. */
  obb?: boolean;
  /**
   * The image size, asked for only when the file has a line. Undefined when it is not known: the
   * annotations then keep YOLO's fractions (`normalized: true`) until a writer needs pixels.
   */
  size: () => Promise<ImageSize | undefined>;
}

function parseNum(s: string, what: string, fail: (m: string) => never): number {
  const v = Number(s);
  if (s === '' || !Number.isFinite(v)) fail(`${what} is not a number: '${s}'`);
  return v;
}

/** The annotations of one label file. Errors name the file and the line. */
export async function parseLabelFile(text: string, file: string, o: LabelFileOptions): Promise<Annotation[]> {
  const lines = splitLines(text);
  const out: Annotation[] = [];
  let size: ImageSize | null | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const fail = (msg: string): never => {
      throw new DatasetError('bad-line', msg, { file, place: `line ${i + 1}` });
    };
    const f = line.split(/\s+/);
    const n = f.length;
    let kind: 'box' | 'polygon' | 'pose';
    if (o.mode === 'darknet') {
      if (n !== 5) fail(`expected 5 fields (class cx cy w h), got ${n}`);
      kind = 'box';
    } else if (o.kpt) {
      const want = 5 + o.kpt[0] * o.kpt[1];
      if (n !== want)
        fail(
          `expected ${want} fields (class cx cy w h and ${o.kpt[0]} keypoints of ${o.kpt[1]} values, kpt_shape), got ${n}`,
        );
      kind = 'pose';
    } else if (n === 5) kind = 'box';
    else if (n >= 7 && n % 2 === 1) kind = 'polygon';
    else
      fail(
        `expected 5 fields (class cx cy w h) or an odd number of at least 7 (class and polygon points x y ...), got ${n}`,
      );
    // Ultralytics reads the class as a float and casts it: '3.0' is class 3
    if (!/^\d+(\.0*)?$/.test(f[0])) fail(`the class index must be a whole number, got '${f[0]}'`);
    const label = Number.parseInt(f[0], 10);
    if (label >= o.labelCount)
      fail(`class index ${label} is past the ${o.labelCount} names in ${o.namesFile}`);
    const v = f.slice(1).map((s, k) => parseNum(s, `field ${k + 2}`, fail));
    if (size === undefined) size = (await o.size()) ?? null;
    const { width: W, height: H } = size ?? UNIT;
    const base = size ? { label, attributes: {} } : { label, attributes: {}, normalized: true as const };
    if (kind! === 'polygon') {
      const points = v.map((c, k) => (k % 2 === 0 ? c * W : c * H));
      // an oriented box, in pixels (its angle needs the image's shape: without a size it stays 4 corners)
      if (o.obb && points.length === 8 && size) out.push(orientedBox(points, label));
      else out.push({ type: 'polygon', points, ...base });
      continue;
    }
    const [cx, cy, w, h] = v;
    const box: Annotation = {
      type: 'bbox',
      x: (cx - w * 0.5) * W,
      y: (cy - h * 0.5) * H,
      w: w * W,
      h: h * H,
      ...base,
    };
    if (kind! === 'box') {
      out.push(box);
      continue;
    }
    const [k, d] = o.kpt!;
    const group = i + 1;
    const points: number[] = [];
    const visibility: Visibility[] = [];
    for (let p = 0; p < k; p++) {
      const base = 4 + p * d;
      points.push(v[base] * W, v[base + 1] * H);
      if (d === 3) {
        const vis = Math.round(v[base + 2]);
        if (vis !== 0 && vis !== 1 && vis !== 2)
          fail(`keypoint ${p + 1} visibility must be 0, 1 or 2, got ${v[base + 2]}`);
        visibility.push(vis as Visibility);
      } else visibility.push(2);
    }
    out.push({ ...box, group }, { type: 'points', points, visibility, ...base, group });
  }
  return out;
}

/** An OBB line's corners as a box turned about its centre (labelport's rotated box). */
function orientedBox(points: number[], label: number): Annotation {
  const b = boxFromCorners(points);
  const rotation = Math.round(b.rotation * 1e9) / 1e9;
  return { type: 'bbox', x: b.x, y: b.y, w: b.w, h: b.h, label, attributes: rotation ? { rotation } : {} };
}

/** A normalised coordinate as text: 12 decimals at most, trailing zeros removed. */
export function formatNormalized(v: number): string {
  const s = v.toFixed(12);
  const dot = s.length - 13;
  // the trailing zeros cut by hand (a regex per number is most of a label file's cost)
  if (dot < 0 || s.charCodeAt(dot) !== 46) return trimZeros(s.replace(/\.?0+$/, ''));
  let e = s.length;
  while (s.charCodeAt(e - 1) === 48) e--;
  if (e === dot + 1) e = dot;
  return trimZeros(e === s.length ? s : s.slice(0, e));
}

const trimZeros = (s: string): string => (s === '-0' || s === '' ? '0' : s);

export function boxLine(
  label: number,
  b: { x: number; y: number; w: number; h: number },
  s: ImageSize,
): string {
  return `${label} ${formatNormalized((b.x + b.w / 2) / s.width)} ${formatNormalized((b.y + b.h / 2) / s.height)} ${formatNormalized(b.w / s.width)} ${formatNormalized(b.h / s.height)}`;
}

export function polygonLine(label: number, points: number[], s: ImageSize): string {
  let line = String(label);
  for (let k = 0; k < points.length; k++)
    line += ` ${formatNormalized(k % 2 === 0 ? points[k] / s.width : points[k] / s.height)}`;
  return line;
}

export function keypointFields(points: number[], visibility: number[], k: number, s: ImageSize): string[] {
  const out: string[] = [];
  for (let p = 0; p < k; p++) {
    if (2 * p + 1 < points.length) {
      out.push(
        formatNormalized(points[2 * p] / s.width),
        formatNormalized(points[2 * p + 1] / s.height),
        String(visibility[p] ?? 2),
      );
    } else out.push('0', '0', '0');
  }
  return out;
}

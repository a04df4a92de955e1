/**
 * Ultralytics' rule for a label file: one line per object, and a file with any segment line (more than
 * 4 coordinates) is read as all segments (`verify_image_label`), so a box line beside a polygon line
 * would be misread as a 2-point segment. Objects are the shapes of one group and label (a COCO
 * object's box and polygons, a labelme group); each becomes one line.
 */
import {
  type Annotation,
  type BboxAnnotation,
  checkPixels,
  type DatasetLimits,
  loadMask,
  lostAttributes,
  maskSize,
  type PointsAnnotation,
  type ReportBuilder,
} from '@labelport/core';
import { maskToPolygons } from '@labelport/core/geometry';
import { boxLine, type ImageSize, polygonLine } from './label-file.js';
import { skeletonPoints } from './ultralytics-pose.js';

type Shape = BboxAnnotation | (Annotation & { type: 'polygon' });

interface YoloObject {
  label: number;
  boxes: BboxAnnotation[];
  polygons: number[][];
}

/** The shapes grouped into objects: a group (with its label) is one object, a shape without a group one. */
function objectsOf(shapes: Shape[]): YoloObject[] {
  const out: YoloObject[] = [];
  const byGroup = new Map<string, YoloObject>();
  for (const s of shapes) {
    const key = s.group !== undefined ? `${s.group}\u0000${s.label}` : undefined;
    let o = key !== undefined ? byGroup.get(key) : undefined;
    if (!o) {
      o = { label: s.label!, boxes: [], polygons: [] };
      out.push(o);
      if (key !== undefined) byGroup.set(key, o);
    }
    if (s.type === 'bbox') o.boxes.push(s);
    else o.polygons.push(s.points);
  }
  return out;
}

const dist2 = (a: number[], i: number, b: number[], j: number) =>
  (a[2 * i]! - b[2 * j]!) ** 2 + (a[2 * i + 1]! - b[2 * j + 1]!) ** 2;

/**
 * Several polygons as one outline, as Ultralytics' COCO converter does for a COCO object in parts
 * (merge_multi_segment): each further polygon hangs off the nearest point of the first by a bridge
 * walked there and back, so the bridges enclose nothing and the filled area is the parts'.
 */
export function mergePolygons(polygons: number[][]): number[] {
  const [first, ...rest] = polygons;
  if (!first) return [];
  const n = first.length / 2;
  const hung = new Map<number, number[][]>();
  for (const p of rest) {
    let best = [0, 0, Number.POSITIVE_INFINITY];
    for (let i = 0; i < n; i++)
      for (let j = 0; j < p.length / 2; j++) {
        const d = dist2(first, i, p, j);
        if (d < best[2]!) best = [i, j, d];
      }
    const [i, j] = best as [number, number];
    const loop = [...p.slice(2 * j), ...p.slice(0, 2 * j), p[2 * j]!, p[2 * j + 1]!];
    hung.set(i, [...(hung.get(i) ?? []), loop]);
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = first[2 * i]!;
    const y = first[2 * i + 1]!;
    out.push(x, y);
    for (const loop of hung.get(i) ?? []) out.push(...loop, x, y);
  }
  return out;
}

const corners = (b: BboxAnnotation) => [b.x, b.y, b.x + b.w, b.y, b.x + b.w, b.y + b.h, b.x, b.y + b.h];

/** The lines of one label file (detection or segmentation): one per object, all segments if any is. */
export function objectLines(shapes: Shape[], size: ImageSize, report: ReportBuilder): string[] {
  const objects = objectsOf(shapes);
  const lines: { label: number; points?: number[]; box?: BboxAnnotation }[] = [];
  for (const o of objects) {
    const polygons = o.polygons.filter((p) => p.length >= 6);
    if (polygons.length < o.polygons.length) {
      report.drop('polygon', o.polygons.length - polygons.length);
      report.warn('polygons with fewer than 3 points are not written');
    }
    if (polygons.length === 0) {
      for (const box of o.boxes) lines.push({ label: o.label, box });
      continue;
    }
    if (polygons.length > 1) {
      report.convert('polygon', 'merged polygon', polygons.length);
      report.warn("an object's polygons are written as one outline (one line per object, as Ultralytics')");
    }
    if (o.boxes.length) {
      report.drop('bbox', o.boxes.length);
      report.warn(
        'the box of an object that has a polygon is not written: one line per object, and Ultralytics takes the box from the polygon',
      );
    }
    lines.push({ label: o.label, points: mergePolygons(polygons) });
  }
  const segments = lines.some((l) => l.points);
  return lines.map((l) => {
    if (l.points) return polygonLine(l.label, l.points, size);
    if (!segments) return boxLine(l.label, l.box!, size);
    report.convert('bbox', 'polygon');
    report.warn(
      'Ultralytics reads a label file with any polygon as all polygons: its boxes are written as 4-point polygons',
    );
    return polygonLine(l.label, corners(l.box!), size);
  });
}

/** The shapes an Ultralytics line holds. */
export type Writable = BboxAnnotation | PointsAnnotation | (Annotation & { type: 'polygon' });

const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));

/** Coordinates clamped into the image (x into 0..width, y into 0..height); whether any moved. */
function clampPoints(points: number[], size: ImageSize): { points: number[]; moved: boolean } {
  const out = points.map((v, i) => clamp(v, i % 2 === 0 ? size.width : size.height));
  return { points: out, moved: out.some((v, i) => v !== points[i]) };
}

/**
 * Shapes clipped to the image: Ultralytics' verify_image_label rejects a whole label file with a
 * coordinate past 1.01 or below -0.01 ("non-normalized or out of bounds coordinates"). A box or
 * polygon that leaves the image is cut to it (counted), one wholly outside is dropped.
 */
export function clipToImage<T extends Writable>(shapes: T[], size: ImageSize, report: ReportBuilder): T[] {
  const out: T[] = [];
  for (const s of shapes) {
    let clipped: T | undefined = s;
    let moved = false;
    if (s.type === 'bbox') {
      const x = clamp(s.x, size.width);
      const y = clamp(s.y, size.height);
      const w = clamp(s.x + s.w, size.width) - x;
      const h = clamp(s.y + s.h, size.height) - y;
      moved = x !== s.x || y !== s.y || w !== s.w || h !== s.h;
      clipped = w > 0 && h > 0 ? { ...s, x, y, w, h } : undefined;
    } else {
      const c = clampPoints(s.points, size);
      moved = c.moved;
      clipped = { ...s, points: c.points };
    }
    if (!clipped) {
      report.drop(s.type);
      report.warn(
        'shapes wholly outside their image are not written (Ultralytics rejects such a label file)',
      );
      continue;
    }
    if (moved) {
      report.convert(s.type, `${s.type} cut to the image`);
      report.warn('shapes that leave their image are cut to it (Ultralytics rejects coordinates outside it)');
    }
    out.push(clipped);
  }
  return out;
}

/**
 * An image's annotations as Ultralytics lines can hold them: a skeleton becomes its points, a mask
 * the outline of its parts (holes filled; the parts of one mask are one object, so one outline).
 */
export async function lineShapes(
  annotations: Annotation[],
  report: ReportBuilder,
  limits?: DatasetLimits,
): Promise<Annotation[]> {
  const out: Annotation[] = [];
  for (const a of annotations) {
    if (a.type === 'skeleton') {
      report.convert('skeleton', 'points');
      out.push(skeletonPoints(a));
    } else if (a.type === 'mask') {
      // traced at its size: held to the caller's pixel limit before it is loaded
      const size = maskSize(a.mask);
      if (size) checkPixels(size.width, size.height, 'mask', limits);
      const polygons = maskToPolygons(await loadMask(a.mask));
      report.convert('mask', 'polygon');
      if (polygons.length === 0) report.warn('an empty mask has no outline: nothing is written for it');
      else
        out.push({
          type: 'polygon',
          points: mergePolygons(polygons),
          label: a.label,
          group: a.group,
          attributes: a.attributes,
        });
    } else out.push(a);
  }
  return out;
}

/**
 * The annotations a line can hold (boxes, polygons, keypoints with a label, in pixels of a known
 * image or in fractions); the others are counted lost, as are the attributes a user set.
 */
export function writableShapes(
  annotations: Annotation[],
  hasSize: boolean,
  itemId: string,
  report: ReportBuilder,
): Writable[] {
  return annotations.filter((a): a is Writable => {
    if (a.type !== 'bbox' && a.type !== 'polygon' && a.type !== 'points') {
      report.drop(a.type);
      return false;
    }
    if (a.label === undefined) {
      report.drop(a.type);
      report.warn('annotations without a label are not written');
      return false;
    }
    if (!hasSize && !a.normalized) {
      report.drop(a.type);
      report.warn(
        `item '${itemId}': no image size, so its annotations cannot be normalised; they are dropped`,
      );
      return false;
    }
    // a box's rotation is kept (an OBB line, or the corners it is written as), not lost
    const { rotation: _r, ...others } = a.attributes;
    const lost = lostAttributes(a.type === 'bbox' ? others : a.attributes);
    if (lost) report.drop('attribute', lost);
    return true;
  });
}

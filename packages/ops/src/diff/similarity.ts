import { type Annotation, maskToRle, toPixels } from '@labelport/core';
import { bboxOfPoints, mergeRle, type Rle, rasterizePolygon, rleArea } from '@labelport/core/geometry';

/** Annotations compared with each other: boxes with boxes, polygons and masks with either. */
export function matchClass(a: Annotation): string {
  return a.type === 'polygon' || a.type === 'mask' ? 'segment' : a.type;
}

export function boxIou(a: number[], b: number[]): number {
  const x0 = Math.max(a[0], b[0]);
  const y0 = Math.max(a[1], b[1]);
  const x1 = Math.min(a[0] + a[2], b[0] + b[2]);
  const y1 = Math.min(a[1] + a[3], b[1] + b[3]);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const union = a[2] * a[3] + b[2] * b[3] - inter;
  return union > 0 ? inter / union : a[2] === b[2] && a[3] === b[3] && a[0] === b[0] && a[1] === b[1] ? 1 : 0;
}

/** Rasterises segments on demand, once each, at one size per item. */
export class SegmentCache {
  private readonly rles = new Map<Annotation, Rle>();
  constructor(
    readonly width: number,
    readonly height: number,
  ) {}

  async rle(a: Annotation): Promise<Rle> {
    let r = this.rles.get(a);
    if (!r) {
      if (a.type === 'mask') r = await maskToRle(a.mask);
      else {
        const p = toPixels(a, this.width, this.height) as Annotation & { points: number[] };
        r = rasterizePolygon(p.points, this.height, this.width);
      }
      this.rles.set(a, r);
    }
    return r;
  }
}

/** The size to rasterise an item's segments at: its media size, else what holds every polygon. */
export function segmentCanvas(
  width: number | undefined,
  height: number | undefined,
  annotations: Annotation[],
): { width: number; height: number } {
  if (width !== undefined && height !== undefined) return { width, height };
  let w = 1;
  let h = 1;
  for (const a of annotations) {
    if (a.type === 'mask') {
      const s =
        a.mask.kind === 'rle'
          ? { width: a.mask.rle.size[1], height: a.mask.rle.size[0] }
          : a.mask.kind === 'bitmap'
            ? a.mask.bitmap
            : { width: a.mask.width ?? 0, height: a.mask.height ?? 0 };
      w = Math.max(w, s.width);
      h = Math.max(h, s.height);
    } else if (a.type === 'polygon' && !a.normalized) {
      const [x, y, bw, bh] = bboxOfPoints(a.points);
      w = Math.max(w, Math.ceil(x + bw) + 1);
      h = Math.max(h, Math.ceil(y + bh) + 1);
    }
  }
  return { width: w, height: h };
}

function pointsOf(a: Annotation): number[] | undefined {
  if (a.type === 'points' || a.type === 'polyline' || a.type === 'cuboid2d' || a.type === 'polygon')
    return a.points;
  if (a.type === 'skeleton') return a.elements.flatMap((e) => e.points);
  return undefined;
}

const samePoints = (p: number[], q: number[]) =>
  p.length === q.length && p.every((v, i) => Math.abs(v - q[i]) <= 1e-6);

/** How alike two annotations of one match class are, 0..1 (IoU for shapes). */
export async function similarity(
  a: Annotation,
  b: Annotation,
  cache: SegmentCache | undefined,
): Promise<number> {
  if (a.type === 'bbox' && b.type === 'bbox') return boxIou([a.x, a.y, a.w, a.h], [b.x, b.y, b.w, b.h]);
  if (a.type === 'ellipse' && b.type === 'ellipse')
    return boxIou([a.x1, a.y1, a.x2 - a.x1, a.y2 - a.y1], [b.x1, b.y1, b.x2 - b.x1, b.y2 - b.y1]);
  if (matchClass(a) === 'segment' && cache) {
    if (a.type === 'polygon' && b.type === 'polygon' && samePoints(a.points, b.points)) return 1;
    const ra = await cache.rle(a);
    const rb = await cache.rle(b);
    const inter = rleArea(mergeRle([ra, rb], true));
    const union = rleArea(mergeRle([ra, rb]));
    return union > 0 ? inter / union : 1;
  }
  if (a.type === 'caption' && b.type === 'caption') return a.caption === b.caption ? 1 : 0.5;
  if (a.type === 'label' && b.type === 'label') return 1;
  const pa = pointsOf(a);
  const pb = pointsOf(b);
  if (pa && pb) {
    if (samePoints(pa, pb)) return 1;
    return pa.length === pb.length ? boxIou(bboxOfPoints(pa), bboxOfPoints(pb)) : 0;
  }
  return JSON.stringify(a) === JSON.stringify(b) ? 1 : 0;
}

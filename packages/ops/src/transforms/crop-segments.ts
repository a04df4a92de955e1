import { type Annotation, type DatasetItem, maskToRle, rleMask, toPixels } from '@labelport/core';
import type { BinaryMask, Rle } from '@labelport/core/geometry';
import {
  decodeRle,
  encodeRle,
  maskToPolygons,
  mergeRle,
  rasterizePolygon,
  rleArea,
} from '@labelport/core/geometry';
import { noteOnce, type OpReport } from '../report.js';
import { baseOf } from './shapes.js';
import { itemTransform } from './spec.js';

type Segment = Extract<Annotation, { type: 'polygon' | 'mask' }>;

/** Datumaro's tolerance for "one segment lies (almost) wholly inside the other". */
const RATIO_TOLERANCE = 0.001;

async function rleOf(s: Segment, width: number, height: number): Promise<Rle> {
  if (s.type === 'mask') return maskToRle(s.mask);
  return rasterizePolygon(
    (toPixels(s, width, height) as Segment & { points: number[] }).points,
    height,
    width,
  );
}

/**
 * The segments above segment `i` that cut it, as Datumaro's crop_covered_segments: those it
 * intersects, except one lying wholly inside it (no hole is cut); none when it lies wholly inside one
 * of them (an annotation mistake: the one below is kept whole).
 */
function cutters(rles: Rle[], areas: number[], i: number): Rle[] {
  const tops: Rle[] = [];
  for (let j = i + 1; j < rles.length; j++) {
    const inter = rleArea(mergeRle([rles[i], rles[j]], true));
    if (inter === 0) continue;
    const iou = inter / (areas[i] + areas[j] - inter);
    const ratio = areas[j] / areas[i];
    if (Math.abs(ratio - iou) < RATIO_TOLERANCE) continue;
    if (Math.abs(1 / ratio - iou) < RATIO_TOLERANCE) return [];
    tops.push(rles[j]);
  }
  return tops;
}

/** `bottom` without the pixels of `tops`. */
function without(bottom: Rle, tops: Rle[]): BinaryMask {
  const mask = decodeRle(bottom);
  const top = decodeRle(mergeRle(tops)).data;
  for (let p = 0; p < mask.data.length; p++) if (top[p]) mask.data[p] = 0;
  return mask;
}

/** The annotations one cut segment becomes: a mask, or a polygon per visible part (a group of them). */
function cutSegment(s: Segment, visible: BinaryMask, newGroup: () => number): Annotation[] {
  if (s.type === 'mask') return [{ type: 'mask', mask: rleMask(encodeRle(visible)), ...baseOf(s) }];
  const parts = maskToPolygons(visible);
  const base = baseOf(s);
  if (parts.length > 1 && base.group === undefined) base.group = newGroup();
  return parts.map((points) => ({ type: 'polygon', points, ...base }));
}

/** The item's segments (sorted by z-order, with their RLEs), each cropped to what the segments above leave visible. */
function cropSegments(
  sorted: Segment[],
  rles: Rle[],
  newGroup: () => number,
  report: OpReport,
): Annotation[] {
  const areas = rles.map(rleArea);
  const out: Annotation[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const s = sorted[i];
    const tops = areas[i] < 1 ? undefined : cutters(rles, areas, i);
    if (tops?.length === 0) {
      out.push(s);
      continue;
    }
    const parts = tops ? cutSegment(s, without(rles[i], tops), newGroup) : [];
    const kept = parts.filter((a) => a.type !== 'mask' || rleArea((a.mask as { rle: Rle }).rle) > 0);
    if (kept.length === 0) {
      report.annotationsRemoved++;
      noteOnce(report, 'segments left without a visible pixel are removed');
      continue;
    }
    report.annotationsChanged++;
    report.annotationsAdded += kept.length - 1;
    out.push(...kept);
  }
  return out;
}

async function cropItem(item: DatasetItem, report: OpReport): Promise<DatasetItem> {
  const segments = item.annotations.filter((a): a is Segment => a.type === 'polygon' || a.type === 'mask');
  if (segments.length === 0) return item;
  const { width, height } = item.media ?? {};
  if (!width || !height) {
    noteOnce(report, 'items without an image size are kept as they are');
    return item;
  }
  const sorted = [...segments].sort((a, b) => (a.zOrder ?? 0) - (b.zOrder ?? 0));
  const rles = await Promise.all(sorted.map((s) => rleOf(s, width, height)));
  if (rles.some((r) => r.size[0] !== height || r.size[1] !== width)) {
    noteOnce(report, 'items with masks of another size than their image are kept as they are');
    return item;
  }
  let group = -1;
  for (const a of item.annotations) if (a.group !== undefined && a.group > group) group = a.group;
  const cropped = cropSegments(sorted, rles, () => ++group, report);
  const same = cropped.length === segments.length && cropped.every((a) => segments.includes(a as Segment));
  if (same) return item;
  return {
    ...item,
    annotations: [...item.annotations.filter((a) => !segments.includes(a as Segment)), ...cropped],
  };
}

export const cropCoveredSegments = itemTransform({
  name: 'crop_covered_segments',
  doc: "crop polygons and masks to what the segments above them (by z-order) leave visible; a polygon cut in several parts becomes one polygon per part, in one group; the segments follow the item's other annotations, in z-order",
  params: {},
  step(_source, _params, report) {
    return (item) => cropItem(item, report);
  },
});

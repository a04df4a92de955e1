import { type Annotation, type DatasetItem, maskToRle, rleMask, toPixels } from '@labelport/core';
import type { Rle } from '@labelport/core/geometry';
import { bboxOfPoints, mergeRle, rasterizePolygon, rleArea } from '@labelport/core/geometry';
import { countConversion, noteOnce, type OpReport } from '../report.js';
import { baseOf } from './shapes.js';
import { itemTransform } from './spec.js';

type Segment = Extract<Annotation, { type: 'polygon' | 'mask' }>;

/** Datumaro's find_instances: segments sharing a group are one instance; an ungrouped one is its own. */
function instancesOf(segments: Segment[]): Segment[][] {
  const byGroup = new Map<number, Segment[]>();
  const out: Segment[][] = [];
  for (const s of segments) {
    if (s.group === undefined) {
      out.push([s]);
      continue;
    }
    let list = byGroup.get(s.group);
    if (!list) {
      list = [];
      byGroup.set(s.group, list);
      out.push(list);
    }
    list.push(s);
  }
  return out;
}

/** Datumaro's find_group_leader: the segment with the largest area. */
function leaderOf(segments: Segment[], areas: number[]): Segment {
  let best = 0;
  for (let i = 1; i < segments.length; i++) if (areas[i] > areas[best]) best = i;
  return segments[best];
}

/** One instance as Datumaro's merge_segments: its masks (and polygons, if asked) become one mask. */
async function mergeInstance(
  instance: Segment[],
  width: number,
  height: number,
  includePolygons: boolean,
  report: OpReport,
): Promise<Annotation[]> {
  const polygons = instance.filter((s) => s.type === 'polygon');
  const masks = instance.filter((s) => s.type === 'mask');
  if (polygons.length === 0 && masks.length === 1) return masks;
  const rles: Rle[] = [];
  const areas: number[] = [];
  const kept: Annotation[] = [];
  for (const s of instance) {
    if (s.type === 'mask') {
      const rle = await maskToRle(s.mask);
      rles.push(rle);
      areas.push(rleArea(rle));
    } else {
      const box = bboxOfPoints(s.points);
      areas.push(box[2] * box[3]);
      if (!includePolygons) kept.push(s);
      else
        rles.push(
          rasterizePolygon(
            (toPixels(s, width, height) as Segment & { points: number[] }).points,
            height,
            width,
          ),
        );
    }
  }
  if (rles.length === 0) return kept;
  const leader = leaderOf(instance, areas);
  for (const s of instance)
    if (s.type === 'polygon' && includePolygons) countConversion(report, 'polygon', 'mask');
  if (masks.length > 1) countConversion(report, 'mask', 'mask', masks.length - 1);
  kept.push({ type: 'mask', mask: rleMask(mergeRle(rles)), ...baseOf(leader) });
  return kept;
}

async function mergeItem(
  item: DatasetItem,
  includePolygons: boolean,
  report: OpReport,
): Promise<DatasetItem> {
  const segments = item.annotations.filter(
    (a): a is Segment => a.type === 'mask' || (includePolygons && a.type === 'polygon'),
  );
  if (segments.length < 2) return item;
  const { width, height } = item.media ?? {};
  if (width === undefined || height === undefined) {
    noteOnce(report, 'items without an image size are kept as they are');
    return item;
  }
  const others = item.annotations.filter((a) => !segments.includes(a as Segment));
  const merged: Annotation[] = [];
  for (const instance of instancesOf(segments))
    merged.push(...(await mergeInstance(instance, width, height, includePolygons, report)));
  if (merged.length === segments.length) return item;
  report.annotationsRemoved += segments.length - merged.length;
  return { ...item, annotations: [...others, ...merged] };
}

export const mergeInstanceSegments = itemTransform({
  name: 'merge_instance_segments',
  doc: "merge the masks (and, if asked, polygons) of one instance (one group) into one mask, which takes the largest segment's label, id and attributes",
  params: {
    include_polygons: {
      type: 'boolean',
      default: false,
      doc: 'rasterise the polygons of an instance into its mask too',
    },
  },
  step(_source, params, report) {
    const includePolygons = params.values.include_polygons as boolean;
    return (item) => mergeItem(item, includePolygons, report);
  },
});

import {
  type Annotation,
  allocatePixels,
  type BinaryMask,
  checkPixels,
  type DatasetLimits,
  loadMask,
  type MaskSource,
  maskSize,
  type ReportBuilder,
} from '@labelport/core';
import { bboxOfPoints, decodeRle, maskBbox, rasterizePolygon } from '@labelport/core/geometry';
import { FLAG_ATTRIBUTES } from './od-api-features.js';

/** One object of an Example: its label, box (x0, y0, x1, y1 in pixels), optional mask and flags. */
export interface OdInstance {
  label?: number;
  box: [number, number, number, number];
  mask?: BinaryMask;
  flags: Record<string, boolean>;
}

type Shape = Extract<Annotation, { type: 'bbox' | 'mask' | 'polygon' }>;

const FLAG_NAMES = new Set(FLAG_ATTRIBUTES.map(([, name]) => name));

/** A mask to box or merge, its size (when known before loading) held to the caller's pixel limit first. */
function loadWithin(m: MaskSource, limits: DatasetLimits | undefined): Promise<BinaryMask> {
  const size = maskSize(m);
  if (size) checkPixels(size.width, size.height, 'mask', limits);
  return loadMask(m);
}

async function boxOf(a: Shape, limits?: DatasetLimits): Promise<[number, number, number, number]> {
  if (a.type === 'bbox') return [a.x, a.y, a.x + a.w, a.y + a.h];
  if (a.type === 'polygon') {
    const [x, y, w, h] = bboxOfPoints(a.points);
    return [x, y, x + w, y + h];
  }
  const m = await loadWithin(a.mask, limits);
  const [x, y, w, h] = maskBbox(m);
  return [x, y, x + w, y + h];
}

async function maskOf(
  a: Shape,
  width: number,
  height: number,
  limits?: DatasetLimits,
): Promise<BinaryMask | undefined> {
  if (a.type === 'mask') return loadWithin(a.mask, limits);
  if (a.type === 'polygon') return decodeRle(rasterizePolygon(a.points, height, width));
  return undefined;
}

/** ORs `src` into `dst` (both the image's size; a mask of another size is fitted at the top left). */
function orInto(dst: BinaryMask, src: BinaryMask) {
  const w = Math.min(dst.width, src.width);
  const h = Math.min(dst.height, src.height);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) if (src.data[y * src.width + x]) dst.data[y * dst.width + x] = 1;
  }
}

/** The shapes of an item as objects (a group, or a shape without one), in the order of their first shape. */
function objectsOf(annotations: Annotation[], report: ReportBuilder): Shape[][] {
  const groups = new Map<number, Shape[]>();
  const objects: Shape[][] = [];
  for (const a of annotations) {
    if (a.type !== 'bbox' && a.type !== 'mask' && a.type !== 'polygon') {
      report.drop(a.type);
      continue;
    }
    if (a.group === undefined) {
      objects.push([a]);
      continue;
    }
    let g = groups.get(a.group);
    if (!g) {
      g = [];
      groups.set(a.group, g);
      objects.push(g);
    }
    g.push(a);
  }
  return objects;
}

/**
 * The objects of an item, as Datumaro's exporter makes them: boxes, masks and polygons of one group
 * form one object (ungrouped shapes are objects of their own), with the label of its largest shape,
 * its box (the box annotation, else the box around its shapes) and, with `saveMasks`, the union of
 * its masks and polygons.
 * Everything the Example cannot hold is counted in `report`.
 */
export async function buildInstances(
  annotations: Annotation[],
  width: number,
  height: number,
  saveMasks: boolean,
  report: ReportBuilder,
  limits?: DatasetLimits,
): Promise<OdInstance[]> {
  const out: OdInstance[] = [];
  for (const shapes of objectsOf(annotations, report)) {
    const boxes: [number, number, number, number][] = [];
    for (const s of shapes)
      boxes.push(s.type === 'bbox' ? [s.x, s.y, s.x + s.w, s.y + s.h] : await boxOf(s, limits));
    let leader = 0;
    let best = -1;
    boxes.forEach(([x0, y0, x1, y1], i) => {
      const area = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
      if (area > best) {
        best = area;
        leader = i;
      }
    });
    // the object's box is its box annotation as written (COCO's box need not be its mask's extent),
    // else the box around its shapes
    const own = boxes.filter((_, i) => shapes[i]!.type === 'bbox');
    const around = own.length > 0 ? own : boxes;
    const box: [number, number, number, number] = [
      Math.min(...around.map((b) => b[0])),
      Math.min(...around.map((b) => b[1])),
      Math.max(...around.map((b) => b[2])),
      Math.max(...around.map((b) => b[3])),
    ];
    const bboxes = own.length;
    const masks = shapes.filter((s) => s.type === 'mask').length;
    const polygons = shapes.filter((s) => s.type === 'polygon').length;
    let mask: BinaryMask | undefined;
    if (saveMasks && masks + polygons > 0) {
      mask = { width, height, data: allocatePixels(width, height, 'mask', { limits }) };
      for (const s of shapes) {
        const m = await maskOf(s, width, height, limits);
        if (m) orInto(mask, m);
      }
      report.convert('polygon', 'mask', polygons);
      if (masks + polygons > 1) {
        report.drop('mask', masks > 0 ? masks - 1 : 0);
        report.warn('masks and polygons of one group are merged into one mask');
      }
      if (bboxes > 1) {
        report.drop('bbox', bboxes - 1);
        report.warn('an object has one box: the boxes of one group are written as one box around them');
      }
    } else if (bboxes > 0) {
      report.drop('bbox', bboxes - 1);
      report.drop('mask', masks);
      report.drop('polygon', polygons);
      if (shapes.length > 1) report.warn('the shapes of one group are written as one box around them all');
    } else {
      report.convert('mask', 'bbox', Math.min(masks, 1));
      report.convert('polygon', 'bbox', masks > 0 ? 0 : Math.min(polygons, 1));
      report.drop('mask', Math.max(0, masks - 1));
      report.drop('polygon', masks > 0 ? polygons : Math.max(0, polygons - 1));
    }
    const lead = shapes[leader]!;
    // the object's flags: from any of its shapes (a value its shapes disagree on is lost)
    const flags: Record<string, boolean> = {};
    for (const s of shapes) {
      for (const [k, v] of Object.entries(s.attributes)) {
        const flag = FLAG_NAMES.has(k) && (typeof v === 'boolean' || v === 0 || v === 1);
        if (flag && (flags[k] === undefined || flags[k] === Boolean(v))) flags[k] = Boolean(v);
        else report.drop('attribute');
      }
    }
    out.push({ label: lead.label, box, mask, flags });
  }
  return out;
}

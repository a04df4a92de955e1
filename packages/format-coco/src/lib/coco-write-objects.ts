import {
  type Annotation,
  type Attributes,
  checkPixels,
  DatasetError,
  type DatasetLimits,
  loadMask,
  type MaskSource,
  maskSize,
  type PointsAnnotation,
  type ReportBuilder,
  type Rle,
} from '@labelport/core';
import {
  bboxOfPoints,
  decodeRle,
  encodeRle,
  maskToPolygons,
  mergeRle,
  polygonArea,
  polygonsRasterArea,
  rasterizePolygons,
  rleArea,
  rleToBbox,
  rleToString,
} from '@labelport/core/geometry';
import { COCO_AREA, COCO_RLE_STRING, type WithCocoArea, type WithCocoRleString } from './coco-symbols.js';

export type SegmentationForm = 'keep' | 'polygons' | 'mask';
export type RleForm = 'keep' | 'compressed' | 'uncompressed';

export interface ObjectWriteOptions {
  segmentation: SegmentationForm;
  rle: RleForm;
  allowAttributes: boolean;
  /** The caller's limits (options.limits): masks are loaded, decoded and painted only under them. */
  limits?: DatasetLimits;
}

type Shape = Extract<Annotation, { type: 'bbox' | 'polygon' | 'mask' }>;
const isShape = (a: Annotation): a is Shape => a.type === 'bbox' || a.type === 'polygon' || a.type === 'mask';

/** The objects of an item: shapes sharing a group form one object; ungrouped shapes stand alone. */
export function collectObjects(annotations: Annotation[], withPoints: boolean): Annotation[][] {
  const byGroup = new Map<number, Annotation[]>();
  const out: Annotation[][] = [];
  for (const a of annotations) {
    if (!isShape(a) && !(withPoints && a.type === 'points')) continue;
    const g = a.group;
    if (g === undefined) {
      out.push([a]);
      continue;
    }
    const list = byGroup.get(g);
    if (list) list.push(a);
    else {
      const fresh = [a];
      byGroup.set(g, fresh);
      out.push(fresh);
    }
  }
  return out;
}

/**
 * score goes to the top level, is_crowd to iscrowd; the rest to `attributes` (Datumaro, CVAT), or,
 * when attributes are not allowed, to the report as dropped; a value that is not a string, number or
 * boolean is dropped (reported) either way.
 */
export function attributeFields(
  attrs: Attributes,
  elem: Record<string, unknown>,
  allow: boolean,
  report: ReportBuilder,
): void {
  const score = attrs.score;
  if (score !== undefined) {
    const n = typeof score === 'number' ? score : Number(score);
    if (Number.isFinite(n)) elem.score = n;
    else report.drop('attribute');
  }
  let rest: Attributes | undefined;
  let n = 0;
  for (const k in attrs) {
    if (k === 'is_crowd' || k === 'score') continue;
    const v: unknown = attrs[k];
    // The model allows no other (a reader may leave one, as LFW's pair lists): COCO's readers refuse it.
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      report.drop('attribute value that is not a string, number or boolean');
      continue;
    }
    if (!allow) n++;
    else {
      rest ??= {};
      rest[k] = attrs[k];
    }
  }
  if (rest) elem.attributes = rest;
  report.drop('attribute', n);
}

function shapeArea(a: Shape): number {
  if (a.type === 'bbox') return a.w * a.h;
  if (a.type === 'polygon') return polygonArea(a.points);
  return a.mask.kind === 'rle' ? rleArea(a.mask.rle) : 0;
}

/** Datumaro's group leader: the shape with the largest area (the first when all agree). */
function leaderOf(shapes: Shape[]): Shape {
  const first = shapes[0];
  let same = true;
  for (let i = 1; i < shapes.length && same; i++) {
    const s = shapes[i];
    same = s.label === first.label && s.id === first.id && s.attributes === first.attributes;
  }
  if (same) return first;
  let best = first;
  let bestArea = shapeArea(first);
  for (let i = 1; i < shapes.length; i++) {
    const area = shapeArea(shapes[i]);
    if (area > bestArea) {
      best = shapes[i];
      bestArea = area;
    }
  }
  return best;
}

/** A mask in hand (RLE or bitmap): what the object writer works on, without awaiting per object. */
type HeldMask = Exclude<MaskSource, { kind: 'lazy' }>;

const rleOf = (m: HeldMask): Rle => (m.kind === 'rle' ? m.rle : encodeRle(m.bitmap));

/** A mask's pixels: an RLE is decoded at its size, held to the caller's pixel limit first. */
function bitmapOf(m: HeldMask, limits: DatasetLimits | undefined) {
  if (m.kind === 'bitmap') return m.bitmap;
  checkPixels(m.rle.size[1], m.rle.size[0], 'mask', limits);
  return decodeRle(m.rle);
}

/**
 * A mask to load or encode held to the caller's pixel limit first (an RLE, encoded already, is held
 * to it only where it is decoded); a bitmap handed in whose data does not match its size is a
 * DatasetError here (encodeRle would throw a RangeError).
 */
function checkMask(m: MaskSource, limits: DatasetLimits | undefined): void {
  if (m.kind === 'rle') return;
  const size = maskSize(m);
  const n = size ? checkPixels(size.width, size.height, 'mask', limits) : 0;
  if (m.kind === 'bitmap' && m.bitmap.data?.length !== n)
    throw new DatasetError(
      'bad-value',
      `a ${size?.width}x${size?.height} mask has ${m.bitmap.data?.length} bytes of data, not ${n}`,
    );
}

function unionBox(boxes: [number, number, number, number][]): [number, number, number, number] {
  if (boxes.length === 1) return boxes[0];
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y, w, h] of boxes) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x + w);
    y1 = Math.max(y1, y + h);
  }
  return [x0, y0, x1 - x0, y1 - y0];
}

export interface ImageSize {
  width?: number;
  height?: number;
}

/**
 * One COCO object out of a group of shapes: box (the group's boxes, else the shapes' extent),
 * segmentation in the form asked for, area (the source's when nothing changed, else as pycocotools
 * computes it), iscrowd (`is_crowd`, else whether the segmentation is a mask).
 * Returns the element with `id`, `image_id`, `category_id` to fill in, or undefined when the group has no shape.
 */
export function convertObject(
  group: Annotation[],
  image: ImageSize,
  options: ObjectWriteOptions,
  report: ReportBuilder,
): ObjectResult | Promise<ObjectResult> {
  // masks stored in files are loaded first; everything else is done without a promise per object
  if (!group.some((a) => a.type === 'mask' && a.mask.kind === 'lazy'))
    return convertHeld(group, image, options, report);
  return Promise.all(
    group.map(async (a): Promise<Annotation> => {
      if (a.type !== 'mask' || a.mask.kind !== 'lazy') return a;
      checkMask(a.mask, options.limits);
      return { ...a, mask: { kind: 'bitmap', bitmap: await loadMask(a.mask) } };
    }),
  ).then((held) => convertHeld(held, image, options, report));
}

type ObjectResult = { leader: Shape; elem: Record<string, unknown> } | undefined;

/** A mask as large as some other image: its RLE is refused by pycocotools and COCO's readers. */
function checkMasksFit(masks: HeldMask[], image: ImageSize): void {
  if (!image.width || !image.height) return;
  for (const m of masks) {
    const size = maskSize(m);
    if (size && (size.width !== image.width || size.height !== image.height)) {
      throw new DatasetError(
        'bad-value',
        `a mask is ${size.width}x${size.height}, the image ${image.width}x${image.height}: a mask that does not fit its image`,
      );
    }
  }
}

function convertHeld(
  group: Annotation[],
  image: ImageSize,
  options: ObjectWriteOptions,
  report: ReportBuilder,
): ObjectResult {
  const boxes: Extract<Shape, { type: 'bbox' }>[] = [];
  const polygons: number[][] = [];
  const masks: HeldMask[] = [];
  const shapes: Shape[] = [];
  let hasString = false;
  for (const a of group) {
    if (a.type === 'bbox') boxes.push(a);
    else if (a.type === 'polygon') {
      // the same outline read twice (instances and person_keypoints files of one dataset) is one part
      if (polygons.some((p) => samePoints(p, a.points))) continue;
      polygons.push(a.points);
    } else if (a.type === 'mask') {
      if (
        a.mask.kind === 'rle' &&
        masks.some((m) => m.kind === 'rle' && samePoints(m.rle.counts, (a.mask as { rle: Rle }).rle.counts))
      )
        continue;
      checkMask(a.mask, options.limits);
      masks.push(a.mask as HeldMask);
      if (a.mask.kind === 'rle' && (a.mask.rle as WithCocoRleString)[COCO_RLE_STRING] !== undefined)
        hasString = true;
    } else continue;
    shapes.push(a);
  }
  if (shapes.length === 0) return undefined;
  const leader = leaderOf(shapes);
  const crowdAttr = leader.attributes.is_crowd;

  let bbox: [number, number, number, number];
  if (boxes.length === 1) bbox = [boxes[0].x, boxes[0].y, boxes[0].w, boxes[0].h];
  else if (boxes.length) bbox = unionBox(boxes.map((b) => [b.x, b.y, b.w, b.h]));
  else {
    const extents: [number, number, number, number][] = [];
    for (const a of shapes) {
      if (a.type === 'polygon')
        extents.push(
          (a as { [ELLIPSE_BOX]?: [number, number, number, number] })[ELLIPSE_BOX] ?? bboxOfPoints(a.points),
        );
    }
    for (const m of masks) extents.push(rleToBbox(rleOf(m)));
    bbox = unionBox(extents);
  }

  let useMask: boolean;
  if (options.segmentation === 'mask') useMask = polygons.length + masks.length > 0;
  else if (options.segmentation === 'polygons') useMask = false;
  else if (masks.length && polygons.length) useMask = crowdAttr === true;
  else useMask = masks.length > 0;

  let h = image.height;
  let w = image.width;
  if (!(h && w)) {
    for (const m of masks) {
      const size = maskSize(m);
      if (size) {
        [h, w] = [size.height, size.width];
        break;
      }
    }
    if (!(h && w)) [h, w] = [Math.ceil(bbox[1] + bbox[3]), Math.ceil(bbox[0] + bbox[2])];
  }

  if (useMask) checkMasksFit(masks, image);

  // the source's area stands when the segmentation is the source's own
  const kept = (leader as WithCocoArea)[COCO_AREA];
  let segmentation: unknown;
  let area: number;
  if (useMask) {
    let rle: Rle;
    let original: string | undefined;
    let changed = false;
    if (masks.length === 1 && polygons.length === 0 && masks[0].kind === 'rle') {
      rle = masks[0].rle;
      original = (rle as WithCocoRleString)[COCO_RLE_STRING];
    } else {
      const rles: Rle[] = [];
      for (const m of masks) rles.push(rleOf(m));
      if (polygons.length) {
        checkPixels(w, h, 'the image of a polygon', options.limits);
        rles.push(rasterizePolygons(polygons, h, w));
        report.convert('polygon', 'mask', polygons.length);
      }
      rle = rles.length === 1 ? rles[0] : mergeRle(rles);
      changed = true;
    }
    const compressed = options.rle === 'compressed' || (options.rle === 'keep' && hasString);
    segmentation = {
      size: [rle.size[0], rle.size[1]],
      counts: compressed ? (original ?? rleToString(rle.counts)) : rle.counts,
    };
    area = !changed && kept !== undefined ? kept : rleArea(rle);
  } else {
    let parts = polygons;
    if (masks.length) {
      parts = polygons.slice();
      for (const m of masks) parts.push(...maskToPolygons(bitmapOf(m, options.limits)));
      report.convert('mask', 'polygon', masks.length);
    }
    segmentation = parts;
    if (masks.length === 0 && kept !== undefined) area = kept;
    else if (parts.length === 0) area = bbox[2] * bbox[3];
    else {
      checkPixels(w, h, 'the image of a polygon', options.limits);
      area = polygonsRasterArea(parts, h, w);
    }
  }

  const elem: Record<string, unknown> = {
    id: 0, // the caller fills id, image_id and category_id in (kept first for the order of keys)
    image_id: 0,
    category_id: 0,
    segmentation,
    area,
    bbox,
    // without is_crowd: a crowd when a mask is written as a mask (an object read from COCO carries
    // is_crowd only when it differs from that)
    iscrowd: typeof crowdAttr === 'boolean' ? (crowdAttr ? 1 : 0) : useMask && masks.length > 0 ? 1 : 0,
  };
  attributeFields(leader.attributes, elem, options.allowAttributes, report);
  return { leader, elem };
}

function samePoints(a: number[], b: number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** COCO keypoints [x, y, v, ...] and num_keypoints (points labelled, v > 0). */
export function keypointFields(p: PointsAnnotation): { keypoints: number[]; num_keypoints: number } {
  const k = p.points.length >> 1;
  const keypoints = new Array<number>(3 * k);
  let n = 0;
  for (let i = 0; i < k; i++) {
    const v = p.visibility[i] ?? 2;
    keypoints[3 * i] = p.points[2 * i];
    keypoints[3 * i + 1] = p.points[2 * i + 1];
    keypoints[3 * i + 2] = v;
    if (v > 0) n++;
  }
  return { keypoints, num_keypoints: n };
}

/**
 * An ellipse as the polygon Datumaro writes for it in COCO: 720 points at angles spread evenly
 * from 0 to 2 pi inclusive (numpy's linspace), around the centre of its box.
 */
export function ellipseAsPolygon(
  a: Extract<Annotation, { type: 'ellipse' }>,
): Extract<Annotation, { type: 'polygon' }> {
  const n = 720;
  const cx = (a.x1 + a.x2) / 2;
  const cy = (a.y1 + a.y2) / 2;
  const rx = (a.x2 - a.x1) / 2;
  const ry = (a.y2 - a.y1) / 2;
  const points = new Array<number>(2 * n);
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / (n - 1);
    points[2 * i] = cx + rx * Math.cos(t);
    points[2 * i + 1] = cy + ry * Math.sin(t);
  }
  const { type: _t, x1: _a, y1: _b, x2: _c, y2: _d, ...base } = a;
  // the object's box stays the ellipse's own (Datumaro takes it before making the polygon)
  return {
    ...base,
    type: 'polygon',
    points,
    [ELLIPSE_BOX]: [a.x1, a.y1, a.x2 - a.x1, a.y2 - a.y1],
  } as Extract<Annotation, { type: 'polygon' }>;
}

const ELLIPSE_BOX = Symbol('ellipse box');

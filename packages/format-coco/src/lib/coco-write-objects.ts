import {
  type Annotation,
  checkPixels,
  DatasetError,
  type DatasetLimits,
  loadMask,
  type MaskSource,
  maskSize,
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
import { attributeFields, ELLIPSE_BOX } from './coco-write-fields.js';

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

function unionBox(boxes: Box[]): Box {
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

type Box = [number, number, number, number];

/** A group's shapes by kind; an outline repeated (one object read from two task files) is taken once. */
interface HeldShapes {
  boxes: Extract<Shape, { type: 'bbox' }>[];
  polygons: number[][];
  masks: HeldMask[];
  shapes: Shape[];
  /** Some mask came as a compressed RLE string. */
  hasString: boolean;
}

const REPEATED =
  'an outline repeated within one object (the object read from two task files) was written once';

function gatherShapes(
  group: Annotation[],
  limits: DatasetLimits | undefined,
  report: ReportBuilder,
): HeldShapes | undefined {
  const held: HeldShapes = { boxes: [], polygons: [], masks: [], shapes: [], hasString: false };
  const { boxes, polygons, masks } = held;
  for (const a of group) {
    if (a.type === 'bbox') boxes.push(a);
    else if (a.type === 'polygon') {
      if (polygons.some((p) => samePoints(p, a.points))) {
        report.drop('polygon', 1, REPEATED);
        continue;
      }
      polygons.push(a.points);
    } else if (a.type === 'mask') {
      const m = a.mask;
      if (m.kind === 'rle' && masks.some((h) => h.kind === 'rle' && samePoints(h.rle.counts, m.rle.counts))) {
        report.drop('mask', 1, REPEATED);
        continue;
      }
      checkMask(m, limits);
      masks.push(m as HeldMask);
      if (m.kind === 'rle' && (m.rle as WithCocoRleString)[COCO_RLE_STRING] !== undefined)
        held.hasString = true;
    } else continue;
    held.shapes.push(a);
  }
  return held.shapes.length === 0 ? undefined : held;
}

/** The object's box: the group's boxes (one around them all, the others counted), else the extent of its shapes. */
function objectBox({ boxes, shapes, masks }: HeldShapes, report: ReportBuilder): Box {
  if (boxes.length === 1) return [boxes[0].x, boxes[0].y, boxes[0].w, boxes[0].h];
  if (boxes.length) {
    report.drop(
      'bbox',
      boxes.length - 1,
      'a COCO object has one box: the boxes of a group were written as one, around them all',
    );
    return unionBox(boxes.map((b) => [b.x, b.y, b.w, b.h]));
  }
  const extents: Box[] = [];
  for (const a of shapes) {
    if (a.type === 'polygon')
      extents.push((a as { [ELLIPSE_BOX]?: Box })[ELLIPSE_BOX] ?? bboxOfPoints(a.points));
  }
  for (const m of masks) extents.push(rleToBbox(rleOf(m)));
  return unionBox(extents);
}

/** Whether the segmentation is written as a mask: as asked, else as it came (a crowd's as a mask). */
function writesMask({ polygons, masks }: HeldShapes, form: SegmentationForm, crowd: unknown): boolean {
  if (form === 'mask') return polygons.length + masks.length > 0;
  if (form === 'polygons') return false;
  if (masks.length && polygons.length) return crowd === true;
  return masks.length > 0;
}

/** The size polygons are painted at: the image's, else a mask's, else the box's extent. */
function canvasOf(masks: HeldMask[], image: ImageSize, bbox: Box): { width: number; height: number } {
  if (image.width && image.height) return { width: image.width, height: image.height };
  for (const m of masks) {
    const size = maskSize(m);
    if (!size) continue;
    if (size.width && size.height) return size;
    break;
  }
  return { width: Math.ceil(bbox[0] + bbox[2]), height: Math.ceil(bbox[1] + bbox[3]) };
}

/** The segmentation as one RLE (and its area) onto `elem`: the source's own when it is one RLE. */
function maskSegmentation(
  held: HeldShapes,
  elem: Record<string, unknown>,
  image: ImageSize,
  kept: number | undefined,
  options: ObjectWriteOptions,
  report: ReportBuilder,
): void {
  const { masks, polygons } = held;
  let rle: Rle;
  let original: string | undefined;
  if (masks.length === 1 && polygons.length === 0 && masks[0].kind === 'rle') {
    rle = masks[0].rle;
    original = (rle as WithCocoRleString)[COCO_RLE_STRING];
  } else {
    const rles: Rle[] = [];
    for (const m of masks) rles.push(rleOf(m));
    if (polygons.length) {
      const { width, height } = canvasOf(masks, image, elem.bbox as Box);
      checkPixels(width, height, 'the image of a polygon', options.limits);
      rles.push(rasterizePolygons(polygons, height, width));
      report.convert('polygon', 'mask', polygons.length);
    }
    // COCO keeps one segmentation per object: every mask of the group (its polygons painted as
    // one more) is merged into one RLE, which reads back as one mask
    const merged = masks.length + polygons.length - 1;
    report.drop(
      'merged mask',
      merged,
      'a COCO object has one segmentation: the masks of a group (and its polygons, painted) were merged into one RLE',
    );
    rle = rles.length === 1 ? rles[0] : mergeRle(rles);
    kept = undefined;
  }
  const compressed = options.rle === 'compressed' || (options.rle === 'keep' && held.hasString);
  elem.segmentation = {
    size: [rle.size[0], rle.size[1]],
    counts: compressed ? (original ?? rleToString(rle.counts)) : rle.counts,
  };
  elem.area = kept ?? rleArea(rle);
}

/** The segmentation as polygons (masks traced) and its area onto `elem`. */
function polygonSegmentation(
  held: HeldShapes,
  elem: Record<string, unknown>,
  image: ImageSize,
  kept: number | undefined,
  options: ObjectWriteOptions,
  report: ReportBuilder,
): void {
  const { masks, polygons } = held;
  const bbox = elem.bbox as Box;
  let parts = polygons;
  if (masks.length) {
    parts = polygons.slice();
    for (const m of masks) parts.push(...maskToPolygons(bitmapOf(m, options.limits)));
    report.convert('mask', 'polygon', masks.length);
  }
  elem.segmentation = parts;
  if (masks.length === 0 && kept !== undefined) elem.area = kept;
  else if (parts.length === 0) elem.area = bbox[2] * bbox[3];
  else {
    const { width, height } = canvasOf(masks, image, bbox);
    checkPixels(width, height, 'the image of a polygon', options.limits);
    elem.area = polygonsRasterArea(parts, height, width);
  }
}

function convertHeld(
  group: Annotation[],
  image: ImageSize,
  options: ObjectWriteOptions,
  report: ReportBuilder,
): ObjectResult {
  const held = gatherShapes(group, options.limits, report);
  if (!held) return undefined;
  const leader = leaderOf(held.shapes);
  const crowd = leader.attributes.is_crowd;
  const useMask = writesMask(held, options.segmentation, crowd);
  if (useMask) checkMasksFit(held.masks, image);
  const elem: Record<string, unknown> = {
    id: 0, // the caller fills id, image_id and category_id in (kept first for the order of keys)
    image_id: 0,
    category_id: 0,
    segmentation: undefined,
    area: 0,
    bbox: objectBox(held, report),
    // without is_crowd: a crowd when a mask is written as a mask (an object read from COCO carries
    // is_crowd only when it differs from that)
    iscrowd: typeof crowd === 'boolean' ? (crowd ? 1 : 0) : useMask && held.masks.length > 0 ? 1 : 0,
  };
  // the source's area stands when the segmentation is the source's own
  const kept = (leader as WithCocoArea)[COCO_AREA];
  if (useMask) maskSegmentation(held, elem, image, kept, options, report);
  else polygonSegmentation(held, elem, image, kept, options, report);
  attributeFields(leader.attributes, elem, options.allowAttributes, report);
  return { leader, elem };
}

function samePoints(a: number[], b: number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

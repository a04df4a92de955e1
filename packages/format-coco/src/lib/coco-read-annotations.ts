import {
  type Annotation,
  type Attributes,
  allocatePixels,
  type BinaryMask,
  checkPixels,
  type DatasetLimits,
  type FileTree,
  inFile,
  lazyMask,
  type Rle,
  rleMask,
  type Visibility,
} from '@labelport/core';
import { parseCocoRle, splitIndexMask } from '@labelport/core/geometry';
import {
  badField,
  checkNumbers,
  describeValue,
  intField,
  isObject,
  type JsonObject,
  listField,
  stringField,
} from '@labelport/core/json';
import { decodePng, pngToRgbInts } from '@labelport/core/png';
import { crowdField, readAttributes } from './coco-fields.js';
import { COCO_AREA, COCO_RLE_STRING, COCO_SEGMENT, type SegmentExtent } from './coco-symbols.js';

/** What reading the annotations of one image needs. */
export interface ImageContext {
  file: string;
  labels: Map<number, number>;
  width?: number;
  height?: number;
  /** Whether a file is in the dataset (from the listing). */
  exists?: (path: string) => boolean;
  /** The groups given so far to the objects of this image, from this file. */
  groups?: Set<number>;
  /** The caller's limits (options.limits): masks are decoded at their declared size only under them. */
  limits?: DatasetLimits;
}

/**
 * The group of an object: its id (0 included), so that the same object read from two task files of
 * one dataset (instances and person_keypoints) is one group; an id that an earlier object of the
 * image and file already has (a file with repeated ids) gets the next free number instead, so that
 * two objects never merge.
 */
function groupOf(id: number, ctx: ImageContext): number {
  const used = ctx.groups;
  if (!used) return id;
  let g = id;
  if (used.has(g)) {
    g = 0;
    for (const u of used) if (u >= g) g = u + 1;
  }
  used.add(g);
  return g;
}

function labelOf(a: JsonObject, ctx: ImageContext, place: string): number | undefined {
  const catId = intField(a, 'category_id', ctx.file, place);
  const label = ctx.labels.get(catId);
  // 0 is a category like any other when the list has it (Roboflow, labelme2coco number from 0);
  // else it means no label (Datumaro)
  if (label === undefined && catId === 0) return undefined;
  if (label === undefined)
    badField(ctx.file, `${place}.category_id`, `category ${catId} is not in 'categories'`);
  return label;
}

/** person_keypoints' `keypoints` (x, y, v triplets) as points and their visibility. */
function keypointsOf(
  a: JsonObject,
  file: string,
  place: string,
): { points: number[]; visibility: Visibility[] } {
  const kp = listField(a, 'keypoints', file, place);
  if (kp.length % 3 !== 0)
    badField(file, `${place}.keypoints`, `expected (x, y, v) triplets, got ${kp.length} numbers`);
  checkNumbers(kp, file, `${place}.keypoints`);
  const k = kp.length / 3;
  const points = new Array<number>(2 * k);
  const visibility = new Array<Visibility>(k);
  for (let i = 0; i < k; i++) {
    points[2 * i] = kp[3 * i] as number;
    points[2 * i + 1] = kp[3 * i + 1] as number;
    const v = kp[3 * i + 2];
    if (v !== 0 && v !== 1 && v !== 2)
      badField(
        file,
        `${place}.keypoints[${3 * i + 2}]`,
        `visibility must be 0, 1 or 2, got ${describeValue(v)}`,
      );
    visibility[i] = v;
  }
  return { points, visibility };
}

/** A polygon segmentation, checked: its parts (`[]` and `[[]]` mean "no segmentation", as Datumaro reads them). */
function polygonsOf(seg: unknown[], file: string, place: string): number[][] {
  if (seg.length === 0 || (seg.length === 1 && Array.isArray(seg[0]) && seg[0].length === 0)) return [];
  for (let p = 0; p < seg.length; p++) {
    const poly = seg[p];
    const pp = `${place}.segmentation[${p}]`;
    if (!Array.isArray(poly))
      badField(file, pp, `expected a polygon (a list of numbers), got ${describeValue(poly)}`);
    if (poly.length % 2 !== 0) badField(file, pp, `a polygon needs x, y pairs, got ${poly.length} numbers`);
    if (poly.length < 6) badField(file, pp, `a polygon needs at least 3 points, got ${poly.length / 2}`);
    checkNumbers(poly, file, pp);
  }
  return seg as number[][];
}

/** An RLE segmentation, checked against the pixel limit and the image's size. */
function rleOf(seg: JsonObject, ctx: ImageContext, place: string): Rle {
  const file = ctx.file;
  const rle = inFile(file, () => parseCocoRle(seg), `${place}.segmentation`);
  checkPixels(rle.size[1], rle.size[0], { file, place: `${place}.segmentation.size` }, ctx.limits);
  if (
    ctx.width !== undefined &&
    ctx.height !== undefined &&
    (rle.size[0] !== ctx.height || rle.size[1] !== ctx.width)
  ) {
    badField(
      file,
      `${place}.segmentation.size`,
      `mask size [${rle.size}] differs from the image's [${ctx.height}, ${ctx.width}] ([height, width])`,
    );
  }
  if (typeof seg.counts === 'string') (rle as { [COCO_RLE_STRING]?: string })[COCO_RLE_STRING] = seg.counts;
  return rle;
}

/** The object's box, checked; undefined for none (`[]`, or missing where a segmentation or keypoints stand for it). */
function boxOf(a: JsonObject, file: string, place: string, keypoints: boolean): number[] | undefined {
  const bbox = a.bbox;
  if (Array.isArray(bbox)) {
    if (bbox.length === 0) return undefined;
    if (bbox.length !== 4)
      badField(file, `${place}.bbox`, `expected 4 numbers [x, y, width, height], got ${bbox.length}`);
    return checkNumbers(bbox, file, `${place}.bbox`);
  }
  if (bbox !== undefined && bbox !== null)
    badField(file, `${place}.bbox`, `expected [x, y, width, height], got ${describeValue(bbox)}`);
  else if (!keypoints && a.segmentation === undefined) badField(file, place, `'bbox' is missing`);
  return undefined;
}

/**
 * One COCO object (instances, person_keypoints, stuff) as Datumaro reads it: a `points` for its
 * keypoints, one `polygon` per polygon part or one `mask` for an RLE, and a `bbox`, sharing the
 * object's id (0 included) as group, with `is_crowd` where it is not the default (and `score`, extra
 * `attributes`) on each.
 */
export function readObject(
  a: JsonObject,
  place: string,
  ctx: ImageContext,
  out: Annotation[],
  keypoints: boolean,
): void {
  const file = ctx.file;
  const id = intField(a, 'id', file, place);
  const label = labelOf(a, ctx, place);
  const group = groupOf(id, ctx);
  const attributes: Attributes = readAttributes(a, file, place);
  // is_crowd only where it says something: a crowd, or an RLE that is not one (the writer takes an
  // object without it as a crowd when its segmentation is a mask, else not), so that a conversion
  // does not report a default nobody set as a lost attribute
  const crowd = crowdField(a, file, place);
  const seg = a.segmentation;
  if (crowd || isObject(seg)) attributes.is_crowd = crowd;
  const area = typeof a.area === 'number' ? a.area : undefined;
  if (keypoints) {
    const { points, visibility } = keypointsOf(a, file, place);
    out.push({
      type: 'points',
      id,
      label,
      group,
      attributes,
      points,
      visibility,
      [COCO_AREA]: area,
    } as Annotation);
  }
  if (Array.isArray(seg)) {
    for (const points of polygonsOf(seg, file, place))
      out.push({ type: 'polygon', id, label, group, attributes, points, [COCO_AREA]: area } as Annotation);
  } else if (isObject(seg)) {
    const mask = rleMask(rleOf(seg, ctx, place));
    out.push({ type: 'mask', id, label, group, attributes, mask, [COCO_AREA]: area } as Annotation);
  } else if (seg !== undefined && seg !== null) {
    badField(file, `${place}.segmentation`, `expected polygons or an RLE object, got ${describeValue(seg)}`);
  }
  const b = boxOf(a, file, place, keypoints);
  if (b) {
    out.push({
      type: 'bbox',
      id,
      label,
      group,
      attributes,
      x: b[0],
      y: b[1],
      w: b[2],
      h: b[3],
      [COCO_AREA]: area,
    } as Annotation);
  }
}

export function readCaption(a: JsonObject, place: string, ctx: ImageContext, out: Annotation[]): void {
  const id = intField(a, 'id', ctx.file, place);
  const caption = stringField(a, 'caption', ctx.file, place);
  out.push({
    type: 'caption',
    id,
    group: groupOf(id, ctx),
    attributes: readAttributes(a, ctx.file, place),
    caption,
  });
}

export function readLabel(a: JsonObject, place: string, ctx: ImageContext, out: Annotation[]): void {
  const id = intField(a, 'id', ctx.file, place);
  const label = labelOf(a, ctx, place);
  out.push({
    type: 'label',
    id,
    label,
    group: groupOf(id, ctx),
    attributes: readAttributes(a, ctx.file, place),
  });
}

/**
 * A panoptic image entry: one `mask` per segment (id and group = the segment id, `is_crowd`), all
 * cut lazily out of the PNG where each pixel holds id = R + 256 G + 65536 B. The PNG is read and
 * split once, on the first mask asked for.
 */
export function readPanoptic(
  a: JsonObject,
  place: string,
  ctx: ImageContext,
  out: Annotation[],
  tree: FileTree,
  maskDir: string,
): void {
  const file = ctx.file;
  const pngName = stringField(a, 'file_name', file, place);
  const segments = listField(a, 'segments_info', file, place);
  const pngPath = maskDir === '' ? pngName : `${maskDir}/${pngName}`;
  if (ctx.exists && !ctx.exists(pngPath))
    badField(file, `${place}.file_name`, `the mask '${pngPath}' is not in the dataset`);
  let split: Promise<{ masks: Map<number, BinaryMask>; width: number; height: number }> | undefined;
  const load = () =>
    (split ??= tree.read(pngPath).then((bytes) =>
      inFile(pngPath, () => {
        const png = decodePng(bytes, { limits: ctx.limits });
        // pngToRgbInts gives r << 16 | g << 8 | b; COCO's segment id is r + 256 g + 65536 b
        const ids = pngToRgbInts(png);
        for (let i = 0; i < ids.length; i++) {
          const v = ids[i];
          ids[i] = (v >>> 16) | (v & 0xff00) | ((v & 0xff) << 16);
        }
        return {
          masks: splitIndexMask(ids, png.width, png.height, { ignore: [0] }),
          width: png.width,
          height: png.height,
        };
      }),
    ));
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s];
    const sp = `${place}.segments_info[${s}]`;
    if (!isObject(seg)) badField(file, sp, `expected an object, got ${describeValue(seg)}`);
    const segId = intField(seg, 'id', file, sp);
    const label = labelOf(seg, ctx, sp);
    const attributes: Attributes = crowdField(seg, file, sp) ? { is_crowd: true } : {};
    const mask = lazyMask(async () => {
      const { masks, width, height } = await load();
      return (
        masks.get(segId) ?? {
          width,
          height,
          data: allocatePixels(width, height, file, { limits: ctx.limits }),
        }
      );
    }); // the PNG's size may differ from the image's (Datumaro takes it as it is)
    const extent = segmentExtent(seg);
    out.push({
      type: 'mask',
      id: segId,
      label,
      group: segId,
      attributes,
      mask,
      [COCO_SEGMENT]: extent,
    } as Annotation);
  }
}

/**
 * A segment's `area` and `bbox` as segments_info gives them (what tells a segment repeating an
 * instances mask, coco-repeats.ts); undefined when either is missing or not numbers (never an error:
 * the reader does not need them).
 */
function segmentExtent(seg: JsonObject): SegmentExtent | undefined {
  const { area, bbox } = seg;
  if (typeof area !== 'number' || !Array.isArray(bbox) || bbox.length !== 4) return undefined;
  if (!bbox.every((v) => typeof v === 'number')) return undefined;
  return { area, bbox: bbox as SegmentExtent['bbox'] };
}

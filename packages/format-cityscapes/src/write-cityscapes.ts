import {
  type BinaryMask,
  checkPixels,
  DatasetError,
  type DatasetItem,
  type DatasetLimits,
  type DatasetSource,
  type FileSink,
  loadMask,
  type MaskAnnotation,
  maskSize,
  type PolygonAnnotation,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { joinPath, safeRelativePath } from '@labelport/core/files';
import { decodeRle, rasterizePolygon, renderIndexMask } from '@labelport/core/geometry';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import {
  backgroundFirst,
  formatLabelColors,
  type LabelMap,
  type Rgb,
  tiedByGroup,
} from '@labelport/core/meta';
import { encodeIndexPng16, encodePng } from '@labelport/core/png';
import { officialLabel } from './lib/cityscapes-labels.js';
import {
  GT_DIR,
  IMAGE_SUFFIX,
  IMAGES_DIR,
  INSTANCE_FACTOR,
  LABEL_COLORS_FILE,
  SUFFIX,
} from './lib/cityscapes-layout.js';

const GROUP_LOST = 'groups are not kept: Cityscapes holds each mask as its own object';

/** The largest label whose instances fit 16-bit instance ids (label * 1000 + n). */
const MAX_INSTANCE_LABEL = Math.floor(0xffff / INSTANCE_FACTOR);

interface Shape {
  a: MaskAnnotation | PolygonAnnotation;
  bitmap?: BinaryMask;
}

interface Plan {
  map: LabelMap;
  /** Source label index -> label id written (0 is the background). */
  ids: number[];
  palette: Rgb[];
  labelCount: number;
  limits: DatasetLimits;
  saveMedia: boolean;
  /** Which instanceIds values an item's image holds (set while painting, cleared after). */
  seen: Uint8Array;
}

export async function writeCityscapes(
  source: DatasetSource,
  out: FileSink,
  options: WriteOptions = {},
): Promise<WriteReport> {
  const ctx = readContext(options);
  const report = new ReportBuilder();
  const { map, ids, note } = backgroundFirst(
    source.categories.labels.map((l) => l.name),
    source.categories.colors,
  );
  if (note) report.warn(note);
  if (map.length > 256)
    throw new DatasetError(
      'bad-value',
      `Cityscapes labelIds PNGs hold 256 labels, the dataset has ${map.length}`,
    );
  const plan: Plan = {
    map,
    ids,
    palette: map.map(([, c]) => c ?? [0, 0, 0]),
    labelCount: source.categories.labels.length,
    limits: ctx.limits,
    saveMedia: options.saveMedia === true,
    seen: new Uint8Array(0x10000),
  };
  for await (const item of ctx.iter(source.items(), source.size)) {
    report.items++;
    await writeItem(item, out, plan, report);
  }
  await out.write(LABEL_COLORS_FILE, formatLabelColors(map, report));
  return report.build();
}

async function writeItem(item: DatasetItem, out: FileSink, plan: Plan, report: ReportBuilder) {
  const subset = safeRelativePath(item.subset);
  report.drop('item attribute', Object.keys(item.attributes).length);
  const imagePath = joinPath(IMAGES_DIR, subset, `${item.id}${IMAGE_SUFFIX}${mediaExtension(item, '.png')}`);
  const imageWritten = plan.saveMedia ? await saveMedia(item, out, imagePath, report) : false;
  const shapes = await collectShapes(item, plan, report);
  report.drop('group', tiedByGroup(shapes.map((s) => s.a)), GROUP_LOST);
  const first = shapes.find((s) => s.bitmap)?.bitmap;
  const width = item.media?.width ?? first?.width;
  const height = item.media?.height ?? first?.height;
  if (shapes.length === 0 || width === undefined || height === undefined) {
    // polygons, and no image size to draw them at
    report.drop('polygon', shapes.length, 'polygons of an item without an image size cannot be drawn');
    if (!imageWritten) report.drop('item', 1, 'items with nothing to write (no mask, no image) are left out');
    return;
  }
  checkPixels(width, height, `item ${item.id}`, plan.limits); // painted at this size
  for (const s of shapes) {
    if (s.a.type !== 'polygon') continue;
    s.bitmap = decodeRle(rasterizePolygon(s.a.points, height, width));
    report.convert('polygon', 'mask');
  }
  shapes.sort((x, y) => (x.a.zOrder ?? 0) - (y.a.zOrder ?? 0));
  const values = instanceValues(shapes, plan.ids, item.id);
  const layers = shapes.map((s, i) => ({ mask: s.bitmap as BinaryMask, value: values[i] }));
  // Pixels no mask covers are 0, the background (unlabeled).
  const instanceIds = renderIndexMask(width, height, layers, 0, Uint16Array);
  const base = joinPath(GT_DIR, subset, item.id);
  // Polygons are kept as such in *_gtFine_polygons.json too (read with `masks: 'polygons'`).
  const polygons = shapes.filter((x) => x.a.type === 'polygon').map((x) => x.a as PolygonAnnotation);
  if (polygons.length > 0)
    await out.write(`${base}${SUFFIX.polygons}`, polygonsJson(polygons, plan, width, height));
  await writeIdImages(out, base, { width, height, instanceIds }, plan);
  countUnreadable(values, plan.seen, report);
}

/**
 * Counts the masks that do not read back: the background's (its pixels are unlabeled), those painted
 * over by later ones, and all but one of the crowd masks of a label (one value, one mask). `seen`
 * holds the values painted; it is cleared for the next item.
 */
function countUnreadable(values: number[], seen: Uint8Array, report: ReportBuilder) {
  let background = 0;
  let hidden = 0;
  let merged = 0;
  for (const v of values) {
    if (v === 0) background++;
    else if (seen[v] === 0) hidden++;
    else if (seen[v] === 2) merged++;
    seen[v] = seen[v] === 0 ? 0 : 2;
  }
  for (const v of values) seen[v] = 0;
  seen[0] = 0;
  report.drop(
    'mask',
    background,
    "masks of the background label are not written: its pixels are Cityscapes' unlabeled (id 0)",
  );
  report.drop('mask', hidden, 'masks painted over entirely by later masks are dropped');
  report.drop(
    'mask',
    merged,
    'crowd masks (and polygons) of one label are written as one mask, its label id',
  );
}

/** The item's masks and polygons (loaded, within the pixel limit); what Cityscapes cannot hold is counted. */
async function collectShapes(item: DatasetItem, plan: Plan, report: ReportBuilder): Promise<Shape[]> {
  const shapes: Shape[] = [];
  for (const a of item.annotations) {
    if (a.type !== 'mask' && a.type !== 'polygon') {
      report.drop(a.type);
      continue;
    }
    if (a.label === undefined || a.label >= plan.labelCount) {
      report.drop(a.type, 1, `a ${a.type} without a label cannot be painted and is dropped`);
      continue;
    }
    for (const k of Object.keys(a.attributes)) if (k !== 'is_crowd') report.drop('attribute');
    if (a.objectId !== undefined) report.drop('objectId');
    // held to the caller's pixel limit before it is loaded (an RLE is decoded at its size)
    const declared = a.type === 'mask' ? maskSize(a.mask) : undefined;
    if (declared) checkPixels(declared.width, declared.height, `item ${item.id}`, plan.limits);
    shapes.push({ a, bitmap: a.type === 'mask' ? await loadMask(a.mask) : undefined });
  }
  return shapes;
}

/**
 * Each shape's value in `*_instanceIds.png`: its label id for a crowd (or a polygon), else label id *
 * 1000 + n, n the mask's id when it is 0..999 and free for its label, else the lowest free one.
 */
function instanceValues(shapes: Shape[], ids: number[], itemId: string): number[] {
  const used = new Set<number>();
  const values = shapes.map(({ a }) => {
    const label = ids[a.label as number]!;
    // The background (0) has no instances; crowds and polygons are their label's id.
    if (label === 0 || a.attributes.is_crowd === true || a.type === 'polygon') return label;
    if (label > MAX_INSTANCE_LABEL)
      throw new DatasetError(
        'bad-value',
        `label index ${label} is too large for 16-bit instance ids (${MAX_INSTANCE_LABEL} at most)`,
      );
    const id = a.id;
    const value = label * INSTANCE_FACTOR + (id ?? 0);
    if (id !== undefined && Number.isInteger(id) && id >= 0 && id < INSTANCE_FACTOR && !used.has(value)) {
      used.add(value);
      return value;
    }
    return -1 - label;
  });
  for (let i = 0; i < values.length; i++) {
    if (values[i] >= 0) continue;
    const label = -1 - values[i];
    let n = 0;
    while (used.has(label * INSTANCE_FACTOR + n)) n++;
    if (n >= INSTANCE_FACTOR)
      throw new DatasetError('too-large', `more than ${INSTANCE_FACTOR} instances of one label in ${itemId}`);
    used.add(label * INSTANCE_FACTOR + n);
    values[i] = label * INSTANCE_FACTOR + n;
  }
  return values;
}

/** `*_gtFine_polygons.json`: official label names, `<class>group` for crowds of a class with instances. */
function polygonsJson(
  polygons: PolygonAnnotation[],
  { map, ids }: Plan,
  width: number,
  height: number,
): string {
  const objects = polygons.map((p) => ({
    label: officialLabel(map[ids[p.label as number]!]![0], p.attributes.is_crowd === true),
    polygon: Array.from({ length: p.points.length / 2 }, (_, k) => [p.points[2 * k], p.points[2 * k + 1]]),
  }));
  return JSON.stringify({ imgHeight: height, imgWidth: width, objects }, null, 2);
}

/** `*_instanceIds.png` (16-bit), and the `*_labelIds.png` and `*_color.png` it gives; marks the values seen. */
async function writeIdImages(
  out: FileSink,
  base: string,
  image: { width: number; height: number; instanceIds: Uint8Array | Uint16Array | Uint32Array },
  { palette, seen }: Plan,
) {
  const { width, height, instanceIds } = image;
  const labelIds = new Uint8Array(instanceIds.length);
  const rgb = new Uint8Array(instanceIds.length * 3);
  for (let p = 0; p < instanceIds.length; p++) {
    const v = instanceIds[p];
    seen[v] = 1;
    const label = v >= INSTANCE_FACTOR ? Math.floor(v / INSTANCE_FACTOR) : v;
    labelIds[p] = label;
    rgb.set(palette[label], p * 3);
  }
  await out.write(`${base}${SUFFIX.instanceIds}`, encodeIndexPng16(width, height, instanceIds));
  await out.write(
    `${base}${SUFFIX.labelIds}`,
    encodePng({ width, height, colorType: 'gray', data: labelIds }),
  );
  await out.write(`${base}${SUFFIX.color}`, encodePng({ width, height, colorType: 'rgb', data: rgb }));
}

/**
 * VOC's mask PNGs of one item: masks, polygons (and for voc_segmentation, boxes) drawn into a class
 * and an instance palette PNG, later shapes over earlier ones.
 */
import {
  type Annotation,
  checkPixels,
  type DatasetItem,
  type DatasetLimits,
  type FileSink,
  loadMask,
  maskSize,
  type ReportBuilder,
  type Rle,
} from '@labelport/core';
import {
  type IndexMaskLayer,
  rasterizeBbox,
  rasterizePolygon,
  renderIndexMask,
} from '@labelport/core/geometry';
import { encodePng } from '@labelport/core/png';
import type { VocTask } from './labelmap.js';
import { VOC_PATHS } from './voc-layout.js';
import { encodeIndexPng } from './voc-masks.js';

export interface MaskContext {
  labelNames: string[];
  mapIndex: Map<string, number>;
  classPalette: [number, number, number][];
  instancePalette: [number, number, number][];
  used: Set<Annotation>;
  report: ReportBuilder;
  /** Gray PNGs of indices instead of palette PNGs. */
  gray: boolean;
  /** The caller's limits (options.limits): masks are painted at the item's size only under them. */
  limits?: DatasetLimits;
}

/** The size to draw an item's shapes at: its image's, else its first mask's; undefined (said) when none fits. */
async function canvasSize(
  item: DatasetItem,
  shapes: Annotation[],
  report: ReportBuilder,
  limits?: DatasetLimits,
): Promise<{ width: number; height: number } | undefined> {
  let width = item.media?.width;
  let height = item.media?.height;
  if (width === undefined || height === undefined) {
    for (const a of shapes) {
      if (a.type !== 'mask') continue;
      const s = maskSize(a.mask) ?? (await loadMask(a.mask));
      width = s.width;
      height = s.height;
      break;
    }
  }
  if (width === undefined || height === undefined) {
    report.warn(
      `item '${item.id}': polygons and boxes need the image size to be drawn as masks; the item has none`,
    );
    return undefined;
  }
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    report.warn(
      `item '${item.id}': the image size ${width}x${height} is not whole pixels; its masks are dropped`,
    );
    return undefined;
  }
  checkPixels(width, height, `item '${item.id}'`, limits);
  return { width, height };
}

/** The class and instance layers of the shapes, in drawing order (instances numbered from 1, at most 254). */
async function layersOf(
  item: DatasetItem,
  sorted: { a: Annotation }[],
  width: number,
  height: number,
  mc: MaskContext,
): Promise<{ classLayers: IndexMaskLayer[]; instanceLayers: IndexMaskLayer[]; instance: number }> {
  const classLayers: IndexMaskLayer[] = [];
  const instanceLayers: IndexMaskLayer[] = [];
  let instance = 0;
  for (const { a } of sorted) {
    if (instance === 254) {
      mc.report.warn(
        `item '${item.id}': VOC instance masks hold at most 254 instances; the rest are dropped`,
      );
      break;
    }
    const value = mc.mapIndex.get(mc.labelNames[a.label!])!;
    if (value > 255) {
      mc.report.warn(
        'VOC masks are 8-bit: labels past the 256th of the label map cannot be drawn; their masks are dropped',
      );
      continue;
    }
    let mask: Rle | { width: number; height: number; data: Uint8Array };
    if (a.type === 'mask') {
      // a mask of another size is told before it is loaded (an RLE is decoded at its own size)
      const m = maskSize(a.mask) ?? (await loadMask(a.mask));
      if (m.width !== width || m.height !== height) {
        mc.report.warn(
          `item '${item.id}': a ${m.width}x${m.height} mask does not match the image size ${width}x${height}`,
        );
        continue;
      }
      mask = await loadMask(a.mask);
    } else if (a.type === 'polygon') {
      mask = rasterizePolygon(a.points, height, width);
      mc.report.convert('polygon', 'mask');
    } else if (a.type === 'bbox') {
      mask = rasterizeBbox(a.x, a.y, a.w, a.h, height, width);
      mc.report.convert('bbox', 'mask');
    } else continue;
    mc.used.add(a);
    const attrCount = Object.keys(a.attributes).length;
    if (attrCount) {
      mc.report.drop('attribute', attrCount);
      mc.report.warn('VOC masks hold no attributes: the attributes of masks and polygons are dropped');
    }
    instance++;
    classLayers.push({ mask, value });
    instanceLayers.push({ mask, value: instance });
  }
  return { classLayers, instanceLayers, instance };
}

/**
 * The class image of an instance image (each instance's pixels get its class) and which instances
 * it holds: four pixels at a time, runs of the same four (the background, a large shape) mapped once.
 * The same as drawing the class layers, which are the instance layers with other values.
 */
function classesOf(inst: Uint8Array, classOf: Uint8Array): { cls: Uint8Array; seen: Uint8Array } {
  const seen = new Uint8Array(256);
  const cls = new Uint8Array(inst.length);
  let from = 0;
  if (inst.byteOffset % 4 === 0) {
    const words = new Uint32Array(inst.buffer, inst.byteOffset, inst.length >> 2);
    const out = new Uint32Array(cls.buffer, 0, words.length);
    let last = -1;
    let mapped = 0;
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if (w !== last) {
        last = w;
        const b0 = w & 255;
        const b1 = (w >>> 8) & 255;
        const b2 = (w >>> 16) & 255;
        const b3 = w >>> 24;
        seen[b0] = seen[b1] = seen[b2] = seen[b3] = 1;
        mapped = (classOf[b0] | (classOf[b1] << 8) | (classOf[b2] << 16) | (classOf[b3] << 24)) >>> 0;
      }
      out[i] = mapped;
    }
    from = words.length << 2;
  }
  for (let i = from; i < inst.length; i++) {
    seen[inst[i]] = 1;
    cls[i] = classOf[inst[i]];
  }
  return { cls, seen };
}

/** Renders an item's masks (and polygons, and for voc_segmentation boxes) into the two palette PNGs. */
export async function writeItemMasks(
  item: DatasetItem,
  task: VocTask,
  sink: FileSink,
  mc: MaskContext,
): Promise<boolean> {
  // A box in the group of a mask or polygon is that object's box (COCO's bbox), not a shape of its own.
  const shapeGroups = new Set(
    item.annotations
      .filter((a) => (a.type === 'mask' || a.type === 'polygon') && a.group !== undefined)
      .map((a) => a.group),
  );
  const shapes = item.annotations.filter(
    (a) =>
      a.type === 'mask' ||
      a.type === 'polygon' ||
      (task === 'voc_segmentation' &&
        a.type === 'bbox' &&
        !(a.group !== undefined && shapeGroups.has(a.group))),
  );
  if (shapes.length === 0) return false;
  const size = await canvasSize(item, shapes, mc.report, mc.limits);
  if (!size) return false;
  const { width, height } = size;
  const sorted = shapes
    .map((a, i) => ({ a, i }))
    .filter(({ a }) => {
      const name = a.label === undefined ? undefined : mc.labelNames[a.label];
      return name !== undefined && mc.mapIndex.has(name);
    })
    .sort((p, q) => (p.a.zOrder ?? 0) - (q.a.zOrder ?? 0) || p.i - q.i);
  const { classLayers, instanceLayers, instance } = await layersOf(item, sorted, width, height, mc);
  if (instance === 0) return false;
  const inst = renderIndexMask(width, height, instanceLayers) as Uint8Array;
  const classOf = new Uint8Array(256);
  for (let l = 0; l < classLayers.length; l++) classOf[instanceLayers[l].value] = classLayers[l].value;
  const { cls, seen } = classesOf(inst, classOf);
  // an instance that later (higher) masks cover entirely has no pixel left in the index image
  for (let v = 1; v <= instance; v++) {
    if (!seen[v]) {
      mc.report.drop('mask');
      mc.report.warn(
        `item '${item.id}': a mask (or polygon) entirely covered by higher ones has no pixel left and is lost`,
      );
    }
  }
  const encode = (indices: Uint8Array, palette: [number, number, number][]) =>
    mc.gray
      ? encodePng({ width, height, colorType: 'gray', data: indices })
      : encodeIndexPng(width, height, indices, palette);
  await sink.write(`${VOC_PATHS.classMasks}/${item.id}.png`, encode(cls, mc.classPalette));
  await sink.write(`${VOC_PATHS.instanceMasks}/${item.id}.png`, encode(inst, mc.instancePalette));
  // The box of an object drawn as its shape (COCO's bbox of a polygon) is kept by the shape: not a loss.
  for (const b of item.annotations) {
    if (b.type !== 'bbox' || b.group === undefined || !shapeGroups.has(b.group)) continue;
    if (shapes.some((a) => mc.used.has(a) && a.group === b.group && a.label === b.label)) mc.used.add(b);
  }
  return true;
}

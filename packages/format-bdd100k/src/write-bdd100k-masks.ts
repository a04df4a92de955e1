import {
  type Annotation,
  allocatePixels,
  type BinaryMask,
  type Categories,
  checkPixels,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type FileSink,
  type LabelCategory,
  loadMask,
  maskSize,
  type OptionValues,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { basename, joinPath, stripExtension } from '@labelport/core/files';
import { decodeRle, rasterizePolygon, vocColormap } from '@labelport/core/geometry';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { encodePng } from '@labelport/core/png';
import { PAN_SEG_FIRST_THING, SEM_SEG_CLASSES, SEM_SEG_COLORS } from './lib/bdd-categories.js';
import { classIds, type MaskTask, maskTaskCategories } from './lib/mask-tasks.js';
import type { maskWriteOptions } from './options.js';

export type MaskWriteOptions = OptionValues<typeof maskWriteOptions> & WriteOptions;

/** A polygon or mask annotation as pixels of the image. */
async function pixelsOf(
  a: Annotation,
  width: number,
  height: number,
  report: ReportBuilder,
): Promise<BinaryMask | undefined> {
  if (a.type === 'mask') {
    const m = await loadMask(a.mask);
    if (m.width !== width || m.height !== height) {
      report.drop('mask');
      report.warn(
        `masks of another size than their image are dropped (${m.width}x${m.height} on ${width}x${height})`,
      );
      return undefined;
    }
    return m;
  }
  if (a.type === 'polygon') {
    report.convert('polygon', 'mask');
    return decodeRle(rasterizePolygon(a.points, height, width));
  }
  report.drop(a.type);
  return undefined;
}

/** What painting one item's PNG needs: the item's annotations by score, and the task's tables. */
interface Painter {
  task: MaskTask;
  item: DatasetItem;
  width: number;
  height: number;
  /** The item's annotations, lower scores first (higher scores win where masks overlap). */
  anns: Annotation[];
  ids: Map<string, number>;
  labels: LabelCategory[];
  kept: Set<string>;
  report: ReportBuilder;
}

/** The class id written for the annotation's label, or undefined (dropped, and said) when the task has none. */
function classOf(p: Painter, a: Annotation): number | undefined {
  const n = a.label === undefined ? undefined : p.labels[a.label]?.name;
  const id = n === undefined ? undefined : p.ids.get(n);
  if (id === undefined) {
    p.report.drop(a.type);
    p.report.warn(
      `labels that are not ${p.task.id} categories are dropped${n === undefined ? '' : ` ('${n}')`}`,
    );
  }
  return id;
}

/** The annotation's class and pixels, or undefined when it cannot be painted (counted as dropped). */
async function paintable(p: Painter, a: Annotation) {
  if (a.type !== 'mask' && a.type !== 'polygon') {
    p.report.drop(a.type);
    return undefined;
  }
  const cls = classOf(p, a);
  if (cls === undefined) return undefined;
  const px = await pixelsOf(a, p.width, p.height, p.report);
  if (!px) return undefined;
  p.report.drop('attribute', Object.keys(a.attributes).filter((k) => !p.kept.has(k)).length);
  return { cls, px };
}

/** A 'masks' task's values: class ids over the background (lane: with its style and direction bits). */
async function paintClassMask(p: Painter): Promise<Uint8Array> {
  const out = allocatePixels(p.width, p.height, `item ${p.item.id}`).fill(p.task.background);
  for (const a of p.anns) {
    const paint = await paintable(p, a);
    if (!paint) continue;
    let value = paint.cls;
    if (p.task.id === 'lane') {
      value |= (a.attributes.laneStyle === 'dashed' ? 1 : 0) << 4;
      value |= (a.attributes.laneDirection === 'vertical' ? 1 : 0) << 5;
    }
    const data = paint.px.data;
    for (let i = 0; i < data.length; i++) if (data[i]) out[i] = value;
  }
  return out;
}

/**
 * Instance ids: the annotation's own (objectId for tracks, id otherwise) when it fits and is free, else
 * the next free one (ins_seg counts from 1, pan_seg things from 31; stuff uses its category id).
 */
function instanceIds(p: Painter) {
  const tracks = p.task.id === 'seg_track';
  const own = (a: Annotation) => (tracks ? a.objectId : a.id);
  const used = new Set<number>();
  for (const a of p.anns) {
    const v = own(a);
    if (v !== undefined && Number.isInteger(v) && v > 0 && v <= 0xffff) used.add(v);
  }
  let running = p.task.id === 'pan_seg' ? PAN_SEG_FIRST_THING - 1 : 0;
  const taken = new Set<number>();
  return (a: Annotation, cls: number): number => {
    let instance: number;
    const mine = own(a);
    if (p.task.id === 'pan_seg' && cls < PAN_SEG_FIRST_THING) instance = cls;
    else if (mine !== undefined && used.has(mine) && (tracks || !taken.has(mine))) instance = mine;
    else {
      do running++;
      while (used.has(running));
      instance = running;
    }
    taken.add(instance);
    if (!Number.isInteger(instance) || instance < 0 || instance > 0xffff) {
      throw new DatasetError(
        'bad-value',
        `item '${p.item.id}': instance id ${instance} does not fit a bitmask (0..65535)`,
      );
    }
    return instance;
  };
}

/** A 'bitmasks' task's RGBA: category in R, attribute bits in G, the instance id in B (high) and A. */
async function paintBitmask(p: Painter): Promise<Uint8Array> {
  const out = allocatePixels(p.width, p.height, `item ${p.item.id}`, { channels: 4 });
  const instanceOf = instanceIds(p);
  for (const a of p.anns) {
    const paint = await paintable(p, a);
    if (!paint) continue;
    const { cls } = paint;
    const instance = instanceOf(a, cls);
    const at = a.attributes;
    const g =
      (at.truncated ? 8 : 0) |
      (at.occluded ? 4 : 0) |
      (at.crowd || at.is_crowd ? 2 : 0) |
      (at.ignored ? 1 : 0);
    const data = paint.px.data;
    for (let i = 0; i < data.length; i++) {
      if (!data[i]) continue;
      const o = i * 4;
      out[o] = cls;
      out[o + 1] = g;
      out[o + 2] = instance >> 8;
      out[o + 3] = instance & 0xff;
    }
  }
  return out;
}

/** The item's PNG (and its colormap PNG with `colormaps`). */
async function writeItemPngs(
  p: Painter,
  sink: FileSink,
  categories: Categories,
  path: { video: string | undefined; name: string },
  colormaps: boolean,
): Promise<void> {
  const { task, item, width, height } = p;
  const dir = joinPath('labels', task.dir, task.kind, item.subset, path.video ?? '');
  const file = `${path.name}.png`;
  const bitmask = task.kind === 'bitmasks';
  const out = bitmask ? await paintBitmask(p) : await paintClassMask(p);
  await sink.write(
    joinPath(dir, file),
    encodePng({ width, height, colorType: bitmask ? 'rgba' : 'gray', data: out }),
  );
  if (!colormaps) return;
  let values = out;
  if (bitmask) {
    values = allocatePixels(width, height, `item ${item.id}`);
    for (let i = 0; i < values.length; i++) values[i] = out[i * 4]!;
  }
  const cdir = joinPath('labels', task.dir, 'colormaps', item.subset, path.video ?? '');
  await sink.write(joinPath(cdir, file), colormapPng(task, categories, values, width, height));
}

/**
 * Writes a BDD100K mask task: `labels/<task>/<masks|bitmasks>/<subset>/[<video>/]<name>.png`, one per
 * item, values as the task defines them (class ids with a background; lane bit fields; RGBA bitmasks with
 * the category in R, attribute bits in G, the instance id in B and A).
 */
export async function writeMaskTask(
  source: DatasetSource,
  sink: FileSink,
  task: MaskTask,
  options: MaskWriteOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const ids = classIds(task);
  const labels = source.categories.labels;
  const kept = new Set(task.kept);
  const ctx = readContext(options);
  for await (const item of ctx.iter(source.items(), source.size)) {
    report.items++;
    const video = task.video ? videoOf(item) : undefined;
    const name = frameName(item);
    const size = sizeOf(item);
    if (!size) {
      for (const a of item.annotations) report.drop(a.type);
      report.warn('items with no image size and no mask get no PNG');
      continue;
    }
    const { width, height } = size;
    // Every mask of the item is painted at the image's size: held to the pixel limit first.
    checkPixels(width, height, `item ${item.id}`, ctx.limits);
    const anns = item.annotations
      .map((a, i) => ({ a, i }))
      .sort((x, y) => scoreOf(x.a) - scoreOf(y.a) || x.i - y.i)
      .map((x) => x.a);
    const painter: Painter = { task, item, width, height, anns, ids, labels, kept, report };
    await writeItemPngs(painter, sink, source.categories, { video, name }, options.colormaps === true);
    if (options.saveMedia) {
      const path = joinPath(
        task.imagesDir,
        item.subset,
        video ?? '',
        `${name}${mediaExtension(item, '.jpg')}`,
      );
      await saveMedia(item, sink, path, report);
    }
  }
  return report.build();
}

const scoreOf = (a: Annotation) =>
  typeof a.attributes.score === 'number' ? a.attributes.score : Number.NEGATIVE_INFINITY;

function videoOf(item: DatasetItem): string {
  const i = item.id.lastIndexOf('/');
  return i > 0
    ? item.id.slice(0, i)
    : typeof item.attributes.videoName === 'string'
      ? item.attributes.videoName
      : 'video';
}

function frameName(item: DatasetItem): string {
  return item.media?.path ? stripExtension(basename(item.media.path)) : basename(item.id);
}

function sizeOf(item: DatasetItem): { width: number; height: number } | undefined {
  if (item.media?.width && item.media.height) return { width: item.media.width, height: item.media.height };
  for (const a of item.annotations) {
    if (a.type === 'mask') {
      const s = maskSize(a.mask);
      if (s) return s;
    }
  }
  return undefined;
}

/** BDD100K's visual colormap: a palette PNG over the same values (lane: by the value's low 4 bits). */
function colormapPng(
  task: MaskTask,
  categories: Categories,
  values: Uint8Array,
  width: number,
  height: number,
): Uint8Array {
  const palette: [number, number, number][] = Array.from(
    { length: 256 },
    () => [0, 0, 0] as [number, number, number],
  );
  const colors = maskTaskCategories(task).colors ?? categories.colors;
  if (task.id === 'lane') {
    const lane: [number, number, number][] = [
      [0, 0, 0],
      [255, 0, 0],
      [0, 0, 255],
      [255, 255, 0],
      [0, 255, 0],
      [255, 0, 255],
      [0, 255, 255],
      [255, 255, 255],
    ];
    for (let v = 0; v < 256; v++) palette[v] = (v >> 3) & 1 ? [0, 0, 0] : lane[v & 7]!;
  } else if (task.kind === 'bitmasks') {
    // Category ids (1-based): the Cityscapes colour of the class where sem_seg has it, else VOC's colour map.
    const voc = vocColormap(256);
    for (const [n, id] of classIds(task)) {
      const k = SEM_SEG_CLASSES.indexOf(n === 'pedestrian' ? 'person' : n);
      palette[id] = k >= 0 ? SEM_SEG_COLORS[k]! : voc[id]!;
    }
  } else if (colors) {
    for (const [i, c] of colors) if (i < 256) palette[i] = c;
  }
  return encodePng({ width, height, colorType: 'palette', data: values, palette });
}

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
import { decodeRle, rasterizePolygon } from '@labelport/core/geometry';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { tiedByGroup } from '@labelport/core/meta';
import { encodePng } from '@labelport/core/png';
import { PAN_SEG_FIRST_THING } from './lib/bdd-categories.js';
import { colormapPng } from './lib/mask-colormap.js';
import { classIds, type MaskTask } from './lib/mask-tasks.js';
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

/** What painting one item's PNG needs: the item's annotations in painting order, and the task's tables. */
interface Painter {
  task: MaskTask;
  item: DatasetItem;
  width: number;
  height: number;
  /** The item's annotations in painting order (see paintingOrder): a later one wins where masks overlap. */
  anns: Annotation[];
  ids: Map<string, number>;
  labels: LabelCategory[];
  kept: Set<string>;
  report: ReportBuilder;
  /** The value each painted annotation reads back by (class value; category << 16 | instance), in order. */
  painted: number[];
  /** The annotations painted, in the same order. */
  shapes: Annotation[];
  /** How each painted value reads back: the annotations painted with it are one mask (see countUnreadable). */
  merges: Map<number, 'class' | 'track'>;
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
    p.painted.push(value);
    p.shapes.push(a);
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
    const key = (cls << 16) | instance;
    p.painted.push(key);
    p.shapes.push(a);
    // a stuff class of pan_seg is one segment; one track of seg_track in a frame is one object
    if (!p.merges.has(key)) p.merges.set(key, p.task.id === 'seg_track' ? 'track' : 'class');
  }
  return out;
}

/** The values the painted PNG holds (what reads back as masks): class values, or category << 16 | instance. */
function valuesIn(out: Uint8Array, bitmask: boolean): Set<number> {
  const present = new Set<number>();
  let last = -1;
  if (!bitmask) {
    for (let i = 0; i < out.length; i++) {
      const v = out[i]!;
      if (v === last) continue;
      last = v;
      present.add(v);
    }
    return present;
  }
  for (let o = 0; o < out.length; o += 4) {
    if (out[o] === 0) continue;
    const key = (out[o]! << 16) | (out[o + 2]! << 8) | out[o + 3]!;
    if (key === last) continue;
    last = key;
    present.add(key);
  }
  return present;
}

/**
 * Counts the painted masks that do not read back (one mask per value of the PNG): those painted over
 * entirely by later ones, and all but one of those painted with one value (the masks of one class in a
 * 'masks' task; stuff of one pan_seg class; one track id twice in a seg_track frame).
 */
function countUnreadable(p: Painter, present: Set<number>): void {
  let hidden = 0;
  let merged = 0;
  let tracks = 0;
  const seen = new Set<number>();
  for (const v of p.painted) {
    if (!present.has(v)) hidden++;
    else if (!seen.has(v)) seen.add(v);
    else if (p.merges.get(v) === 'track') tracks++;
    else merged++;
  }
  const { report, task } = p;
  report.drop('group', tiedByGroup(p.shapes), `groups are not kept: a BDD100K ${task.id} PNG holds no group`);
  report.drop('mask', hidden, 'masks painted over entirely by later masks are dropped');
  report.drop(
    'mask',
    merged,
    task.kind === 'masks'
      ? `masks of one class are one mask in a BDD100K ${task.id} PNG (its pixels hold class ids)`
      : 'masks of one pan_seg stuff class are one segment (its instance id is the category id)',
  );
  report.drop(
    'merged mask',
    tracks,
    'masks of one track in one frame are one mask in a seg_track bitmask (the instance id is the track id)',
  );
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
  countUnreadable(p, valuesIn(out, bitmask));
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
    const anns = paintingOrder(item.annotations);
    const painter: Painter = {
      task,
      item,
      width,
      height,
      anns,
      ids,
      labels,
      kept,
      report,
      painted: [],
      shapes: [],
      merges: new Map(),
    };
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

/**
 * The order masks are painted in, a later one over an earlier: by z-order, then by score (BDD100K's
 * own merge of predictions paints higher scores over lower ones), then as given.
 */
function paintingOrder(annotations: Annotation[]): Annotation[] {
  return annotations
    .map((a, i) => ({ a, i }))
    .sort((x, y) => (x.a.zOrder ?? 0) - (y.a.zOrder ?? 0) || scoreOf(x.a) - scoreOf(y.a) || x.i - y.i)
    .map((x) => x.a);
}

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

import type { OptionValues } from '@labelport/core';
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
  type IoOptions,
  loadMask,
  maskSize,
  ReportBuilder,
  readContext,
  type WriteReport,
} from '@labelport/core';
import { basename, joinPath, stripExtension } from '@labelport/core/files';
import { decodeRle, rasterizePolygon, vocColormap } from '@labelport/core/geometry';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { encodePng } from '@labelport/core/png';
import type { maskWriteOptions } from '../options.js';
import {
  DRIVABLE_CLASSES,
  LANE_CLASSES,
  leafLabels,
  PAN_SEG_CLASSES,
  PAN_SEG_FIRST_THING,
  SEM_SEG_CLASSES,
  SEM_SEG_COLORS,
  TRACK_TREE,
} from './bdd-categories.js';
import type { MaskTask } from './mask-layout.js';
import { maskTaskCategories } from './read-masks.js';

export type MaskWriteOptions = OptionValues<typeof maskWriteOptions> & IoOptions;

/** The class ids of a task by label name: the value written for each name. */
function classIds(task: MaskTask): Map<string, number> {
  const names =
    task.id === 'sem_seg'
      ? SEM_SEG_CLASSES
      : task.id === 'drivable'
        ? DRIVABLE_CLASSES
        : task.id === 'lane'
          ? LANE_CLASSES
          : task.id === 'pan_seg'
            ? PAN_SEG_CLASSES
            : leafLabels(TRACK_TREE).map((l) => l.name);
  const offset = task.kind === 'bitmasks' ? 1 : 0;
  return new Map(names.map((n, i) => [n, i + offset]));
}

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
  // The attributes the PNGs hold; any other is reported as dropped.
  const kept = new Set(
    task.id === 'lane'
      ? ['laneStyle', 'laneDirection']
      : task.kind === 'bitmasks'
        ? ['truncated', 'occluded', 'crowd', 'is_crowd', 'ignored']
        : [],
  );
  let done = 0;
  const ctx = readContext(options);
  for await (const item of source.items()) {
    ctx.check();
    report.items++;
    const video = task.video ? videoOf(item) : undefined;
    const name = frameName(item);
    const size = sizeOf(item);
    const dir = joinPath('labels', task.dir, task.kind, item.subset, video ?? '');
    if (!size) {
      for (const a of item.annotations) report.drop(a.type);
      report.warn('items with no image size and no mask get no PNG');
      continue;
    }
    const { width, height } = size;
    // Every mask of the item is painted at the image's size: held to the pixel limit first.
    checkPixels(width, height, `item ${item.id}`, ctx.limits);
    // Lower scores are drawn first, so higher scores win where masks overlap.
    const anns = item.annotations
      .map((a, i) => ({ a, i }))
      .sort((x, y) => scoreOf(x.a) - scoreOf(y.a) || x.i - y.i)
      .map((x) => x.a);
    const classOf = (a: Annotation): number | undefined => {
      const n = a.label === undefined ? undefined : labels[a.label]?.name;
      const id = n === undefined ? undefined : ids.get(n);
      if (id === undefined) {
        report.drop(a.type);
        report.warn(
          `labels that are not ${task.id} categories are dropped${n === undefined ? '' : ` ('${n}')`}`,
        );
      }
      return id;
    };
    if (task.kind === 'masks') {
      const background = task.id === 'drivable' ? 2 : 255;
      const out = allocatePixels(width, height, `item ${item.id}`).fill(background);
      for (const a of anns) {
        if (a.type !== 'mask' && a.type !== 'polygon') {
          report.drop(a.type);
          continue;
        }
        const cls = classOf(a);
        if (cls === undefined) continue;
        const px = await pixelsOf(a, width, height, report);
        if (!px) continue;
        report.drop('attribute', Object.keys(a.attributes).filter((k) => !kept.has(k)).length);
        let value = cls;
        if (task.id === 'lane') {
          value |= (a.attributes.laneStyle === 'dashed' ? 1 : 0) << 4;
          value |= (a.attributes.laneDirection === 'vertical' ? 1 : 0) << 5;
        }
        for (let p = 0; p < px.data.length; p++) if (px.data[p]) out[p] = value;
      }
      await sink.write(
        joinPath(dir, `${name}.png`),
        encodePng({ width, height, colorType: 'gray', data: out }),
      );
      if (options.colormaps) {
        const cdir = joinPath('labels', task.dir, 'colormaps', item.subset, video ?? '');
        await sink.write(
          joinPath(cdir, `${name}.png`),
          colormapPng(task, source.categories, out, width, height),
        );
      }
    } else {
      const out = allocatePixels(width, height, `item ${item.id}`, { channels: 4 });
      // Instance ids: the annotation's own (objectId for tracks, id otherwise) when it fits and is free,
      // else the next free one (ins_seg counts from 1, pan_seg things from 31; stuff uses its category id).
      const used = new Set<number>();
      const own = (a: Annotation) => (task.id === 'seg_track' ? a.objectId : a.id);
      for (const a of anns) {
        const v = own(a);
        if (v !== undefined && Number.isInteger(v) && v > 0 && v <= 0xffff) used.add(v);
      }
      let running = task.id === 'pan_seg' ? PAN_SEG_FIRST_THING - 1 : 0;
      const nextFree = () => {
        do running++;
        while (used.has(running));
        return running;
      };
      const taken = new Set<number>();
      for (const a of anns) {
        if (a.type !== 'mask' && a.type !== 'polygon') {
          report.drop(a.type);
          continue;
        }
        const cls = classOf(a);
        if (cls === undefined) continue;
        const px = await pixelsOf(a, width, height, report);
        if (!px) continue;
        report.drop('attribute', Object.keys(a.attributes).filter((k) => !kept.has(k)).length);
        let instance: number;
        const mine = own(a);
        if (task.id === 'pan_seg' && cls < PAN_SEG_FIRST_THING) instance = cls;
        else if (mine !== undefined && used.has(mine) && (task.id === 'seg_track' || !taken.has(mine)))
          instance = mine;
        else instance = nextFree();
        taken.add(instance);
        if (!Number.isInteger(instance) || instance < 0 || instance > 0xffff) {
          throw new DatasetError(
            'bad-value',
            `item '${item.id}': instance id ${instance} does not fit a bitmask (0..65535)`,
          );
        }
        const at = a.attributes;
        const g =
          (at.truncated ? 8 : 0) |
          (at.occluded ? 4 : 0) |
          (at.crowd || at.is_crowd ? 2 : 0) |
          (at.ignored ? 1 : 0);
        for (let p = 0; p < px.data.length; p++) {
          if (!px.data[p]) continue;
          const o = p * 4;
          out[o] = cls;
          out[o + 1] = g;
          out[o + 2] = instance >> 8;
          out[o + 3] = instance & 0xff;
        }
      }
      await sink.write(
        joinPath(dir, `${name}.png`),
        encodePng({ width, height, colorType: 'rgba', data: out }),
      );
      if (options.colormaps) {
        const categories = allocatePixels(width, height, `item ${item.id}`);
        for (let p = 0; p < categories.length; p++) categories[p] = out[p * 4]!;
        const cdir = joinPath('labels', task.dir, 'colormaps', item.subset, video ?? '');
        await sink.write(
          joinPath(cdir, `${name}.png`),
          colormapPng(task, source.categories, categories, width, height),
        );
      }
    }
    if (options.saveMedia) {
      const path = joinPath(
        task.imagesDir,
        item.subset,
        video ?? '',
        `${name}${mediaExtension(item, '.jpg')}`,
      );
      await saveMedia(item, sink, path, report);
    }
    options.onProgress?.(++done);
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

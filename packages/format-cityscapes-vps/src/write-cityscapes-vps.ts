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
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { joinPath, safeRelativePath } from '@labelport/core/files';
import { renderIndexMask } from '@labelport/core/geometry';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { tiedByGroup } from '@labelport/core/meta';
import { encodeIndexPng16, encodePng } from '@labelport/core/png';
import type { CityscapesVpsWriteOptions } from './cityscapes-vps.js';
import {
  idToRgb,
  parseVpsId,
  VPS_CATEGORIES,
  VPS_ISTHING_INFO,
  type VpsCategory,
} from './lib/vps-categories.js';
import { FACTOR, gtJson, imJson, VOID } from './lib/vps-layout.js';

interface SplitOut {
  images: Record<string, unknown>[];
  annotations: Record<string, unknown>[];
}

/** video -> segment id -> instance number, so that a track keeps its panoptic_inst value across frames. */
type Tracks = Map<string, { bySegment: Map<number, number>; next: Map<number, number> }>;

interface Writing {
  out: FileSink;
  report: ReportBuilder;
  cats: VpsCategory[];
  splits: Map<string, SplitOut>;
  tracks: Tracks;
  limits: DatasetLimits;
  options: CityscapesVpsWriteOptions & WriteOptions;
  renumbered: number;
}

interface Loaded {
  m: MaskAnnotation;
  bitmap: BinaryMask;
}

/** The categories to write: the dataset's labels, with VPS's supercategory, isthing and colour for known names. */
function categoriesOf(source: DatasetSource): VpsCategory[] {
  const isthingInfo = (source.infos?.[VPS_ISTHING_INFO] ?? {}) as Record<string, unknown>;
  const known = new Map(VPS_CATEGORIES.map((c) => [c.name, c]));
  const cats = source.categories.labels.map((l, i): VpsCategory => {
    const k = known.get(l.name);
    const flag = isthingInfo[l.name];
    return {
      id: i,
      name: l.name,
      supercategory: k?.supercategory ?? '',
      isthing: flag === undefined ? (k?.isthing ?? 0) : flag ? 1 : 0,
      color: source.categories.colors?.get(i) ?? k?.color ?? [0, 0, 0],
    };
  });
  if (cats.length > 65)
    throw new DatasetError(
      'bad-value',
      `panoptic_inst PNGs (16-bit, category * 1000 + n) hold 65 categories, the dataset has ${cats.length}`,
    );
  return cats;
}

export async function writeCityscapesVps(
  source: DatasetSource,
  out: FileSink,
  options: CityscapesVpsWriteOptions & WriteOptions = {},
): Promise<WriteReport> {
  const ctx = readContext(options);
  const w: Writing = {
    out,
    report: new ReportBuilder(),
    cats: categoriesOf(source),
    splits: new Map(),
    tracks: new Map(),
    limits: ctx.limits,
    options,
    renumbered: 0,
  };
  for await (const item of ctx.iter(source.items(), source.size)) {
    w.report.items++;
    await writeFrame(item, w);
  }
  if (w.renumbered > 0)
    w.report.warn(`${w.renumbered} masks had no usable track id and got a new segment id`);
  const categories = w.cats.map(({ id, name, supercategory, isthing, color }) => ({
    id,
    name,
    supercategory,
    isthing,
    color,
  }));
  for (const [split, s] of w.splits) {
    await out.write(
      gtJson(split),
      JSON.stringify({ images: s.images, annotations: s.annotations, categories }),
    );
    await out.write(imJson(split), JSON.stringify({ images: s.images, categories }));
  }
  return w.report.build();
}

async function writeFrame(item: DatasetItem, w: Writing) {
  const { report, options } = w;
  const split = safeRelativePath(item.subset === 'default' ? (options.defaultSplit ?? 'val') : item.subset);
  let s = w.splits.get(split);
  if (!s) {
    s = { images: [], annotations: [] };
    w.splits.set(split, s);
  }
  for (const k of Object.keys(item.attributes))
    if (k !== 'video_id' && k !== 'unlabelled') report.drop('item attribute');
  const original = /_leftImg8bit\.[^/.]+$/.test(item.media?.path ?? '');
  const imageName = `${item.id}${original ? '_leftImg8bit' : '_newImg8bit'}${mediaExtension(item, '.png')}`;
  const maskName = `${item.id}${original ? '_gtFine_color' : '_final_mask'}.png`;
  if (options.saveMedia) await saveMedia(item, w.out, joinPath(split, 'img', imageName), report);
  const masks = await loadMasks(item, w);
  report.drop('group', tiedByGroup(masks.map((x) => x.m)), 'groups are not kept: a VPS segment is one mask');
  const width = masks[0]?.bitmap.width ?? item.media?.width;
  const height = masks[0]?.bitmap.height ?? item.media?.height;
  if (width === undefined || height === undefined) {
    report.drop('item', 1, 'frames with no mask and no image size cannot be written');
    return;
  }
  checkPixels(width, height, `item ${item.id}`, w.limits); // painted at this size
  s.images.push({ id: item.id, width, height, file_name: imageName });
  if (item.attributes.unlabelled === true && masks.length === 0) return;

  masks.sort((a, b) => (a.m.zOrder ?? 0) - (b.m.zOrder ?? 0));
  const segIds = segmentIds(masks, w);
  const ids = renderIndexMask(
    width,
    height,
    masks.map(({ bitmap }, i) => ({ mask: bitmap, value: segIds[i] })),
    0,
    Uint32Array,
  );
  const area = new Map<number, number>();
  const rgb = new Uint8Array(ids.length * 3);
  for (let i = 0; i < ids.length; i++) {
    const v = ids[i];
    if (v) area.set(v, (area.get(v) ?? 0) + 1);
    rgb.set(idToRgb(v), i * 3);
  }
  const inst = instanceImage(item, masks, segIds, width, height, w);
  await w.out.write(
    joinPath(split, 'panoptic_video', maskName),
    encodePng({ width, height, colorType: 'rgb', data: rgb }),
  );
  await w.out.write(joinPath(split, 'panoptic_inst', maskName), encodeIndexPng16(width, height, inst));
  const segments = masks.map(({ m }, i) => ({
    id: segIds[i],
    category_id: w.cats[m.label as number].id,
    iscrowd: m.attributes.is_crowd === true ? 1 : 0,
    area: area.get(segIds[i]) ?? 0,
  }));
  const visible = segments.filter((seg) => seg.area > 0);
  report.drop(
    'mask',
    segments.length - visible.length,
    'masks painted over entirely by later masks are dropped',
  );
  s.annotations.push({ image_id: item.id, file_name: maskName, segments_info: visible });
}

/** The frame's masks, loaded (within the pixel limit); what VPS cannot hold is counted. */
async function loadMasks(item: DatasetItem, w: Writing): Promise<Loaded[]> {
  const masks: Loaded[] = [];
  for (const a of item.annotations) {
    if (a.type !== 'mask') {
      w.report.drop(a.type);
      continue;
    }
    if (a.label === undefined || a.label >= w.cats.length) {
      w.report.drop('mask', 1, 'masks without a label cannot be written (a segment needs a category)');
      continue;
    }
    for (const k of Object.keys(a.attributes)) if (k !== 'is_crowd') w.report.drop('attribute');
    const declared = maskSize(a.mask); // held to the caller's pixel limit before it is loaded
    if (declared) checkPixels(declared.width, declared.height, `item ${item.id}`, w.limits);
    masks.push({ m: a, bitmap: await loadMask(a.mask) });
  }
  return masks;
}

/** Segment ids: the track id (objectId), else the mask id, when it fits 24 bits and is free in this frame. */
function segmentIds(masks: Loaded[], w: Writing): number[] {
  const used = new Set<number>();
  const fits = (v?: number) => v !== undefined && Number.isInteger(v) && v > 0 && v < 2 ** 24 && !used.has(v);
  const segIds = masks.map(({ m }) => {
    const v = fits(m.objectId) ? m.objectId : fits(m.id) ? m.id : undefined;
    if (v !== undefined) used.add(v);
    return v ?? -1;
  });
  let next = 1;
  for (let i = 0; i < segIds.length; i++) {
    if (segIds[i] > 0) continue;
    while (used.has(next)) next++;
    segIds[i] = next;
    used.add(next);
    w.renumbered++;
  }
  return segIds;
}

/** panoptic_inst: stuff = category id, thing = category * 1000 + instance (per video), void = 255. */
function instanceImage(
  item: DatasetItem,
  masks: Loaded[],
  segIds: number[],
  width: number,
  height: number,
  w: Writing,
) {
  const video = String(item.attributes.video_id ?? parseVpsId(item.id)?.video ?? '');
  let track = w.tracks.get(video);
  if (!track) {
    track = { bySegment: new Map(), next: new Map() };
    w.tracks.set(video, track);
  }
  const instValue = masks.map(({ m }, i) => {
    const cat = w.cats[m.label as number];
    if (!cat.isthing) return cat.id;
    let n = track.bySegment.get(segIds[i]);
    if (n === undefined) {
      n = track.next.get(cat.id) ?? 0;
      if (n >= FACTOR)
        throw new DatasetError('too-large', `more than ${FACTOR} ${cat.name} tracks in video ${video}`);
      track.next.set(cat.id, n + 1);
      track.bySegment.set(segIds[i], n);
    }
    return cat.id * FACTOR + n;
  });
  return renderIndexMask(
    width,
    height,
    masks.map(({ bitmap }, i) => ({ mask: bitmap, value: instValue[i] })),
    VOID,
    Uint16Array,
  );
}

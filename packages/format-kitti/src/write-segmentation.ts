import {
  allocatePixels,
  checkPixels,
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
import {
  backgroundFirst,
  formatLabelColors,
  type LabelMap,
  type Rgb,
  tiedByGroup,
} from '@labelport/core/meta';
import { encodeIndexPng16, encodePng } from '@labelport/core/png';
import { INSTANCE_BITS, instanceNumbers } from './lib/kitti-instances.js';
import {
  IMAGES_DIR,
  INSTANCES_DIR,
  LABEL_COLORS_FILE,
  SEMANTIC_DIR,
  SEMANTIC_RGB_DIR,
} from './lib/kitti-layout.js';

interface Writing {
  out: FileSink;
  report: ReportBuilder;
  map: LabelMap;
  /** Source label index -> label id written (0 is the background). */
  ids: number[];
  colors: Rgb[];
  /** Which instance values an item's image holds (set while painting, cleared after). */
  seen: Uint8Array;
  limits: DatasetLimits;
  saveMedia: boolean;
  renumbered: number;
}

export async function writeKittiSegmentation(
  source: DatasetSource,
  out: FileSink,
  options: WriteOptions = {},
): Promise<WriteReport> {
  const ctx = readContext(options);
  const names = source.categories.labels.map((l) => l.name);
  const { map, ids, note } = backgroundFirst(names, source.categories.colors);
  const w: Writing = {
    out,
    report: new ReportBuilder(),
    map,
    ids,
    seen: new Uint8Array(0x10000),
    colors: map.map(([, c]) => c ?? [0, 0, 0]),
    limits: ctx.limits,
    saveMedia: options.saveMedia === true,
    renumbered: 0,
  };
  if (note) w.report.warn(note);
  for await (const item of ctx.iter(source.items(), source.size)) {
    w.report.items++;
    await writeItem(item, w);
  }
  if (w.renumbered > 0)
    w.report.warn(`${w.renumbered} masks got a new instance number (1..255, unique per label in an image)`);
  await out.write(LABEL_COLORS_FILE, formatLabelColors(map, w.report));
  return w.report.build();
}

/** The item's masks with a label of the map; the rest is counted. */
function masksOf(item: DatasetItem, w: Writing): MaskAnnotation[] {
  const masks: MaskAnnotation[] = [];
  for (const a of item.annotations) {
    if (a.type !== 'mask') w.report.drop(a.type);
    else if (a.label === undefined || a.label >= w.ids.length)
      w.report.drop(
        'mask',
        1,
        'masks without a label cannot be written (a KITTI pixel is label * 256 + instance)',
      );
    else masks.push(a);
    for (const k of Object.keys(a.attributes)) if (k !== 'is_crowd') w.report.drop('attribute');
    if (a.objectId !== undefined) w.report.drop('objectId');
  }
  return masks;
}

async function writeItem(item: DatasetItem, w: Writing) {
  const { report } = w;
  const dir = safeRelativePath(item.subset);
  report.drop('item attribute', Object.keys(item.attributes).length);
  const masks = masksOf(item, w);
  report.drop('group', tiedByGroup(masks), 'groups are not kept: KITTI holds each mask as its own object');
  const imagePath = joinPath(dir, IMAGES_DIR, `${item.id}${mediaExtension(item, '.png')}`);
  const saved = w.saveMedia && (await saveMedia(item, w.out, imagePath, report));
  if (masks.length === 0) {
    if (!saved) report.drop('item', 1, 'items with no mask and no image saved are not written');
    return;
  }
  const instances = instanceNumbers(masks);
  w.renumbered += instances.renumbered;
  const order = masks.map((m, i) => ({ m, i })).sort((a, b) => (a.m.zOrder ?? 0) - (b.m.zOrder ?? 0));
  for (const { m } of order) {
    const size = maskSize(m.mask); // held to the caller's pixel limit before loading and painting
    if (size) checkPixels(size.width, size.height, `item ${item.id}`, w.limits);
  }
  const bitmaps = await Promise.all(order.map(({ m }) => loadMask(m.mask)));
  const { width, height } = bitmaps[0];
  checkPixels(width, height, `item ${item.id}`, w.limits);
  const layers = order.map(({ m, i }, k) => ({
    mask: bitmaps[k],
    value: (w.ids[m.label as number]! << INSTANCE_BITS) + instances.values[i],
  }));
  // Pixels no mask covers are 0: the background (label id 0), no instance.
  const instanceIds = renderIndexMask(width, height, layers, 0, Uint16Array);
  await writeImages(item.id, dir, { width, height, instanceIds }, w);
  countUnreadable(
    layers.map((l) => l.value),
    w,
  );
}

/**
 * Counts the masks that do not read back: the background's crowds (value 0 is unlabeled), those
 * painted over entirely by later ones, and all but one of the crowd masks of a label (one value, one
 * mask). `seen` holds the values painted; it is cleared for the next item.
 */
function countUnreadable(values: number[], w: Writing) {
  const { seen } = w;
  let background = 0;
  let hidden = 0;
  let merged = 0;
  for (const v of values) {
    if (v === 0) background++;
    else if (seen[v] === 0) hidden++;
    else if (seen[v] === 2) merged++;
    else seen[v] = 2;
  }
  for (const v of values) seen[v] = 0;
  seen[0] = 0;
  w.report.drop(
    'mask',
    background,
    "crowd masks of the background label are not written: value 0 is KITTI's unlabeled",
  );
  w.report.drop('mask', hidden, 'masks painted over entirely by later masks are dropped');
  w.report.drop('mask', merged, 'crowd masks of one label are written as one mask (label * 256, instance 0)');
}

/** `instance/` (16-bit), and the `semantic/` (label ids) and `semantic_rgb/` images it gives; marks the values seen. */
async function writeImages(
  id: string,
  dir: string,
  image: { width: number; height: number; instanceIds: Uint8Array | Uint16Array | Uint32Array },
  w: Writing,
) {
  const { width, height, instanceIds } = image;
  const wide = w.map.length > 256;
  const classIds = wide ? new Uint16Array(instanceIds.length) : new Uint8Array(instanceIds.length);
  const rgb = allocatePixels(width, height, 'instance image', { channels: 3, limits: w.limits });
  const { seen } = w;
  for (let p = 0; p < instanceIds.length; p++) {
    const v = instanceIds[p];
    seen[v] = 1;
    const label = v >> INSTANCE_BITS;
    classIds[p] = label;
    rgb.set(w.colors[label], p * 3);
  }
  await w.out.write(joinPath(dir, INSTANCES_DIR, `${id}.png`), encodeIndexPng16(width, height, instanceIds));
  const semantic = encodePng({ width, height, colorType: 'gray', bitDepth: wide ? 16 : 8, data: classIds });
  await w.out.write(joinPath(dir, SEMANTIC_DIR, `${id}.png`), semantic);
  await w.out.write(
    joinPath(dir, SEMANTIC_RGB_DIR, `${id}.png`),
    encodePng({ width, height, colorType: 'rgb', data: rgb }),
  );
}

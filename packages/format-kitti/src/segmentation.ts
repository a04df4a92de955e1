import {
  allocatePixels,
  checkPixels,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  defineFormat,
  type FileSink,
  type FileTree,
  type IoOptions,
  loadMask,
  type MaskAnnotation,
  maskSize,
  ReportBuilder,
  readContext,
  readText,
} from '@labelport/core';
import { joinPath, safeRelativePath } from '@labelport/core/files';
import { renderIndexMask } from '@labelport/core/geometry';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import {
  formatLabelColors,
  type LabelMap,
  labelMapCategories,
  labelMapOf,
  parseLabelColors,
  readDatasetMeta,
} from '@labelport/core/meta';
import {
  decodeIndexPng,
  distinctValues,
  encodeIndexPng16,
  encodePng,
  readPngHeader,
  valueMask,
} from '@labelport/core/png';
import { KITTI_LABEL_MAP } from './lib/kitti-labelmap.js';
import {
  DATASET_META_FILE,
  findKittiSubsets,
  IMAGES_DIR,
  INSTANCES_DIR,
  kittiRoot,
  LABEL_COLORS_FILE,
  SEMANTIC_DIR,
  SEMANTIC_RGB_DIR,
} from './lib/kitti-layout.js';

/** KITTI's devkit instance encoding: pixel = label_id * 256 + instance (instance 0 = no instance, a crowd). */
const INSTANCE_BITS = 8;
const MAX_INSTANCE = (1 << INSTANCE_BITS) - 1;

export async function readKittiSegmentation(tree: FileTree, options: IoOptions = {}): Promise<DatasetSource> {
  const paths = (await tree.list()).map((e) => e.path);
  const subsets = findKittiSubsets(paths, INSTANCES_DIR, '.png');
  if (subsets.length === 0)
    throw new DatasetError('not-found', 'no instance/*.png found', { file: tree.name });
  const root = kittiRoot(subsets);
  const metaFile = joinPath(root, DATASET_META_FILE);
  const colorsFile = joinPath(root, LABEL_COLORS_FILE);
  let map: LabelMap = KITTI_LABEL_MAP;
  if (paths.includes(metaFile)) map = [...(await readDatasetMeta(tree, metaFile))];
  else if (paths.includes(colorsFile)) map = parseLabelColors(await readText(tree, colorsFile), colorsFile);
  const categories = labelMapCategories(map);

  const entries: { id: string; subset: string; file?: string; image?: string }[] = [];
  for (const s of subsets) {
    for (const [id, file] of [...s.annotations].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
      entries.push({ id, subset: s.name, file, image: s.images.get(id) });
    for (const [id, image] of s.images)
      if (!s.annotations.has(id)) entries.push({ id, subset: s.name, image });
  }
  return {
    categories,
    size: entries.length,
    async *items() {
      let done = 0;
      for (const e of entries) {
        readContext(options).check();
        const item: DatasetItem = { id: e.id, subset: e.subset, annotations: [], attributes: {} };
        const image = e.image;
        if (image) item.media = { kind: 'image', path: image, bytes: () => tree.read(image) };
        if (e.file) {
          const file = e.file;
          const bytes = await tree.read(file);
          const ids = decodeIndexPng(bytes, file, { limits: readContext(options).limits });
          item.media = { kind: 'image', ...item.media, width: ids.width, height: ids.height };
          for (const v of distinctValues(ids.values)) {
            const label = v >> INSTANCE_BITS;
            const instance = v & MAX_INSTANCE;
            if (label >= map.length) {
              const err = new DatasetError(
                'bad-value',
                `pixel value ${v} is label ${label}, past the ${map.length} labels`,
                { file },
              );
              if (!options.lenient) throw err;
              options.onWarning?.(err.message);
              continue;
            }
            item.annotations.push({
              type: 'mask',
              mask: valueMask(ids, v),
              label,
              id: instance,
              attributes: { is_crowd: instance === 0 },
            });
          }
        } else if (image) {
          const header = await tree.readRange(image, 0, 64).then(
            (b) => {
              try {
                return readPngHeader(b);
              } catch {
                return undefined;
              }
            },
            () => undefined,
          );
          if (header) Object.assign(item.media as object, { width: header.width, height: header.height });
        }
        yield item;
        options.onProgress?.(++done, entries.length);
      }
    },
  };
}

export async function writeKittiSegmentation(source: DatasetSource, out: FileSink, options: IoOptions = {}) {
  const report = new ReportBuilder();
  const map = labelMapOf(source.categories);
  const colors = map.map(([, c]) => c ?? [0, 0, 0]);
  let renumbered = 0;
  for await (const item of source.items()) {
    readContext(options).check();
    report.items++;
    const dir = safeRelativePath(item.subset);
    if (Object.keys(item.attributes).length > 0)
      report.drop('item attribute', Object.keys(item.attributes).length);
    const masks: MaskAnnotation[] = [];
    for (const a of item.annotations) {
      if (a.type !== 'mask') report.drop(a.type);
      else if (a.label === undefined || a.label >= map.length) report.drop('mask without a label');
      else masks.push(a);
      for (const k of Object.keys(a.attributes)) if (k !== 'is_crowd') report.drop('attribute');
      if (a.objectId !== undefined) report.drop('objectId');
    }
    const saved =
      options.saveMedia &&
      (await saveMedia(
        item,
        out,
        joinPath(dir, IMAGES_DIR, `${item.id}${mediaExtension(item, '.png')}`),
        report,
      ));
    if (masks.length === 0) {
      if (!saved) report.drop('item');
      continue;
    }
    const instances = instanceNumbers(masks);
    renumbered += instances.renumbered;
    const order = masks.map((m, i) => ({ m, i })).sort((a, b) => (a.m.zOrder ?? 0) - (b.m.zOrder ?? 0));
    const { limits } = readContext(options);
    for (const { m } of order) {
      const size = maskSize(m.mask); // held to the caller's pixel limit before loading and painting
      if (size) checkPixels(size.width, size.height, `item ${item.id}`, limits);
    }
    const bitmaps = await Promise.all(order.map(({ m }) => loadMask(m.mask)));
    const { width, height } = bitmaps[0];
    checkPixels(width, height, `item ${item.id}`, limits);
    const instanceIds = renderIndexMask(
      width,
      height,
      order.map(({ m, i }, k) => ({
        mask: bitmaps[k],
        value: ((m.label as number) << INSTANCE_BITS) + instances.values[i],
      })),
      0,
      Uint16Array,
    );
    const classIds = renderIndexMask(
      width,
      height,
      order.map(({ m }, k) => ({ mask: bitmaps[k], value: m.label as number })),
      0,
      map.length > 256 ? Uint16Array : Uint8Array,
    );
    const rgb = allocatePixels(width, height, 'instance image', { channels: 3, limits });
    for (let p = 0; p < classIds.length; p++) rgb.set(colors[classIds[p]], p * 3);
    await out.write(
      joinPath(dir, INSTANCES_DIR, `${item.id}.png`),
      encodeIndexPng16(width, height, instanceIds),
    );
    await out.write(
      joinPath(dir, SEMANTIC_DIR, `${item.id}.png`),
      encodePng({ width, height, colorType: 'gray', bitDepth: map.length > 256 ? 16 : 8, data: classIds }),
    );
    await out.write(
      joinPath(dir, SEMANTIC_RGB_DIR, `${item.id}.png`),
      encodePng({ width, height, colorType: 'rgb', data: rgb }),
    );
    options.onProgress?.(report.items, source.size);
  }
  if (renumbered > 0)
    report.warn(`${renumbered} masks got a new instance number (1..255, unique per label in an image)`);
  await out.write(LABEL_COLORS_FILE, formatLabelColors(map, report));
  return report.build();
}

/**
 * The instance part of each mask's pixel value: 0 for a crowd (`is_crowd`), else the mask's id when
 * it is 1..255 and not taken by another mask of its label, else the lowest free number.
 */
function instanceNumbers(masks: MaskAnnotation[]): { values: number[]; renumbered: number } {
  const used = new Set<string>();
  const values: number[] = masks.map((m) => {
    if (m.attributes.is_crowd === true) return 0;
    const id = m.id;
    if (
      id !== undefined &&
      Number.isInteger(id) &&
      id >= 1 &&
      id <= MAX_INSTANCE &&
      !used.has(`${m.label}:${id}`)
    ) {
      used.add(`${m.label}:${id}`);
      return id;
    }
    return -1;
  });
  let renumbered = 0;
  values.forEach((v, i) => {
    if (v >= 0) return;
    let n = 1;
    while (used.has(`${masks[i].label}:${n}`)) n++;
    if (n > MAX_INSTANCE)
      throw new DatasetError('too-large', `more than ${MAX_INSTANCE} instances of one label in an image`);
    used.add(`${masks[i].label}:${n}`);
    values[i] = n;
    renumbered++;
  });
  return { values, renumbered };
}

export const kittiSegmentation = defineFormat({
  id: 'kitti_segmentation',
  title: 'KITTI instance segmentation',
  extensions: ['.png'],
  capabilities: {
    annotations: ['mask'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: true,
  },
  async detect(ctx) {
    const files = ctx.glob('**/instance/**/*.png');
    if (files.length === 0) ctx.reject('no instance/*.png');
    let header: ReturnType<typeof readPngHeader> | undefined;
    try {
      header = readPngHeader(await ctx.tree.readRange(files[0], 0, 64));
    } catch {
      header = undefined;
    }
    if (header?.colorType !== 'gray') ctx.reject(`${files[0]} is not a gray PNG of instance ids`);
    return { confidence: 1, root: kittiRoot(findKittiSubsets(files, INSTANCES_DIR, '.png')) };
  },
  read: readKittiSegmentation,
  write: writeKittiSegmentation,
});

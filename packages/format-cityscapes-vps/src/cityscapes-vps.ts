import type { OptionValues } from '@labelport/core';
import {
  type BinaryMask,
  type Categories,
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
import { extname, joinPath, parseJson, safeRelativePath, stripExtension } from '@labelport/core/files';
import { renderIndexMask } from '@labelport/core/geometry';
import { IMAGE_EXTENSIONS, mediaExtension, saveMedia } from '@labelport/core/media';
import {
  decodeIndexPng,
  decodeSegmentIdPng,
  distinctValues,
  encodeIndexPng16,
  encodePng,
  valueMask,
} from '@labelport/core/png';
import {
  idToRgb,
  parseVpsId,
  VPS_CATEGORIES,
  VPS_ISTHING_INFO,
  type VpsCategory,
} from './lib/vps-categories.js';
import { cityscapesVpsReadOptions, cityscapesVpsWriteOptions } from './options.js';

export type CityscapesVpsReadOptions = OptionValues<typeof cityscapesVpsReadOptions>;

const VOID = 255;
const FACTOR = 1000;
const IMAGE_SUFFIXES = ['_newImg8bit', '_leftImg8bit'];
const isImage = (p: string) => IMAGE_EXTENSIONS.includes(extname(p));
const gtJson = (split: string) => `panoptic_gt_${split}_city_vps.json`;
const imJson = (split: string) => `panoptic_im_${split}_city_vps.json`;
const allJson = (split: string) => `im_all_info_${split}_city_vps.json`;

/** The frame id of an image or label file name: the stem without its `_newImg8bit`-like suffix. */
function frameId(fileName: string): string {
  let stem = stripExtension(fileName.slice(fileName.lastIndexOf('/') + 1));
  for (const s of [...IMAGE_SUFFIXES, '_final_mask', '_gtFine_color', '_gtFine_instanceIds']) {
    if (stem.endsWith(s)) stem = stem.slice(0, -s.length);
  }
  return stem;
}

interface Layout {
  root: string;
  /** split -> which folders it has */
  splits: Map<string, Set<string>>;
}

function findLayout(paths: string[]): Layout | undefined {
  const splits = new Map<string, Set<string>>();
  let root: string | undefined;
  for (const p of paths) {
    const m = /^(?:(.*)\/)?([^/]+)\/(panoptic_video|panoptic_inst)\/[^/]+\.png$/.exec(p);
    if (!m) continue;
    const r = m[1] ?? '';
    if (root === undefined || r.length < root.length) root = r;
  }
  if (root === undefined) return undefined;
  const prefix = root === '' ? '' : `${root}/`;
  for (const p of paths) {
    if (!p.startsWith(prefix)) continue;
    const m = /^([^/]+)\/(panoptic_video|panoptic_inst|img|img_all)\//.exec(p.slice(prefix.length));
    if (!m) continue;
    const set = splits.get(m[1]) ?? new Set<string>();
    set.add(m[2]);
    splits.set(m[1], set);
  }
  return { root, splits };
}

interface JsonImage {
  id: string;
  file_name: string;
  width?: number;
  height?: number;
}
interface JsonSegment {
  id: number;
  category_id: number;
  iscrowd?: number;
}
interface JsonAnnotation {
  image_id: string;
  file_name: string;
  segments_info: JsonSegment[];
}

function asObject(v: unknown, file: string, place: string): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v))
    throw new DatasetError('bad-json', 'expected an object', { file, place });
  return v as Record<string, unknown>;
}
function asList(v: unknown, file: string, place: string): unknown[] {
  if (!Array.isArray(v)) throw new DatasetError('bad-json', 'expected a list', { file, place });
  return v;
}
function asInt(v: unknown, file: string, place: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new DatasetError('bad-json', `expected an integer, got ${JSON.stringify(v)}`, { file, place });
  return v;
}

function parseCategories(doc: Record<string, unknown>, file: string): VpsCategory[] | undefined {
  if (doc.categories === undefined) return undefined;
  return asList(doc.categories, file, 'categories')
    .map((c, i) => {
      const o = asObject(c, file, `categories[${i}]`);
      const color =
        Array.isArray(o.color) && o.color.length === 3
          ? (o.color.map(Number) as [number, number, number])
          : [0, 0, 0];
      return {
        id: asInt(o.id, file, `categories[${i}].id`),
        name: String(o.name),
        supercategory: String(o.supercategory ?? ''),
        isthing: o.isthing ? 1 : 0,
        color,
      } as VpsCategory;
    })
    .sort((a, b) => a.id - b.id);
}

function parseImages(doc: Record<string, unknown>, file: string): JsonImage[] {
  return asList(doc.images ?? [], file, 'images').map((x, i) => {
    const o = asObject(x, file, `images[${i}]`);
    if (typeof o.file_name !== 'string')
      throw new DatasetError('bad-json', "expected a string 'file_name'", { file, place: `images[${i}]` });
    return {
      id: String(o.id),
      file_name: safeRelativePath(o.file_name, { file, place: `images[${i}].file_name` }),
      width: typeof o.width === 'number' ? o.width : undefined,
      height: typeof o.height === 'number' ? o.height : undefined,
    };
  });
}

function parseAnnotations(doc: Record<string, unknown>, file: string): JsonAnnotation[] {
  return asList(doc.annotations ?? [], file, 'annotations').map((x, i) => {
    const place = `annotations[${i}]`;
    const o = asObject(x, file, place);
    if (typeof o.file_name !== 'string')
      throw new DatasetError('bad-json', "expected a string 'file_name'", { file, place });
    return {
      image_id: String(o.image_id),
      file_name: safeRelativePath(o.file_name, { file, place: `${place}.file_name` }),
      segments_info: asList(o.segments_info, file, `${place}.segments_info`).map((s, k) => {
        const sp = `${place}.segments_info[${k}]`;
        const so = asObject(s, file, sp);
        return {
          id: asInt(so.id, file, `${sp}.id`),
          category_id: asInt(so.category_id, file, `${sp}.category_id`),
          iscrowd: so.iscrowd ? 1 : 0,
        };
      }),
    };
  });
}

async function readVps(
  tree: FileTree,
  options: CityscapesVpsReadOptions & IoOptions = {},
): Promise<DatasetSource> {
  const paths = (await tree.list()).map((e) => e.path);
  const pathSet = new Set(paths);
  const layout = findLayout(paths);
  if (!layout)
    throw new DatasetError(
      'not-found',
      'no <split>/panoptic_video/*.png or <split>/panoptic_inst/*.png found',
      { file: tree.name },
    );
  const at = (p: string) => joinPath(layout.root, p);
  const { limits } = readContext(options);
  const readDoc = async (p: string) =>
    pathSet.has(at(p)) ? asObject(parseJson(await readText(tree, at(p)), at(p)), at(p), '') : undefined;

  let cats: VpsCategory[] | undefined;
  const docs = new Map<
    string,
    { gt?: Record<string, unknown>; im?: Record<string, unknown>; all?: Record<string, unknown> }
  >();
  for (const split of [...layout.splits.keys()].sort()) {
    const d = {
      gt: await readDoc(gtJson(split)),
      im: await readDoc(imJson(split)),
      all: options.allFrames ? await readDoc(allJson(split)) : undefined,
    };
    docs.set(split, d);
    cats ??=
      (d.gt && parseCategories(d.gt, at(gtJson(split)))) ||
      (d.im && parseCategories(d.im, at(imJson(split)))) ||
      undefined;
  }
  const categoriesList = cats ?? [...VPS_CATEGORIES];
  const labelOfCategory = new Map(categoriesList.map((c, i) => [c.id, i]));
  const categories: Categories = {
    labels: categoriesList.map((c) => ({ name: c.name })),
    colors: new Map(categoriesList.map((c, i) => [i, c.color])),
  };
  const infos = { [VPS_ISTHING_INFO]: Object.fromEntries(categoriesList.map((c) => [c.name, c.isthing])) };

  const items: (() => Promise<DatasetItem>)[] = [];
  for (const [split, folders] of [...layout.splits].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const d = docs.get(split) ?? {};
    const gtFile = at(gtJson(split));
    const images = new Map<string, JsonImage>();
    for (const img of d.im ? parseImages(d.im, at(imJson(split))) : []) images.set(img.id, img);
    for (const img of d.gt ? parseImages(d.gt, gtFile) : []) images.set(img.id, img);
    const imageFiles = new Map<string, string>();
    for (const p of paths) if (p.startsWith(`${at(split)}/img/`) && isImage(p)) imageFiles.set(frameId(p), p);

    const annotations = new Map<string, JsonAnnotation>();
    if (d.gt && folders.has('panoptic_video'))
      for (const a of parseAnnotations(d.gt, gtFile)) annotations.set(a.image_id, a);
    const instFiles = new Map<string, string>();
    if (annotations.size === 0 && folders.has('panoptic_inst')) {
      for (const p of paths)
        if (p.startsWith(`${at(split)}/panoptic_inst/`) && extname(p) === '.png')
          instFiles.set(frameId(p), p);
    }
    const ids = [
      ...new Set([...annotations.keys(), ...instFiles.keys(), ...images.keys(), ...imageFiles.keys()]),
    ].sort();

    for (const id of ids) {
      items.push(async () => {
        const item: DatasetItem = { id, subset: split, annotations: [], attributes: {} };
        const vps = parseVpsId(id);
        if (vps) item.attributes.video_id = vps.video;
        const info = images.get(id);
        const imagePath =
          imageFiles.get(id) ??
          (info && pathSet.has(at(`${split}/img/${info.file_name}`))
            ? at(`${split}/img/${info.file_name}`)
            : undefined);
        item.media = {
          kind: 'image',
          ...(vps ? { frame: vps.frame } : {}),
          width: info?.width,
          height: info?.height,
        };
        if (imagePath) Object.assign(item.media, { path: imagePath, bytes: () => tree.read(imagePath) });

        const ann = annotations.get(id);
        if (ann) {
          const png = at(`${split}/panoptic_video/${ann.file_name}`);
          if (!pathSet.has(png))
            throw new DatasetError('not-found', `the mask '${png}' is not in the dataset`, {
              file: gtFile,
              place: `image ${id}`,
            });
          // Decoded once, on the first mask asked for; what stays is each segment's pixel runs.
          const ids = ann.segments_info.map((seg) => seg.id);
          let decoded: Promise<Map<number, MaskAnnotation['mask']>> | undefined;
          const load = () =>
            (decoded ??= tree.read(png).then((b) => {
              const image = decodeSegmentIdPng(b, png, { limits });
              return new Map(ids.map((id) => [id, valueMask(image, id)]));
            }));
          const size = info?.width && info.height ? { width: info.width, height: info.height } : undefined;
          for (const seg of ann.segments_info) {
            const label = labelOfCategory.get(seg.category_id);
            if (label === undefined) {
              const err = new DatasetError(
                'bad-value',
                `category_id ${seg.category_id} is not in the categories`,
                { file: gtFile, place: `image ${id}, segment ${seg.id}` },
              );
              if (!options.lenient) throw err;
              options.onWarning?.(err.message);
              continue;
            }
            const mask = lazySegment(load, seg.id, size);
            item.annotations.push({
              type: 'mask',
              id: seg.id,
              label,
              objectId: seg.id,
              mask,
              attributes: { is_crowd: seg.iscrowd === 1 },
            });
          }
        }
        const inst = instFiles.get(id);
        if (inst) {
          const image = decodeIndexPng(await tree.read(inst), inst, { limits });
          Object.assign(item.media as object, { width: image.width, height: image.height });
          for (const v of distinctValues(image.values)) {
            if (v === VOID) continue;
            const label = labelOfCategory.get(v >= FACTOR ? Math.floor(v / FACTOR) : v);
            if (label === undefined) {
              const err = new DatasetError('bad-value', `pixel value ${v} names no category`, { file: inst });
              if (!options.lenient) throw err;
              options.onWarning?.(err.message);
              continue;
            }
            item.annotations.push({
              type: 'mask',
              id: v,
              label,
              objectId: v,
              mask: valueMask(image, v),
              attributes: { is_crowd: false },
            });
          }
        }
        return item;
      });
    }

    if (options.allFrames) {
      const all = d.all ? parseImages(d.all, at(allJson(split))) : [];
      const files =
        all.length > 0
          ? all.map((i) => ({ ...i, path: at(`${split}/img_all/${i.file_name}`) }))
          : paths
              .filter((p) => p.startsWith(`${at(split)}/img_all/`) && isImage(p))
              .map((p) => ({ id: frameId(p), file_name: p, path: p, width: undefined, height: undefined }));
      for (const f of files) {
        items.push(async () => {
          const id = frameId(f.file_name);
          const m = /_(\d{6})$/.exec(id);
          const item: DatasetItem = { id, subset: split, annotations: [], attributes: { unlabelled: true } };
          item.media = {
            kind: 'image',
            width: f.width,
            height: f.height,
            ...(m ? { frame: Number(m[1]) } : {}),
          };
          if (pathSet.has(f.path))
            Object.assign(item.media, { path: f.path, bytes: () => tree.read(f.path) });
          return item;
        });
      }
    }
  }
  return {
    categories,
    infos,
    size: items.length,
    async *items() {
      let done = 0;
      for (const make of items) {
        readContext(options).check();
        yield await make();
        options.onProgress?.(++done, items.length);
      }
    },
  };
}

function lazySegment(
  load: () => Promise<Map<number, MaskAnnotation['mask']>>,
  id: number,
  size?: { width: number; height: number },
): MaskAnnotation['mask'] {
  let pending: Promise<BinaryMask> | undefined;
  return {
    kind: 'lazy',
    width: size?.width,
    height: size?.height,
    load: () => (pending ??= load().then((masks) => loadMask(masks.get(id) as MaskAnnotation['mask']))),
  };
}

// ---------------------------------------------------------------------------------------------

export type CityscapesVpsWriteOptions = OptionValues<typeof cityscapesVpsWriteOptions>;

async function writeVps(
  source: DatasetSource,
  out: FileSink,
  options: CityscapesVpsWriteOptions & IoOptions = {},
) {
  const report = new ReportBuilder();
  const labels = source.categories.labels;
  const isthingInfo = (source.infos?.[VPS_ISTHING_INFO] ?? {}) as Record<string, unknown>;
  const known = new Map(VPS_CATEGORIES.map((c) => [c.name, c]));
  const cats: VpsCategory[] = labels.map((l, i) => {
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

  interface SplitOut {
    images: Record<string, unknown>[];
    annotations: Record<string, unknown>[];
  }
  const splits = new Map<string, SplitOut>();
  /** video -> segment id -> instance number, so that a track keeps its panoptic_inst value across frames. */
  const instances = new Map<string, { bySegment: Map<number, number>; next: Map<number, number> }>();
  let renumbered = 0;
  const { limits } = readContext(options);

  for await (const item of source.items()) {
    readContext(options).check();
    report.items++;
    const split = safeRelativePath(item.subset === 'default' ? (options.defaultSplit ?? 'val') : item.subset);
    let s = splits.get(split);
    if (!s) {
      s = { images: [], annotations: [] };
      splits.set(split, s);
    }
    for (const k of Object.keys(item.attributes))
      if (k !== 'video_id' && k !== 'unlabelled') report.drop('item attribute');
    const original = /_leftImg8bit\.[^/.]+$/.test(item.media?.path ?? '');
    const imageName = `${item.id}${original ? '_leftImg8bit' : '_newImg8bit'}${mediaExtension(item, '.png')}`;
    const maskName = `${item.id}${original ? '_gtFine_color' : '_final_mask'}.png`;
    if (options.saveMedia) await saveMedia(item, out, joinPath(split, 'img', imageName), report);

    const masks: { m: MaskAnnotation; bitmap: BinaryMask }[] = [];
    for (const a of item.annotations) {
      if (a.type !== 'mask') {
        report.drop(a.type);
        continue;
      }
      if (a.label === undefined || a.label >= cats.length) {
        report.drop('mask without a label');
        continue;
      }
      for (const k of Object.keys(a.attributes)) if (k !== 'is_crowd') report.drop('attribute');
      const declared = maskSize(a.mask); // held to the caller's pixel limit before it is loaded
      if (declared) checkPixels(declared.width, declared.height, `item ${item.id}`, limits);
      masks.push({ m: a, bitmap: await loadMask(a.mask) });
    }
    const width = masks[0]?.bitmap.width ?? item.media?.width;
    const height = masks[0]?.bitmap.height ?? item.media?.height;
    if (width === undefined || height === undefined) {
      report.drop('item');
      continue;
    }
    checkPixels(width, height, `item ${item.id}`, limits); // painted at this size
    s.images.push({ id: item.id, width, height, file_name: imageName });
    if (item.attributes.unlabelled === true && masks.length === 0) continue;

    // Segment ids: the track id (objectId), else the mask id, when it fits 24 bits and is free in this frame.
    masks.sort((a, b) => (a.m.zOrder ?? 0) - (b.m.zOrder ?? 0));
    const used = new Set<number>();
    const fits = (v?: number) =>
      v !== undefined && Number.isInteger(v) && v > 0 && v < 2 ** 24 && !used.has(v);
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
      renumbered++;
    }
    const ids = renderIndexMask(
      width,
      height,
      masks.map(({ bitmap }, i) => ({ mask: bitmap, value: segIds[i] })),
      0,
      Uint32Array,
    );
    const area = new Map<number, number>();
    for (let i = 0; i < ids.length; i++) if (ids[i]) area.set(ids[i], (area.get(ids[i]) ?? 0) + 1);
    const rgb = new Uint8Array(ids.length * 3);
    for (let i = 0; i < ids.length; i++) rgb.set(idToRgb(ids[i]), i * 3);

    // panoptic_inst: stuff = category id, thing = category * 1000 + instance (per video), void = 255.
    const video = String(item.attributes.video_id ?? parseVpsId(item.id)?.video ?? '');
    let track = instances.get(video);
    if (!track) {
      track = { bySegment: new Map(), next: new Map() };
      instances.set(video, track);
    }
    const instValue = masks.map(({ m }, i) => {
      const cat = cats[m.label as number];
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
    const inst = renderIndexMask(
      width,
      height,
      masks.map(({ bitmap }, i) => ({ mask: bitmap, value: instValue[i] })),
      VOID,
      Uint16Array,
    );

    await out.write(
      joinPath(split, 'panoptic_video', maskName),
      encodePng({ width, height, colorType: 'rgb', data: rgb }),
    );
    await out.write(joinPath(split, 'panoptic_inst', maskName), encodeIndexPng16(width, height, inst));
    s.annotations.push({
      image_id: item.id,
      file_name: maskName,
      segments_info: masks
        .map(({ m }, i) => ({
          id: segIds[i],
          category_id: cats[m.label as number].id,
          iscrowd: m.attributes.is_crowd === true ? 1 : 0,
          area: area.get(segIds[i]) ?? 0,
        }))
        .filter((seg) => {
          if (seg.area > 0) return true;
          report.drop('mask hidden by others');
          return false;
        }),
    });
    options.onProgress?.(report.items, source.size);
  }
  if (renumbered > 0) report.warn(`${renumbered} masks had no usable track id and got a new segment id`);
  const categories = cats.map(({ id, name, supercategory, isthing, color }) => ({
    id,
    name,
    supercategory,
    isthing,
    color,
  }));
  for (const [split, s] of splits) {
    await out.write(
      gtJson(split),
      JSON.stringify({ images: s.images, annotations: s.annotations, categories }),
    );
    await out.write(imJson(split), JSON.stringify({ images: s.images, categories }));
  }
  return report.build();
}

export const cityscapesVps = defineFormat<CityscapesVpsReadOptions, CityscapesVpsWriteOptions>({
  id: 'cityscapes_vps',
  title: 'Cityscapes-VPS (video panoptic segmentation)',
  extensions: ['.png', '.json'],
  options: { read: cityscapesVpsReadOptions, write: cityscapesVpsWriteOptions },
  capabilities: {
    annotations: ['mask'],
    media: ['image'],
    tracks: true,
    attributes: true,
    subsets: true,
    streaming: true,
  },
  async detect(ctx) {
    const layout = findLayout(ctx.glob('**/{panoptic_video,panoptic_inst}/*.png'));
    if (!layout) return ctx.reject('no <split>/panoptic_video/*.png or <split>/panoptic_inst/*.png');
    const jsons = ctx.glob('**/*_city_vps.json');
    return { confidence: jsons.length > 0 ? 1 : 0.6, root: layout.root };
  },
  read: readVps,
  write: writeVps,
});

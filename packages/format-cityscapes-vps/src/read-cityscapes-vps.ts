import {
  type BinaryMask,
  type Categories,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  type FileTree,
  loadMask,
  type MaskAnnotation,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
  readText,
} from '@labelport/core';
import { extname, joinPath, parseJson } from '@labelport/core/files';
import { asObject, type JsonObject } from '@labelport/core/json';
import { decodeIndexPng, decodeSegmentIdPng, distinctValues, valueMask } from '@labelport/core/png';
import type { CityscapesVpsReadOptions } from './cityscapes-vps.js';
import { parseVpsId, VPS_CATEGORIES, VPS_ISTHING_INFO, type VpsCategory } from './lib/vps-categories.js';
import {
  type JsonAnnotation,
  type JsonImage,
  parseAnnotations,
  parseCategories,
  parseImages,
} from './lib/vps-json.js';
import {
  allJson,
  FACTOR,
  findLayout,
  frameId,
  gtJson,
  imJson,
  isImage,
  type Layout,
  VOID,
} from './lib/vps-layout.js';

export async function detectCityscapesVps(ctx: DetectContext) {
  const layout = findLayout(ctx.glob('**/{panoptic_video,panoptic_inst}/*.png'));
  if (!layout) return ctx.reject('no <split>/panoptic_video/*.png or <split>/panoptic_inst/*.png');
  const jsons = ctx.glob('**/*_city_vps.json');
  return { confidence: jsons.length > 0 ? 1 : 0.6, root: layout.root };
}

interface SplitDocs {
  gt?: JsonObject;
  im?: JsonObject;
  all?: JsonObject;
}

/** What one split's items are made of. */
interface SplitIndex {
  split: string;
  gtFile: string;
  images: Map<string, JsonImage>;
  imageFiles: Map<string, string>;
  annotations: Map<string, JsonAnnotation>;
  instFiles: Map<string, string>;
}

type Entry =
  | { kind: 'frame'; id: string; s: SplitIndex }
  | { kind: 'unlabelled'; split: string; file: JsonImage & { path: string } };

interface Reading {
  tree: FileTree;
  ctx: ReadContext;
  pathSet: Set<string>;
  at: (p: string) => string;
  labelOfCategory: Map<number, number>;
}

export async function readCityscapesVps(
  tree: FileTree,
  options: CityscapesVpsReadOptions & ReadOptions = {},
): Promise<DatasetSource> {
  const paths = (await tree.list()).map((e) => e.path);
  const layout = findLayout(paths);
  if (!layout)
    throw new DatasetError(
      'not-found',
      'no <split>/panoptic_video/*.png or <split>/panoptic_inst/*.png found',
      {
        file: tree.name,
      },
    );
  const ctx = readContext(options);
  const pathSet = new Set(paths);
  const at = (p: string) => joinPath(layout.root, p);
  const { docs, cats } = await readDocs(tree, layout, pathSet, options.allFrames === true);
  const categoriesList = cats ?? [...VPS_CATEGORIES];
  const categories: Categories = {
    labels: categoriesList.map((c) => ({ name: c.name })),
    colors: new Map(categoriesList.map((c, i) => [i, c.color])),
  };
  const infos = { [VPS_ISTHING_INFO]: Object.fromEntries(categoriesList.map((c) => [c.name, c.isthing])) };
  const r: Reading = {
    tree,
    ctx,
    pathSet,
    at,
    labelOfCategory: new Map(categoriesList.map((c, i) => [c.id, i])),
  };
  const entries: Entry[] = [];
  for (const [split, folders] of [...layout.splits].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const d = docs.get(split) ?? {};
    const s = splitIndex(split, folders, d, paths, at);
    const ids = [
      ...new Set([
        ...s.annotations.keys(),
        ...s.instFiles.keys(),
        ...s.images.keys(),
        ...s.imageFiles.keys(),
      ]),
    ];
    for (const id of ids.sort()) entries.push({ kind: 'frame', id, s });
    if (options.allFrames)
      for (const file of allFrames(split, d, paths, at)) entries.push({ kind: 'unlabelled', split, file });
  }
  return readerSource(options, {
    categories,
    infos,
    entries,
    where: (e) => (e.kind === 'frame' ? e.s.gtFile : e.file.path),
    make: (e) => (e.kind === 'frame' ? frameItem(e.id, e.s, r) : unlabelledItem(e.split, e.file, r)),
  });
}

/** The JSONs of every split, and the first categories they give. */
async function readDocs(tree: FileTree, layout: Layout, pathSet: Set<string>, allFrames: boolean) {
  const at = (p: string) => joinPath(layout.root, p);
  const readDoc = async (p: string) =>
    pathSet.has(at(p)) ? asObject(parseJson(await readText(tree, at(p)), at(p)), at(p), '') : undefined;
  let cats: VpsCategory[] | undefined;
  const docs = new Map<string, SplitDocs>();
  for (const split of [...layout.splits.keys()].sort()) {
    const d: SplitDocs = {
      gt: await readDoc(gtJson(split)),
      im: await readDoc(imJson(split)),
      all: allFrames ? await readDoc(allJson(split)) : undefined,
    };
    docs.set(split, d);
    cats ??=
      (d.gt && parseCategories(d.gt, at(gtJson(split)))) ||
      (d.im && parseCategories(d.im, at(imJson(split)))) ||
      undefined;
  }
  return { docs, cats };
}

function splitIndex(
  split: string,
  folders: Set<string>,
  d: SplitDocs,
  paths: string[],
  at: (p: string) => string,
): SplitIndex {
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
      if (p.startsWith(`${at(split)}/panoptic_inst/`) && extname(p) === '.png') instFiles.set(frameId(p), p);
  }
  return { split, gtFile, images, imageFiles, annotations, instFiles };
}

/** The unlabelled frames of a split: `im_all_info_<split>_city_vps.json`, else the images in `img_all/`. */
function allFrames(split: string, d: SplitDocs, paths: string[], at: (p: string) => string) {
  const all = d.all ? parseImages(d.all, at(allJson(split))) : [];
  if (all.length > 0) return all.map((i) => ({ ...i, path: at(`${split}/img_all/${i.file_name}`) }));
  return paths
    .filter((p) => p.startsWith(`${at(split)}/img_all/`) && isImage(p))
    .map((p) => ({ id: frameId(p), file_name: p, path: p, width: undefined, height: undefined }));
}

async function frameItem(id: string, s: SplitIndex, r: Reading): Promise<DatasetItem> {
  const item: DatasetItem = { id, subset: s.split, annotations: [], attributes: {} };
  const vps = parseVpsId(id);
  if (vps) item.attributes.video_id = vps.video;
  const info = s.images.get(id);
  const listed = info && r.at(`${s.split}/img/${info.file_name}`);
  const imagePath = s.imageFiles.get(id) ?? (listed && r.pathSet.has(listed) ? listed : undefined);
  item.media = {
    kind: 'image',
    ...(vps ? { frame: vps.frame } : {}),
    width: info?.width,
    height: info?.height,
  };
  if (imagePath) Object.assign(item.media, { path: imagePath, bytes: () => r.tree.read(imagePath) });
  const ann = s.annotations.get(id);
  if (ann) item.annotations.push(...segmentMasks(ann, s, info, r));
  const inst = s.instFiles.get(id);
  if (inst) {
    const image = decodeIndexPng(await r.tree.read(inst), inst, { limits: r.ctx.limits });
    Object.assign(item.media, { width: image.width, height: image.height });
    for (const v of distinctValues(image.values)) {
      if (v === VOID) continue;
      const label = r.labelOfCategory.get(v >= FACTOR ? Math.floor(v / FACTOR) : v);
      if (label === undefined) {
        r.ctx.skip(new DatasetError('bad-value', `pixel value ${v} names no category`, { file: inst }));
        continue;
      }
      const mask = valueMask(image, v);
      item.annotations.push({
        type: 'mask',
        id: v,
        label,
        objectId: v,
        mask,
        attributes: { is_crowd: false },
      });
    }
  }
  return item;
}

/** The segments of a panoptic_video frame: lazy masks of one PNG, decoded on the first mask loaded. */
function segmentMasks(ann: JsonAnnotation, s: SplitIndex, info: JsonImage | undefined, r: Reading) {
  const png = r.at(`${s.split}/panoptic_video/${ann.file_name}`);
  if (!r.pathSet.has(png))
    throw new DatasetError('not-found', `the mask '${png}' is not in the dataset`, {
      file: s.gtFile,
      place: `image ${ann.image_id}`,
    });
  // What stays is each segment's pixel runs.
  const ids = ann.segments_info.map((seg) => seg.id);
  let decoded: Promise<Map<number, MaskAnnotation['mask']>> | undefined;
  const load = () =>
    (decoded ??= r.tree.read(png).then((b) => {
      const image = decodeSegmentIdPng(b, png, { limits: r.ctx.limits });
      return new Map(ids.map((id) => [id, valueMask(image, id)]));
    }));
  const size = info?.width && info.height ? { width: info.width, height: info.height } : undefined;
  const masks: MaskAnnotation[] = [];
  for (const seg of ann.segments_info) {
    const label = r.labelOfCategory.get(seg.category_id);
    if (label === undefined) {
      const where = { file: s.gtFile, place: `image ${ann.image_id}, segment ${seg.id}` };
      r.ctx.skip(
        new DatasetError('bad-value', `category_id ${seg.category_id} is not in the categories`, where),
      );
      continue;
    }
    masks.push({
      type: 'mask',
      id: seg.id,
      label,
      objectId: seg.id,
      mask: lazySegment(load, seg.id, size),
      attributes: { is_crowd: seg.iscrowd === 1 },
    });
  }
  return masks;
}

function unlabelledItem(split: string, f: JsonImage & { path: string }, r: Reading): DatasetItem {
  const id = frameId(f.file_name);
  const m = /_(\d{6})$/.exec(id);
  const item: DatasetItem = { id, subset: split, annotations: [], attributes: { unlabelled: true } };
  item.media = { kind: 'image', width: f.width, height: f.height, ...(m ? { frame: Number(m[1]) } : {}) };
  if (r.pathSet.has(f.path)) Object.assign(item.media, { path: f.path, bytes: () => r.tree.read(f.path) });
  return item;
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

import {
  type Annotation,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  type FileTree,
  type LabelCategory,
  lazyMask,
  type MaskAnnotation,
  type Media,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
} from '@labelport/core';
import {
  basename,
  dirname,
  extname,
  joinPath,
  safeRelativePath,
  stripExtension,
} from '@labelport/core/files';
import { LabelTable } from '@labelport/core/meta';
import { type AdeObject, parseAdeJson } from './lib/ade-json.js';
import {
  type AdeImage,
  adeRootOf,
  decodeAdeText,
  findAdeImages,
  hasImage,
  isMaskName,
  levelFile,
  META_FILE,
  pathDepth,
  readMetaLabels,
  withImageSize,
} from './lib/ade-layout.js';
import { extract, MapCache, readClassMap, readValueRanks } from './lib/ade-masks.js';
import { levelsOf } from './lib/level-image.js';

const ADE_JSON = /^\s*\{\s*"annotation"\s*:/;

export async function detectAde20k2020(ctx: DetectContext) {
  const jsons = ctx.files
    .map((f) => f.path)
    .filter(
      (p) => extname(p) === '.json' && basename(p) !== META_FILE && pathDepth(p) >= 2 && pathDepth(p) <= 6,
    )
    .filter((p) => hasImage(ctx, stripExtension(p)))
    .sort((a, b) => pathDepth(a) - pathDepth(b));
  if (jsons.length === 0) ctx.reject('no <subset>/**/<image>.json beside its image');
  for (const file of jsons.slice(0, 5)) {
    const head = await ctx.readHead(file, 512);
    if (/^\s*\{\s*"annotation"\s*:\s*\{/.test(head)) return { confidence: 1, root: adeRootOf(ctx, file) };
  }
  return ctx.reject('the JSON beside the images is not an ADE20K {"annotation": {...}} file');
}

/** Items: images (not masks) of the subsets, and annotation files whose image is missing. */
function itemsOf(paths: string[]): AdeImage[] {
  const images = findAdeImages(paths, 2020);
  const stems = new Set(images.map((i) => stripExtension(i.path)));
  for (const p of paths) {
    const slash = p.indexOf('/');
    if (slash < 0 || extname(p) !== '.json' || isMaskName(basename(stripExtension(p)), 2020)) continue;
    const stem = stripExtension(p);
    if (!stems.has(stem)) images.push({ subset: p.slice(0, slash), id: stem.slice(slash + 1), path: '' });
  }
  return images;
}

interface Reading {
  tree: FileTree;
  pathSet: Set<string>;
  table: LabelTable;
  ctx: ReadContext;
}

/** The label of an object, its ADE class index kept as the label's source id. */
function labelOf(o: AdeObject, table: LabelTable): number {
  const i = table.get(o.label);
  (table.labels[i] as LabelCategory).id ??= o.classIndex;
  return i;
}

/**
 * The objects of an image's JSON; undefined when it failed (skipped under the item policy) or when a
 * JSON with no image beside it is not an ADE20K annotation (then it is no item).
 */
async function objectsOf(e: AdeImage, jsonFile: string, r: Reading): Promise<AdeObject[] | undefined> {
  return r.ctx.attemptItem(async () => {
    if (!r.pathSet.has(jsonFile))
      throw new DatasetError('not-found', `no ${jsonFile} for the image`, { file: e.path });
    const text = decodeAdeText(await r.tree.read(jsonFile));
    if (!e.path && !ADE_JSON.test(text)) return undefined;
    return parseAdeJson(text, jsonFile);
  }, jsonFile);
}

/** Class masks: one per (class, label) of each part level, from _seg.png and _parts_N.png. */
function classMasks(stem: string, objects: AdeObject[], cache: MapCache, r: Reading): Annotation[] {
  const annotations: Annotation[] = [];
  for (const level of levelsOf(objects.map((o) => o.partLevel))) {
    const file = levelFile(stem, level);
    if (!r.pathSet.has(file)) {
      r.ctx.warn(`${file}: missing; the classes of part level ${level} and above have no masks`);
      break;
    }
    const classes = new Map<string, AdeObject>();
    for (const o of objects) if (o.partLevel === level) classes.set(`${o.classIndex}\u0000${o.label}`, o);
    const sorted = [...classes.values()].sort(
      (a, b) => a.classIndex - b.classIndex || a.label.localeCompare(b.label),
    );
    for (const o of sorted) {
      const load = async () =>
        extract(await cache.get(file, () => readClassMap(r.tree, file, r.ctx.limits)), o.classIndex);
      const ann: MaskAnnotation = {
        type: 'mask',
        label: labelOf(o, r.table),
        id: o.classIndex,
        zOrder: level,
        mask: lazyMask(load),
        attributes: {},
      };
      if (o.classIndex !== 0) ann.group = o.classIndex;
      annotations.push(ann);
    }
  }
  return annotations;
}

/** Instance masks (and polygons) of the objects, from their own files. */
function instanceMasks(
  stem: string,
  jsonFile: string,
  objects: AdeObject[],
  cache: MapCache,
  r: Reading,
): Annotation[] {
  const annotations: Annotation[] = [];
  for (const o of objects) {
    const label = labelOf(o, r.table);
    const file = joinPath(
      dirname(stem),
      safeRelativePath(o.instanceMask, { file: jsonFile, place: 'instance_mask' }),
    );
    if (!r.pathSet.has(file)) {
      r.ctx.warn(`${jsonFile}: the instance mask ${file} is missing; object ${o.id} left out`);
      continue;
    }
    const attributes = Object.fromEntries(o.attributes.map((a) => [a, true]));
    const base = { label, id: o.id, zOrder: o.partLevel, attributes, ...(o.id !== 0 ? { group: o.id } : {}) };
    const load = async () =>
      extract(await cache.get(file, () => readValueRanks(r.tree, file, r.ctx.limits)), 1);
    annotations.push({ type: 'mask', ...base, mask: lazyMask(load) });
    if (o.polygon.length >= 6)
      annotations.push({ type: 'polygon', ...base, points: o.polygon, attributes: { ...attributes } });
  }
  return annotations;
}

export async function readAde20k2020(tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> {
  const paths = (await tree.list()).map((f) => f.path);
  const entries = itemsOf(paths);
  if (entries.length === 0)
    throw new DatasetError('bad-layout', 'no images in subset folders', { file: tree.name });
  const r: Reading = {
    tree,
    pathSet: new Set(paths),
    table: new LabelTable((await readMetaLabels(tree)) ?? []),
    ctx: readContext(options),
  };
  // Every JSON is read up front: labels come in the order of the objects, as Datumaro adds them.
  const items: DatasetItem[] = [];
  for (const e of entries) {
    const stem = joinPath(e.subset, e.id);
    const jsonFile = `${stem}.json`;
    const objects = await objectsOf(e, jsonFile, r);
    if (!objects) continue;
    for (const o of objects) labelOf(o, r.table);
    const cache = new MapCache();
    const annotations = [
      ...classMasks(stem, objects, cache, r),
      ...instanceMasks(stem, jsonFile, objects, cache, r),
    ];
    const media: Media = { kind: 'image' };
    if (e.path) {
      media.path = e.path;
      media.bytes = () => tree.read(e.path);
    }
    items.push({ id: e.id, subset: e.subset, media, annotations, attributes: {} });
  }
  return readerSource(options, {
    categories: { labels: r.table.labels },
    entries: items,
    make: (item) => withImageSize(tree, item),
  });
}

import {
  type Annotation,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  type FileTree,
  lazyMask,
  type MaskAnnotation,
  type Media,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
} from '@labelport/core';
import { joinPath, splitLines, stripExtension } from '@labelport/core/files';
import { LabelTable } from '@labelport/core/meta';
import {
  type AdeImage,
  adeRootOf,
  decodeAdeText,
  findAdeImages,
  hasImage,
  levelFile,
  pathDepth,
  readMetaLabels,
  withImageSize,
} from './lib/ade-layout.js';
import { extract, MapCache, readBlueRanks } from './lib/ade-masks.js';
import { ATR_SUFFIX, type AtrObject, parseAtr } from './lib/atr-lines.js';
import { levelsOf } from './lib/level-image.js';

export async function detectAde20k2017(ctx: DetectContext) {
  const atrs = ctx.files
    .map((f) => f.path)
    .filter((p) => p.endsWith(ATR_SUFFIX) && pathDepth(p) >= 2 && pathDepth(p) <= 6)
    .sort((a, b) => pathDepth(a) - pathDepth(b));
  if (atrs.length === 0) ctx.reject('no <subset>/**/<image>_atr.txt');
  for (const atr of atrs.slice(0, 5)) {
    if (!hasImage(ctx, atr.slice(0, -ATR_SUFFIX.length))) continue;
    const lines = splitLines(await ctx.readHead(atr, 2048));
    try {
      parseAtr(lines.slice(0, Math.max(1, lines.length - 1)).join('\n'), atr);
    } catch {
      continue;
    }
    return { confidence: 1, root: adeRootOf(ctx, atr) };
  }
  return ctx.reject(
    'no _atr.txt beside its image holds `id # level # occluded # names # name # "attributes"` lines',
  );
}

/** Items: images (not masks) of the subsets, and annotation files whose image is missing. */
function itemsOf(paths: string[]): AdeImage[] {
  const images = findAdeImages(paths, 2017);
  const stems = new Set(images.map((i) => stripExtension(i.path)));
  for (const p of paths) {
    const slash = p.indexOf('/');
    if (slash < 0 || !p.endsWith(ATR_SUFFIX)) continue;
    const stem = p.slice(0, -ATR_SUFFIX.length);
    if (!stems.has(stem)) images.push({ subset: p.slice(0, slash), id: stem.slice(slash + 1), path: '' });
  }
  return images;
}

/** The masks of an image's objects, level by level: each object is its rank in the level image's B channel. */
function objectMasks(
  tree: FileTree,
  stem: string,
  objects: AtrObject[],
  pathSet: Set<string>,
  table: LabelTable,
  ctx: ReadContext,
) {
  const cache = new MapCache();
  const annotations: Annotation[] = [];
  for (const level of levelsOf(objects.map((o) => o.partLevel))) {
    const file = levelFile(stem, level);
    if (!pathSet.has(file)) {
      ctx.warn(`${file}: missing; the objects of part level ${level} and above have no masks`);
      break;
    }
    for (const o of objects) {
      if (o.partLevel !== level) continue;
      const ann: MaskAnnotation = {
        type: 'mask',
        label: table.get(o.label),
        id: o.id,
        zOrder: level,
        mask: lazyMask(async () =>
          extract(await cache.get(file, () => readBlueRanks(tree, file, ctx.limits)), o.id),
        ),
        attributes: Object.fromEntries(o.attributes.map((a) => [a, true])),
      };
      if (o.id !== 0) ann.group = o.id;
      annotations.push(ann);
    }
  }
  return annotations;
}

export async function readAde20k2017(tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> {
  const paths = (await tree.list()).map((f) => f.path);
  const pathSet = new Set(paths);
  const entries = itemsOf(paths);
  if (entries.length === 0)
    throw new DatasetError('bad-layout', 'no images in subset folders', { file: tree.name });
  const table = new LabelTable((await readMetaLabels(tree)) ?? []);
  const ctx = readContext(options);
  // Every _atr.txt is read up front: labels come in the order the files name them.
  const items: DatasetItem[] = [];
  for (const e of entries) {
    const stem = joinPath(e.subset, e.id);
    const atrFile = `${stem}${ATR_SUFFIX}`;
    const objects = await ctx.attemptItem(async () => {
      if (!pathSet.has(atrFile))
        throw new DatasetError('not-found', `no ${atrFile} for the image`, { file: e.path });
      return parseAtr(decodeAdeText(await tree.read(atrFile)), atrFile);
    }, atrFile);
    if (!objects) continue;
    for (const o of objects) table.get(o.label);
    const annotations = objectMasks(tree, stem, objects, pathSet, table, ctx);
    const media: Media = { kind: 'image' };
    if (e.path) {
      media.path = e.path;
      media.bytes = () => tree.read(e.path);
    }
    items.push({ id: e.id, subset: e.subset, media, annotations, attributes: {} });
  }
  return readerSource(options, {
    categories: { labels: table.labels },
    entries: items,
    make: (item) => withImageSize(tree, item),
  });
}

import {
  type Annotation,
  type BinaryMask,
  checkPixels,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  defineFormat,
  type FileSink,
  type FileTree,
  type IoOptions,
  lazyMask,
  loadMask,
  type MaskAnnotation,
  type Media,
  type PolygonAnnotation,
  ReportBuilder,
  readContext,
} from '@labelport/core';
import { joinPath, safeRelativePath, splitLines, stripExtension } from '@labelport/core/files';
import { decodeRle, rasterizePolygon } from '@labelport/core/geometry';
import { mediaExtension, readImageSize, saveMedia } from '@labelport/core/media';
import { LabelTable } from '@labelport/core/meta';
import { asciiJson } from './lib/ade-json.js';
import { classIndexOf, trueAttributes } from './lib/ade-labels.js';
import {
  type AdeImage,
  adeRootOf,
  DEFAULT_IMAGE_EXT,
  decodeAdeText,
  findAdeImages,
  hasImage,
  levelFile,
  META_FILE,
  pathDepth,
  readMetaLabels,
} from './lib/ade-layout.js';
import { extract, MapCache, readBlueRanks } from './lib/ade-masks.js';
import { type AtrObject, formatAtr, parseAtr } from './lib/atr-lines.js';
import { blueRanks, levelsOf, masksOverlap, renderLevelImage } from './lib/level-image.js';

const ATR_SUFFIX = '_atr.txt';

async function detectAde20k2017(ctx: DetectContext) {
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

async function readAde20k2017(tree: FileTree, options: IoOptions = {}): Promise<DatasetSource> {
  const paths = (await tree.list()).map((f) => f.path);
  const pathSet = new Set(paths);
  const entries = itemsOf(paths);
  if (entries.length === 0)
    throw new DatasetError('bad-layout', 'no images in subset folders', { file: tree.name });
  const table = new LabelTable((await readMetaLabels(tree)) ?? []);
  const { limits } = readContext(options);
  const items: DatasetItem[] = [];
  for (const e of entries) {
    const stem = joinPath(e.subset, e.id);
    const atrFile = `${stem}${ATR_SUFFIX}`;
    if (!pathSet.has(atrFile)) {
      const err = new DatasetError('not-found', `no ${atrFile} for the image`, { file: e.path });
      if (!options.lenient) throw err;
      options.onWarning?.(err.message);
      continue;
    }
    let objects: AtrObject[];
    try {
      objects = parseAtr(decodeAdeText(await tree.read(atrFile)), atrFile);
    } catch (err) {
      readContext(options).skip(err);
      continue;
    }
    for (const o of objects) table.get(o.label);
    const cache = new MapCache();
    const annotations: Annotation[] = [];
    for (const level of levelsOf(objects.map((o) => o.partLevel))) {
      const file = levelFile(stem, level);
      if (!pathSet.has(file)) {
        options.onWarning?.(`${file}: missing; the objects of part level ${level} and above have no masks`);
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
            extract(await cache.get(file, () => readBlueRanks(tree, file, limits)), o.id),
          ),
          attributes: Object.fromEntries(o.attributes.map((a) => [a, true])),
        };
        if (o.id !== 0) ann.group = o.id;
        annotations.push(ann);
      }
    }
    const media: Media = { kind: 'image' };
    if (e.path) {
      media.path = e.path;
      media.bytes = () => tree.read(e.path);
    }
    items.push({ id: e.id, subset: e.subset, media, annotations, attributes: {} });
  }
  return {
    categories: { labels: table.labels },
    size: items.length,
    async *items() {
      let done = 0;
      for (const item of items) {
        const m = item.media as Media;
        if (m.path && m.width === undefined) {
          const size = await readImageSize(tree, m.path);
          if (size) {
            m.width = size.width;
            m.height = size.height;
          }
        }
        yield item;
        readContext(options).check();
        options.onProgress?.(++done, items.length);
      }
    },
  };
}

async function writeAde20k2017(source: DatasetSource, out: FileSink, options: IoOptions = {}) {
  const report = new ReportBuilder();
  const labels = source.categories.labels;
  const { limits } = readContext(options);
  if (labels.length > 0) await out.write(META_FILE, asciiJson({ labels: labels.map((l) => l.name) }));
  for await (const item of source.items()) {
    report.items++;
    const stem = joinPath(safeRelativePath(item.subset), safeRelativePath(item.id));
    if (options.saveMedia)
      await saveMedia(item, out, `${stem}${mediaExtension(item, DEFAULT_IMAGE_EXT)}`, report);
    if (Object.keys(item.attributes).length > 0)
      report.drop('item attribute', Object.keys(item.attributes).length);
    const byLevel = new Map<number, { a: MaskAnnotation | PolygonAnnotation; mask: BinaryMask }[]>();
    const polygons: PolygonAnnotation[] = [];
    let size: { width: number; height: number } | undefined;
    for (const a of item.annotations) {
      if (a.type === 'polygon') {
        polygons.push(a);
        continue;
      }
      if (a.type !== 'mask') {
        report.drop(a.type);
        continue;
      }
      if (a.label === undefined || a.label >= labels.length) {
        report.drop('mask');
        report.warn('masks without a label cannot be written');
        continue;
      }
      const mask = await loadMask(a.mask, { limits, where: `item ${item.id}` });
      size ??= { width: mask.width, height: mask.height };
      if (mask.width !== size.width || mask.height !== size.height) {
        report.drop('mask');
        report.warn(
          `${item.id}: masks of different sizes; those not ${size.width}x${size.height} were left out`,
        );
        continue;
      }
      const level = Number.isInteger(a.zOrder) && (a.zOrder as number) >= 0 ? (a.zOrder as number) : 0;
      const list = byLevel.get(level) ?? [];
      byLevel.set(level, list);
      list.push({ a, mask });
    }
    // Polygons (from COCO, say) are drawn into masks of the item's size.
    for (const p of polygons) {
      const w = size?.width ?? item.media?.width;
      const h = size?.height ?? item.media?.height;
      if (p.label === undefined || p.label >= labels.length || !w || !h) {
        report.drop('polygon');
        report.warn('polygons without a label, or on an item of unknown size, cannot be written');
        continue;
      }
      // Painted at the item's size: held to the caller's pixel limit first.
      checkPixels(w, h, `item ${item.id}`, limits);
      size ??= { width: w, height: h };
      report.convert('polygon', 'mask');
      const level = Number.isInteger(p.zOrder) && (p.zOrder as number) >= 0 ? (p.zOrder as number) : 0;
      const list = byLevel.get(level) ?? [];
      byLevel.set(level, list);
      list.push({ a: p, mask: decodeRle(rasterizePolygon(p.points, h, w)) });
    }
    const objects: AtrObject[] = [];
    for (const level of levelsOf(byLevel.keys())) {
      if (!size) break;
      const masks = (byLevel.get(level) ?? []).sort((x, y) => (x.a.id ?? 0) - (y.a.id ?? 0));
      if (masks.length > 255) {
        report.drop('mask', masks.length - 255);
        report.warn('a part level holds at most 255 instances');
        masks.length = 255;
      }
      const layers = masks.map(({ a, mask }, k) => ({
        mask,
        cls: classIndexOf(labels, a.label as number),
        instance: k + 1,
      }));
      if (masksOverlap(layers.map((l) => ({ mask: l.mask, value: l.instance })))) {
        report.warn(
          `${item.id}: masks of one part level overlap; where they do, the later one (by id) keeps the pixel`,
        );
      }
      const ranks = blueRanks(size.width, size.height, layers, limits);
      masks.forEach(({ a }, k) => {
        const rank = ranks.get(k + 1);
        if (rank === undefined) {
          report.drop('mask');
          report.warn('empty masks, and masks wholly covered by others, cannot be written');
          return;
        }
        const { names, lost } = trueAttributes(a.attributes);
        if (lost > 0) report.drop('attribute', lost);
        const name = labels[a.label as number].name;
        objects.push({
          id: rank,
          partLevel: level,
          occluded: a.attributes.occluded === true,
          name,
          label: name,
          attributes: names,
        });
      });
      await out.write(levelFile(stem, level), renderLevelImage(size.width, size.height, layers, limits));
    }
    if (objects.some((o) => o.name.includes('#') || o.attributes.some((n) => /[#,"]/.test(n)))) {
      report.warn("label or attribute names with '#', ',' or '\"' do not read back from _atr.txt");
    }
    if (objects.length === 0)
      report.warn('items with no object were written with an empty _atr.txt, which Datumaro cannot read');
    await out.write(`${stem}${ATR_SUFFIX}`, formatAtr(objects));
    readContext(options).check();
    options.onProgress?.(report.items, source.size);
  }
  return report.build();
}

export const ade20k2017 = defineFormat({
  id: 'ade20k2017',
  title: 'ADE20K 2017',
  extensions: ['.txt'],
  capabilities: {
    annotations: ['mask'],
    converts: { polygon: 'mask' },
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: false,
  },
  detect: detectAde20k2017,
  read: readAde20k2017,
  write: writeAde20k2017,
});

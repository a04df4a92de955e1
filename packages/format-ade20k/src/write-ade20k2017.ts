import {
  type BinaryMask,
  checkPixels,
  type DatasetItem,
  type DatasetLimits,
  type DatasetSource,
  type FileSink,
  type LabelCategory,
  loadMask,
  type MaskAnnotation,
  type PolygonAnnotation,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { joinPath, safeRelativePath } from '@labelport/core/files';
import { decodeRle, rasterizePolygon } from '@labelport/core/geometry';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { asciiJson } from './lib/ade-json.js';
import { classIndexOf, trueAttributes } from './lib/ade-labels.js';
import { DEFAULT_IMAGE_EXT, levelFile, META_FILE } from './lib/ade-layout.js';
import { ATR_SUFFIX, type AtrObject, formatAtr } from './lib/atr-lines.js';
import { blueRanks, levelsOf, masksOverlap, renderLevelImage } from './lib/level-image.js';

type Shape = { a: MaskAnnotation | PolygonAnnotation; mask: BinaryMask };

interface Writing {
  out: FileSink;
  report: ReportBuilder;
  labels: LabelCategory[];
  limits: DatasetLimits;
}

const levelOf = (a: { zOrder?: number }) =>
  Number.isInteger(a.zOrder) && (a.zOrder as number) >= 0 ? (a.zOrder as number) : 0;

export async function writeAde20k2017(
  source: DatasetSource,
  out: FileSink,
  options: WriteOptions = {},
): Promise<WriteReport> {
  const ctx = readContext(options);
  const w: Writing = {
    out,
    report: new ReportBuilder(),
    labels: source.categories.labels,
    limits: ctx.limits,
  };
  if (w.labels.length > 0) await out.write(META_FILE, asciiJson({ labels: w.labels.map((l) => l.name) }));
  for await (const item of ctx.iter(source.items(), source.size)) {
    w.report.items++;
    const stem = joinPath(safeRelativePath(item.subset), safeRelativePath(item.id));
    if (options.saveMedia)
      await saveMedia(item, out, `${stem}${mediaExtension(item, DEFAULT_IMAGE_EXT)}`, w.report);
    w.report.drop('item attribute', Object.keys(item.attributes).length);
    const { byLevel, size } = await shapesByLevel(item, w);
    const objects = size ? await writeLevels(item, stem, byLevel, size, w) : [];
    if (objects.some((o) => o.name.includes('#') || o.attributes.some((n) => /[#,"]/.test(n)))) {
      w.report.warn("label or attribute names with '#', ',' or '\"' do not read back from _atr.txt");
    }
    if (objects.length === 0)
      w.report.warn('items with no object were written with an empty _atr.txt, which Datumaro cannot read');
    await out.write(`${stem}${ATR_SUFFIX}`, formatAtr(objects));
  }
  return w.report.build();
}

/** The item's masks (loaded) and polygons (drawn at the item's size), by part level; the rest is counted. */
async function shapesByLevel(item: DatasetItem, w: Writing) {
  const { report, labels, limits } = w;
  const byLevel = new Map<number, Shape[]>();
  const add = (level: number, shape: Shape) => {
    const list = byLevel.get(level) ?? [];
    byLevel.set(level, list);
    list.push(shape);
  };
  const polygons: PolygonAnnotation[] = [];
  let size: { width: number; height: number } | undefined;
  for (const a of item.annotations) {
    if (a.type === 'polygon') polygons.push(a);
    else if (a.type !== 'mask') report.drop(a.type);
    else if (a.label === undefined || a.label >= labels.length)
      report.drop('mask', 1, 'masks without a label cannot be written');
    else {
      const mask = await loadMask(a.mask, { limits, where: `item ${item.id}` });
      size ??= { width: mask.width, height: mask.height };
      if (mask.width === size.width && mask.height === size.height) add(levelOf(a), { a, mask });
      else {
        const why = `${item.id}: masks of different sizes; those not ${size.width}x${size.height} were left out`;
        report.drop('mask', 1, why);
      }
    }
  }
  // Polygons (from COCO, say) are drawn into masks of the item's size.
  for (const p of polygons) {
    const pw = size?.width ?? item.media?.width;
    const ph = size?.height ?? item.media?.height;
    if (p.label === undefined || p.label >= labels.length || !pw || !ph) {
      report.drop('polygon', 1, 'polygons without a label, or on an item of unknown size, cannot be written');
      continue;
    }
    checkPixels(pw, ph, `item ${item.id}`, limits); // painted at the item's size: held to the pixel limit first
    size ??= { width: pw, height: ph };
    report.convert('polygon', 'mask');
    add(levelOf(p), { a: p, mask: decodeRle(rasterizePolygon(p.points, ph, pw)) });
  }
  return { byLevel, size };
}

/** Each part level's image (`_seg.png`, `_parts_N.png`), and the objects of the `_atr.txt`. */
async function writeLevels(
  item: DatasetItem,
  stem: string,
  byLevel: Map<number, Shape[]>,
  size: { width: number; height: number },
  w: Writing,
): Promise<AtrObject[]> {
  const { report, labels, limits } = w;
  const objects: AtrObject[] = [];
  for (const level of levelsOf(byLevel.keys())) {
    const masks = (byLevel.get(level) ?? []).sort((x, y) => (x.a.id ?? 0) - (y.a.id ?? 0));
    if (masks.length > 255) {
      report.drop('mask', masks.length - 255, 'a part level holds at most 255 instances');
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
        report.drop('mask', 1, 'empty masks, and masks wholly covered by others, cannot be written');
        return;
      }
      const { names, lost } = trueAttributes(a.attributes);
      report.drop('attribute', lost);
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
    await w.out.write(levelFile(stem, level), renderLevelImage(size.width, size.height, layers, limits));
  }
  return objects;
}

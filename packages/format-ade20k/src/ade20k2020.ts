import {
  type Annotation,
  type BinaryMask,
  checkPixels,
  DatasetError,
  type DatasetItem,
  type DatasetLimits,
  type DatasetSource,
  type DetectContext,
  defineFormat,
  type FileSink,
  type FileTree,
  type IoOptions,
  type LabelCategory,
  lazyMask,
  loadMask,
  type MaskAnnotation,
  type Media,
  type PolygonAnnotation,
  ReportBuilder,
  readContext,
} from '@labelport/core';
import {
  basename,
  dirname,
  extname,
  joinPath,
  safeRelativePath,
  stripExtension,
} from '@labelport/core/files';
import { decodeRle, rasterizePolygon } from '@labelport/core/geometry';
import { mediaExtension, readImageSize, saveMedia } from '@labelport/core/media';
import { LabelTable } from '@labelport/core/meta';
import { encodePng } from '@labelport/core/png';
import { type AdeObject, type AdeObjectOut, asciiJson, formatAdeJson, parseAdeJson } from './lib/ade-json.js';
import { classIndexOf, trueAttributes } from './lib/ade-labels.js';
import {
  type AdeImage,
  adeRootOf,
  DEFAULT_IMAGE_EXT,
  decodeAdeText,
  findAdeImages,
  hasImage,
  isMaskName,
  levelFile,
  META_FILE,
  pathDepth,
  readMetaLabels,
} from './lib/ade-layout.js';
import { extract, MapCache, readClassMap, readValueRanks } from './lib/ade-masks.js';
import { type LevelLayer, levelsOf, masksOverlap, renderLevelImage } from './lib/level-image.js';

async function detectAde20k2020(ctx: DetectContext) {
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

async function readAde20k2020(tree: FileTree, options: IoOptions = {}): Promise<DatasetSource> {
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
    const jsonFile = `${stem}.json`;
    let objects: AdeObject[];
    try {
      if (!pathSet.has(jsonFile))
        throw new DatasetError('not-found', `no ${jsonFile} for the image`, { file: e.path });
      const text = decodeAdeText(await tree.read(jsonFile));
      // A JSON with no image beside it is an item only when it is an ADE20K annotation.
      if (!e.path && !/^\s*\{\s*"annotation"\s*:/.test(text)) continue;
      objects = parseAdeJson(text, jsonFile);
    } catch (err) {
      readContext(options).skip(err);
      continue;
    }
    const labelOf = (o: AdeObject) => {
      const i = table.get(o.label);
      (table.labels[i] as LabelCategory).id ??= o.classIndex;
      return i;
    };
    // Labels in the order of the objects, as Datumaro adds them.
    for (const o of objects) labelOf(o);
    const cache = new MapCache();
    const annotations: Annotation[] = [];
    // Class masks: one per (class, label) of each part level, from _seg.png and _parts_N.png.
    for (const level of levelsOf(objects.map((o) => o.partLevel))) {
      const file = levelFile(stem, level);
      if (!pathSet.has(file)) {
        options.onWarning?.(`${file}: missing; the classes of part level ${level} and above have no masks`);
        break;
      }
      const classes = new Map<string, AdeObject>();
      for (const o of objects) if (o.partLevel === level) classes.set(`${o.classIndex}\u0000${o.label}`, o);
      for (const o of [...classes.values()].sort(
        (a, b) => a.classIndex - b.classIndex || a.label.localeCompare(b.label),
      )) {
        const ann: MaskAnnotation = {
          type: 'mask',
          label: labelOf(o),
          id: o.classIndex,
          zOrder: level,
          mask: lazyMask(async () =>
            extract(await cache.get(file, () => readClassMap(tree, file, limits)), o.classIndex),
          ),
          attributes: {},
        };
        if (o.classIndex !== 0) ann.group = o.classIndex;
        annotations.push(ann);
      }
    }
    // Instance masks (and polygons) of the objects, from their own files.
    for (const o of objects) {
      const label = labelOf(o);
      const file = joinPath(
        dirname(stem),
        safeRelativePath(o.instanceMask, { file: jsonFile, place: 'instance_mask' }),
      );
      if (!pathSet.has(file)) {
        options.onWarning?.(`${jsonFile}: the instance mask ${file} is missing; object ${o.id} left out`);
        continue;
      }
      const attributes = Object.fromEntries(o.attributes.map((a) => [a, true]));
      const base = {
        label,
        id: o.id,
        zOrder: o.partLevel,
        attributes,
        ...(o.id !== 0 ? { group: o.id } : {}),
      };
      annotations.push({
        type: 'mask',
        ...base,
        mask: lazyMask(async () =>
          extract(await cache.get(file, () => readValueRanks(tree, file, limits)), 1),
        ),
      });
      if (o.polygon.length >= 6)
        annotations.push({ type: 'polygon', ...base, points: o.polygon, attributes: { ...attributes } });
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

interface ObjectIn {
  a: MaskAnnotation | PolygonAnnotation;
  mask: BinaryMask;
  polygon?: number[];
}

/**
 * Splits an item's masks as the reader makes them: a mask whose id is its label's ADE class index (the
 * label's source id) and that has no attributes is the class mask of its part level; every other
 * labelled mask is an object. Polygons go with the object mask of the same id and label.
 */
async function splitAnnotations(
  item: DatasetItem,
  labels: LabelCategory[],
  report: ReportBuilder,
  limits: DatasetLimits,
) {
  const classMasks: { a: MaskAnnotation; mask: BinaryMask }[] = [];
  const objects: ObjectIn[] = [];
  const seenClass = new Set<string>();
  const polygons: PolygonAnnotation[] = [];
  let size: { width: number; height: number } | undefined;
  const sized = (mask: BinaryMask) => {
    size ??= { width: mask.width, height: mask.height };
    if (mask.width === size.width && mask.height === size.height) return true;
    report.drop('mask');
    report.warn(`${item.id}: masks of different sizes; those not ${size.width}x${size.height} were left out`);
    return false;
  };
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
    if (!sized(mask)) continue;
    const key = `${a.label}\u0000${a.zOrder ?? 0}`;
    if (
      labels[a.label].id !== undefined &&
      a.id === labels[a.label].id &&
      Object.keys(a.attributes).length === 0 &&
      !seenClass.has(key)
    ) {
      seenClass.add(key);
      classMasks.push({ a, mask });
    } else objects.push({ a, mask });
  }
  for (const p of polygons) {
    // Same id (none counts as 0, as the Datumaro format leaves out id 0), label and part level.
    const owner = objects.find(
      (o) =>
        o.a.type === 'mask' &&
        o.polygon === undefined &&
        (o.a.id ?? 0) === (p.id ?? 0) &&
        o.a.label === p.label &&
        (o.a.zOrder ?? 0) === (p.zOrder ?? 0),
    );
    if (owner) owner.polygon = p.points;
    else if (p.label === undefined || p.label >= labels.length) {
      report.drop('polygon');
      report.warn('polygons without a label cannot be written');
    } else if (!size && !(item.media?.width && item.media.height)) {
      report.drop('polygon');
      report.warn(`${item.id}: a polygon with no mask and no image size cannot be written`);
    } else {
      const w = size?.width ?? (item.media?.width as number);
      const h = size?.height ?? (item.media?.height as number);
      checkPixels(w, h, `item ${item.id}`, limits); // painted at this size
      size ??= { width: w, height: h };
      objects.push({ a: p, mask: decodeRle(rasterizePolygon(p.points, h, w)), polygon: p.points });
      report.warn('polygons without an object mask were written with a mask drawn from them');
    }
  }
  return { classMasks, objects, size };
}

async function writeAde20k2020(source: DatasetSource, out: FileSink, options: IoOptions = {}) {
  const report = new ReportBuilder();
  const labels = source.categories.labels;
  const { limits } = readContext(options);
  if (labels.length > 0) await out.write(META_FILE, asciiJson({ labels: labels.map((l) => l.name) }));
  for await (const item of source.items()) {
    report.items++;
    const id = safeRelativePath(item.id);
    const stem = joinPath(safeRelativePath(item.subset), id);
    const ext = mediaExtension(item, DEFAULT_IMAGE_EXT);
    if (options.saveMedia) await saveMedia(item, out, `${stem}${ext}`, report);
    if (Object.keys(item.attributes).length > 0)
      report.drop('item attribute', Object.keys(item.attributes).length);
    const { classMasks, objects, size } = await splitAnnotations(item, labels, report, limits);
    const levelOf = (a: Annotation) =>
      Number.isInteger(a.zOrder) && (a.zOrder as number) >= 0 ? (a.zOrder as number) : 0;

    // Object ids: kept when they are distinct non-negative integers.
    const used = new Set<number>();
    const ids = objects.map((o) => {
      const v = o.a.id;
      if (v !== undefined && Number.isInteger(v) && v >= 0 && !used.has(v)) {
        used.add(v);
        return v;
      }
      return undefined;
    });
    // Objects with no id take the smallest free ones (0 first: the model does not tell id 0 from none).
    const freeId = () => {
      let v = 0;
      while (used.has(v)) v++;
      used.add(v);
      return v;
    };
    const out_: AdeObjectOut[] = objects.map((o, k) => {
      const objectId = ids[k] ?? freeId();
      const { names, lost } = trueAttributes(o.a.attributes);
      if (lost > 0) report.drop('attribute', lost);
      const name = labels[o.a.label as number].name;
      if (o.mask.data.length > 0 && !o.mask.data.includes(0)) {
        report.drop('mask');
        report.warn(
          'an object mask covering the whole image reads back empty (ADE20K keeps the second value of the mask file)',
        );
      }
      return {
        id: objectId,
        classIndex: classIndexOf(labels, o.a.label as number),
        partLevel: levelOf(o.a),
        label: name,
        attributes: names,
        occluded: o.a.attributes.occluded === true,
        instanceMask: `${basename(id)}/instance_${String(objectId).padStart(3, '0')}_${basename(id)}.png`,
        polygon: o.polygon ?? [],
        depth: k + 1,
      };
    });

    if (size) {
      const { width, height } = size;
      for (let k = 0; k < objects.length; k++) {
        const src = objects[k].mask.data;
        const data = new Uint8Array(src.length);
        for (let i = 0; i < src.length; i++) if (src[i]) data[i] = 255;
        await out.write(
          joinPath(dirname(stem), out_[k].instanceMask),
          encodePng({ width, height, colorType: 'gray', data }),
        );
      }
      for (const level of levelsOf([
        ...out_.map((o) => o.partLevel),
        ...classMasks.map((c) => levelOf(c.a)),
      ])) {
        const objectsHere = objects
          .map((o, k) => ({ o, out: out_[k] }))
          .filter((x) => x.out.partLevel === level);
        const classesHere = classMasks.filter((c) => levelOf(c.a) === level);
        // Class masks read back only for classes that have an object at their level.
        for (const c of classesHere) {
          if (!objectsHere.some((x) => x.o.a.label === c.a.label)) {
            report.drop('mask');
            report.warn('class masks with no object of their class at their part level cannot be written');
          }
        }
        const layers: LevelLayer[] =
          classesHere.length > 0
            ? classesHere.map((c) => ({ mask: c.mask, cls: classIndexOf(labels, c.a.label as number) }))
            : objectsHere.map((x) => ({ mask: x.o.mask, cls: x.out.classIndex }));
        if (masksOverlap(layers.map((l) => ({ mask: l.mask, value: l.cls ?? 0 })))) {
          report.warn(
            `${item.id}: class masks of one part level overlap; where they do, the later one keeps the pixel`,
          );
        }
        objectsHere.forEach((x, k) => {
          layers.push({ mask: x.o.mask, instance: Math.min(k + 1, 255) });
        });
        await out.write(levelFile(stem, level), renderLevelImage(width, height, layers, limits));
      }
    }
    if (out_.length === 0)
      report.warn('items with no object were written with an empty object list, which Datumaro cannot read');
    const imageSize = size ?? { width: item.media?.width ?? 0, height: item.media?.height ?? 0 };
    await out.write(
      `${stem}.json`,
      formatAdeJson({ filename: `${basename(id)}${ext}`, folder: dirname(stem), ...imageSize }, out_),
    );
    readContext(options).check();
    options.onProgress?.(report.items, source.size);
  }
  return report.build();
}

export const ade20k2020 = defineFormat({
  id: 'ade20k2020',
  title: 'ADE20K 2020',
  extensions: ['.json'],
  capabilities: {
    annotations: ['mask', 'polygon'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: false,
  },
  detect: detectAde20k2020,
  read: readAde20k2020,
  write: writeAde20k2020,
});

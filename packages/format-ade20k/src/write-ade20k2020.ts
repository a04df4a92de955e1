import {
  type Annotation,
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
import { basename, dirname, joinPath, safeRelativePath } from '@labelport/core/files';
import { decodeRle, rasterizePolygon } from '@labelport/core/geometry';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { encodePng } from '@labelport/core/png';
import { type AdeObjectOut, asciiJson, formatAdeJson } from './lib/ade-json.js';
import { classIndexOf, trueAttributes } from './lib/ade-labels.js';
import { DEFAULT_IMAGE_EXT, levelFile, META_FILE } from './lib/ade-layout.js';
import { type LevelLayer, levelsOf, masksOverlap, renderLevelImage } from './lib/level-image.js';

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
    report.drop(
      'mask',
      1,
      `${item.id}: masks of different sizes; those not ${size.width}x${size.height} were left out`,
    );
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
      report.drop('mask', 1, 'masks without a label cannot be written');
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
      report.drop('polygon', 1, 'polygons without a label cannot be written');
    } else if (!size && !(item.media?.width && item.media.height)) {
      report.drop('polygon', 1, `${item.id}: a polygon with no mask and no image size cannot be written`);
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

const levelOf = (a: Annotation) =>
  Number.isInteger(a.zOrder) && (a.zOrder as number) >= 0 ? (a.zOrder as number) : 0;

interface Writing {
  out: FileSink;
  report: ReportBuilder;
  labels: LabelCategory[];
  limits: DatasetLimits;
}

export async function writeAde20k2020(
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
    const id = safeRelativePath(item.id);
    const stem = joinPath(safeRelativePath(item.subset), id);
    const ext = mediaExtension(item, DEFAULT_IMAGE_EXT);
    if (options.saveMedia) await saveMedia(item, out, `${stem}${ext}`, w.report);
    w.report.drop('item attribute', Object.keys(item.attributes).length);
    const { classMasks, objects, size } = await splitAnnotations(item, w.labels, w.report, w.limits);
    const written = objectsOut(objects, id, w);
    if (size) await writeMasks(item.id, stem, { classMasks, objects, written }, size, w);
    if (written.length === 0)
      w.report.warn(
        'items with no object were written with an empty object list, which Datumaro cannot read',
      );
    const imageSize = size ?? { width: item.media?.width ?? 0, height: item.media?.height ?? 0 };
    const image = { filename: `${basename(id)}${ext}`, folder: dirname(stem), ...imageSize };
    await out.write(`${stem}.json`, formatAdeJson(image, written));
  }
  return w.report.build();
}

/** The objects as the JSON lists them: ids kept when distinct non-negative integers, else the smallest free. */
function objectsOut(objects: ObjectIn[], id: string, w: Writing): AdeObjectOut[] {
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
  return objects.map((o, k) => {
    const objectId = ids[k] ?? freeId();
    const { names, lost } = trueAttributes(o.a.attributes);
    w.report.drop('attribute', lost);
    if (o.mask.data.length > 0 && !o.mask.data.includes(0)) {
      const why =
        'an object mask covering the whole image reads back empty (ADE20K keeps the second value of the mask file)';
      w.report.drop('mask', 1, why);
    }
    return {
      id: objectId,
      classIndex: classIndexOf(w.labels, o.a.label as number),
      partLevel: levelOf(o.a),
      label: w.labels[o.a.label as number].name,
      attributes: names,
      occluded: o.a.attributes.occluded === true,
      instanceMask: `${basename(id)}/instance_${String(objectId).padStart(3, '0')}_${basename(id)}.png`,
      polygon: o.polygon ?? [],
      depth: k + 1,
    };
  });
}

/** Each object's instance mask file, and each part level's image (class and instance codes). */
async function writeMasks(
  itemId: string,
  stem: string,
  shapes: {
    classMasks: { a: MaskAnnotation; mask: BinaryMask }[];
    objects: ObjectIn[];
    written: AdeObjectOut[];
  },
  { width, height }: { width: number; height: number },
  w: Writing,
) {
  const { classMasks, objects, written } = shapes;
  for (let k = 0; k < objects.length; k++) {
    const src = objects[k].mask.data;
    const data = new Uint8Array(src.length);
    for (let i = 0; i < src.length; i++) if (src[i]) data[i] = 255;
    const file = joinPath(dirname(stem), written[k].instanceMask);
    await w.out.write(file, encodePng({ width, height, colorType: 'gray', data }));
  }
  for (const level of levelsOf([
    ...written.map((o) => o.partLevel),
    ...classMasks.map((c) => levelOf(c.a)),
  ])) {
    const objectsHere = objects
      .map((o, k) => ({ o, out: written[k] }))
      .filter((x) => x.out.partLevel === level);
    const classesHere = classMasks.filter((c) => levelOf(c.a) === level);
    // Class masks read back only for classes that have an object at their level.
    for (const c of classesHere) {
      if (objectsHere.some((x) => x.o.a.label === c.a.label)) continue;
      w.report.drop(
        'mask',
        1,
        'class masks with no object of their class at their part level cannot be written',
      );
    }
    const layers: LevelLayer[] =
      classesHere.length > 0
        ? classesHere.map((c) => ({ mask: c.mask, cls: classIndexOf(w.labels, c.a.label as number) }))
        : objectsHere.map((x) => ({ mask: x.o.mask, cls: x.out.classIndex }));
    if (masksOverlap(layers.map((l) => ({ mask: l.mask, value: l.cls ?? 0 })))) {
      w.report.warn(
        `${itemId}: class masks of one part level overlap; where they do, the later one keeps the pixel`,
      );
    }
    objectsHere.forEach((x, k) => {
      layers.push({ mask: x.o.mask, instance: Math.min(k + 1, 255) });
    });
    await w.out.write(levelFile(stem, level), renderLevelImage(width, height, layers, w.limits));
  }
}

import {
  type Categories,
  DatasetError,
  type DatasetItem,
  type DatasetLimits,
  type DatasetSource,
  type FileSink,
  ReportBuilder,
  readContext,
  toPixels,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { IMAGES_META_FILE } from '@labelport/core/meta';
import { subsetKeys, ultralyticsSubset } from './lib/dataset-yaml.js';
import { formatImageMeta, type SizeEntry } from './lib/image-meta.js';
import { SubsetItemIds } from './lib/item-ids.js';
import { type ImageSize, UNIT } from './lib/label-file.js';
import { isRotatedBox, obbLines, uprightShapes } from './lib/ultralytics-obb.js';
import {
  clipToImage,
  lineShapes,
  objectLines,
  type Writable,
  writableShapes,
} from './lib/ultralytics-objects.js';
import { poseLines } from './lib/ultralytics-pose.js';
import { imageSizeForWriting } from './lib/write-size.js';
import { YAML } from './lib/yaml.js';
import type { UltralyticsWriteOptions } from './ultralytics.js';

/** The keypoint count the skeleton categories give (COCO keypoints, CVAT and Datumaro skeletons), if any. */
function skeletonKeypoints(categories: Categories): number | undefined {
  let k = 0;
  for (const s of categories.skeletons?.values() ?? []) k = Math.max(k, s.points.length);
  return k || undefined;
}

/**
 * Writes the dataset. A pose dataset needs the keypoint count before its first line: from the
 * `keypoints` option or the skeleton categories; failing those, the items are written as boxes and
 * polygons until one has keypoints, and then all are written again as a pose dataset (a second pass
 * over the items only in that case).
 */
export async function writeUltralytics(
  source: DatasetSource,
  sink: FileSink,
  options: UltralyticsWriteOptions & WriteOptions = {},
): Promise<WriteReport> {
  const k = options.keypoints ?? skeletonKeypoints(source.categories);
  if (k !== undefined && (!Number.isInteger(k) || k < 0))
    throw new DatasetError('bad-option', `keypoints must be a whole number >= 0, got ${k}`);
  let task: Task = { k: k ?? 0, obb: options.obb ?? false };
  const open = { k: k === undefined, obb: options.obb === undefined && k === undefined };
  for (;;) {
    const pass = await writePass(source, sink, options, task, open);
    if (!('restart' in pass)) return pass;
    task = pass.restart;
    open.k = open.obb = false;
  }
}

/** What the dataset is written as: a pose dataset of `k` keypoints, an OBB dataset, or boxes and polygons. */
interface Task {
  k: number;
  obb: boolean;
}

/** The subset folder of an item, checked as a folder name and a data.yaml key. */
function subsetOf(item: DatasetItem, report: ReportBuilder): string {
  const subset = ultralyticsSubset(item.subset, report);
  if (!/^[\w.-]+$/.test(subset))
    throw new DatasetError('bad-value', `subset '${subset}' can't be a folder name and a data.yaml key`);
  // Ultralytics finds a label file by turning the image path's last /images/ into /labels/
  if (/(^|\/)images\//.test(item.id))
    report.warn(
      `item '${item.id}' has a folder named images: Ultralytics looks for its labels under that folder's labels/, not labels/${subset}/`,
    );
  return subset;
}

/** The largest keypoint count of the item's points annotations (0 without any). */
const pointsCountOf = (annotations: { type: string; points?: number[] }[]) =>
  Math.max(0, ...annotations.map((a) => (a.type === 'points' ? a.points!.length / 2 : 0)));

/** The lines of one item's label file, with `k` keypoints per pose object (0: not a pose dataset). */
function itemLines(
  annotations: Awaited<ReturnType<typeof lineShapes>>,
  item: DatasetItem,
  size: ImageSize | undefined,
  task: Task,
  report: ReportBuilder,
): string[] {
  const kept = writableShapes(annotations, size !== undefined, item.id, report);
  // fractions (read without the image) become pixels where the size is known, else are written as
  // they are
  const lineSize = size ?? UNIT;
  const inPixels = size ? kept.map((a) => toPixels(a, size.width, size.height) as Writable) : kept;
  if (task.obb) return obbLines(inPixels, lineSize, report);
  const upright = uprightShapes(inPixels, task.k > 0, report);
  const usable = clipToImage(upright, lineSize, report);
  const k = task.k;
  if (k > 0) return poseLines(usable, k, lineSize, report);
  const shapes = usable.filter((a) => a.type === 'bbox' || a.type === 'polygon');
  return objectLines(shapes as Parameters<typeof objectLines>[0], lineSize, report);
}

/** data.yaml: the subsets, names as an index map, kpt_shape (and kpt_names) for pose. */
function datasetYaml(subsets: string[], categories: Categories, task: Task, report: ReportBuilder): string {
  const k = task.k;
  const doc = subsetKeys(subsets, report);
  doc.names = new Map(categories.labels.map((l, i) => [i, l.name]));
  if (task.obb) doc.task = 'obb';
  if (k > 0) {
    doc.kpt_shape = [k, 3];
    const skeletons = categories.skeletons;
    // point names only when every skeleton names all k points
    if (skeletons?.size && [...skeletons.values()].every((sk) => sk.points.length === k)) {
      doc.kpt_names = new Map([...skeletons].map(([label, sk]) => [label, sk.points]));
    }
  }
  const yamlDoc = new YAML.Document(doc);
  const kptShape = yamlDoc.get('kpt_shape', true);
  if (YAML.isSeq(kptShape)) kptShape.flow = true; // `kpt_shape: [17, 3]`, as Ultralytics writes it
  return yamlDoc.toString();
}

/**
 * One pass over the items. While the task is `open`, the first keypoints (or the first rotated box)
 * stop the pass: it is written again as a pose (or OBB) dataset.
 */
async function writePass(
  source: DatasetSource,
  sink: FileSink,
  options: UltralyticsWriteOptions & WriteOptions,
  task: Task,
  open: { k: boolean; obb: boolean },
): Promise<WriteReport | { restart: Task }> {
  const ctx = readContext(options);
  const limits: DatasetLimits = ctx.limits;
  const report = new ReportBuilder();
  const subsets: string[] = [];
  const sizes: SizeEntry[] = [];
  const seen = new SubsetItemIds();
  for await (const item of ctx.iter(source.items(), source.size)) {
    report.items++;
    report.drop('item attribute', Object.keys(item.attributes).length);
    const subset = subsetOf(item, report);
    if (!subsets.includes(subset)) subsets.push(subset);
    seen.claim(subset, item.id);
    // the image's own extension, in its own case ('.JPG' stays '.JPG')
    const image = `images/${subset}/${item.id}${mediaExtension(item, '.jpg')}`;
    if (options.saveMedia) await saveMedia(item, sink, image, report);
    const size = await imageSizeForWriting(item);
    if (size) sizes.push({ id: item.id, image, size });
    const annotations = await lineShapes(item.annotations, report, limits);
    if (open.k && task.k === 0) {
      const pointsCount = pointsCountOf(annotations);
      if (pointsCount > 0) return { restart: { k: pointsCount, obb: false } };
    }
    if (open.obb && !task.obb && annotations.some(isRotatedBox)) return { restart: { k: 0, obb: true } };
    const lines = itemLines(annotations, item, size, task, report);
    await sink.write(`labels/${subset}/${item.id}.txt`, lines.length ? `${lines.join('\n')}\n` : '');
  }
  await sink.write('data.yaml', datasetYaml(subsets, source.categories, task, report));
  if (sizes.length) await sink.write(IMAGES_META_FILE, formatImageMeta(sizes));
  return report.build();
}

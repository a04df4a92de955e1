import {
  type Annotation,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type FileSink,
  type OptionValues,
  type PointsAnnotation,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { bboxOfPoints } from '@labelport/core/geometry';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { COCO_TASK_SPECS, type CocoTask } from './lib/coco-task.js';
import { attributeFields, ellipseAsPolygon, keypointFields } from './lib/coco-write-fields.js';
import { CocoOutputs, type SubsetOut, type TaskOut } from './lib/coco-write-files.js';
import {
  collectObjects,
  convertObject,
  type ImageSize,
  type ObjectWriteOptions,
} from './lib/coco-write-objects.js';
import { writePanopticItem } from './lib/coco-write-panoptic.js';
import { routeAnnotations, type TaskRouting } from './lib/coco-write-routing.js';
import { cocoWriteOptions } from './options.js';

export type CocoWriteOptions = OptionValues<typeof cocoWriteOptions>;

/** One write: its outputs, report and settings. */
interface CocoWrite {
  outputs: CocoOutputs;
  report: ReportBuilder;
  objects: ObjectWriteOptions;
  tasks: readonly CocoTask[];
  routing: TaskRouting | undefined;
  sink: FileSink;
  /** The annotation types some task writes (the others are reported as dropped). */
  consumed: Set<string>;
  /** Some task writes COCO objects (ellipses go there as polygons). */
  objectTasks: boolean;
  options: CocoWriteOptions & WriteOptions;
}

// options come from users (the CLI): a bad one is a DatasetError that says what is allowed
function checkOption(name: string, value: unknown, allowed: readonly string[]): void {
  if (allowed.includes(value as string)) return;
  throw new DatasetError(
    'bad-option',
    `${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got '${String(value)}'`,
  );
}

function objectOptionsOf(options: CocoWriteOptions & WriteOptions): ObjectWriteOptions {
  const objects: ObjectWriteOptions = {
    segmentation: options.segmentation ?? 'keep',
    rle: options.rle ?? 'keep',
    allowAttributes: options.allowAttributes !== false,
    limits: readContext(options).limits,
  };
  checkOption('segmentation', objects.segmentation, ['keep', 'polygons', 'mask']);
  checkOption('rle', objects.rle, ['keep', 'compressed', 'uncompressed']);
  return objects;
}

/**
 * Writes COCO task files, one per task and subset, `annotations/<task>_<subset>.json`, streaming.
 * Without `routing` (a single-task format) every task sees every annotation and its file is written
 * even when empty; with it (the `coco` format) only tasks that got something are written.
 */
export async function writeCoco(
  source: DatasetSource,
  sink: FileSink,
  tasks: readonly CocoTask[],
  routing: TaskRouting | undefined,
  options: CocoWriteOptions & WriteOptions = {},
): Promise<WriteReport> {
  const objects = objectOptionsOf(options);
  for (const t of tasks) checkOption('tasks', t, cocoWriteOptions.tasks.values);
  const w: CocoWrite = {
    outputs: new CocoOutputs(source, sink, tasks, options.reindex === true),
    report: new ReportBuilder(),
    objects,
    tasks,
    routing,
    sink,
    consumed: new Set(tasks.flatMap((t) => COCO_TASK_SPECS[t].annotations)),
    objectTasks: tasks.some((t) => COCO_TASK_SPECS[t].objects),
    options,
  };
  for await (const item of readContext(options).iter(source.items(), source.size)) await writeItem(w, item);
  await w.outputs.finish(routing === undefined);
  w.outputs.warn(w.report);
  return w.report.build();
}

/** The item's image entry, kept for the end of its subset's files. */
function addImage(s: SubsetOut, item: DatasetItem, imageId: number, fileName: string): void {
  s.images.push(
    JSON.stringify({
      id: imageId,
      width: item.media?.width ?? 0,
      height: item.media?.height ?? 0,
      file_name: fileName,
      license: 0,
      flickr_url: '',
      coco_url: '',
      date_captured: 0,
    }),
  );
}

async function writeItem(w: CocoWrite, item: DatasetItem): Promise<void> {
  const { report, outputs, options } = w;
  report.items++;
  const s = outputs.subset(item.subset);
  const imageId = outputs.imageId(item, s);
  const fileName = `${item.id}${mediaExtension(item, '.jpg')}`;
  addImage(s, item, imageId, fileName);
  let extraAttrs = 0;
  for (const k in item.attributes) if (k !== 'id') extraAttrs++;
  report.drop('item attribute', extraAttrs);
  if (options.saveMedia) {
    const path = options.mergeImages ? `images/${fileName}` : `images/${item.subset}/${fileName}`;
    await saveMedia(item, w.sink, path, report);
  }
  let annotations = item.annotations;
  if (w.objectTasks && annotations.some((a) => a.type === 'ellipse')) {
    // ellipses go out as polygons, as Datumaro writes them
    annotations = annotations.map((a) => {
      if (a.type !== 'ellipse') return a;
      report.convert('ellipse', 'polygon');
      return ellipseAsPolygon(a);
    });
  }
  for (const a of annotations) if (!w.consumed.has(a.type)) report.drop(a.type);
  const image = { width: item.media?.width, height: item.media?.height };
  const buckets = w.routing ? routeAnnotations(annotations, w.tasks, w.routing) : undefined;
  for (const t of s.tasks) {
    const taskAnnotations = buckets ? (buckets.get(t.task) ?? []) : annotations;
    switch (t.task) {
      case 'instances':
      case 'stuff':
        await writeObjects(w, t, taskAnnotations, imageId, image);
        break;
      case 'person_keypoints':
        await writeKeypointObjects(w, t, taskAnnotations, imageId, image);
        break;
      case 'captions':
      case 'labels':
        await writeImageLevel(w, t, taskAnnotations, imageId);
        break;
      case 'panoptic':
        await writePanopticItem(
          item,
          taskAnnotations,
          imageId,
          s.name,
          w.sink,
          (elem) => outputs.emit(t, elem),
          (label) => outputs.categoryOf(label),
          report,
          w.objects.limits,
        );
        break;
      case 'image_info':
        break;
    }
    if (t.out?.full) await t.out.flush();
  }
}

/** instances, stuff: one COCO object per group of shapes. */
async function writeObjects(
  w: CocoWrite,
  t: TaskOut,
  annotations: Annotation[],
  imageId: number,
  image: ImageSize,
): Promise<void> {
  for (const group of collectObjects(annotations, false)) {
    const converted = convertObject(group, image, w.objects, w.report);
    const r = converted instanceof Promise ? await converted : converted;
    if (!r) continue;
    r.elem.id = w.outputs.annotationId(t, r.leader.id);
    r.elem.image_id = imageId;
    r.elem.category_id = w.outputs.categoryOf(r.leader.label);
    const pending = w.outputs.emit(t, r.elem);
    if (pending) await pending;
  }
}

/** person_keypoints: one COCO object per group with points (its shapes with it, the box of its points else). */
async function writeKeypointObjects(
  w: CocoWrite,
  t: TaskOut,
  annotations: Annotation[],
  imageId: number,
  image: ImageSize,
): Promise<void> {
  const { report, outputs } = w;
  for (const group of collectObjects(annotations, true)) {
    const points = group.filter((a): a is PointsAnnotation => a.type === 'points');
    if (points.length === 0) {
      if (!w.tasks.includes('instances') && !w.tasks.includes('stuff'))
        for (const a of group) report.drop(a.type);
      continue;
    }
    if (points.length > 1) report.drop('points', points.length - 1);
    const p = points[0]!;
    const converted = convertObject(group, image, w.objects, report);
    const r = converted instanceof Promise ? await converted : converted;
    const elem = r ? r.elem : pointsOnlyElement(p, w);
    const leader: Annotation = r ? r.leader : p;
    elem.id = outputs.annotationId(t, leader.id ?? p.id);
    elem.image_id = imageId;
    elem.category_id = outputs.categoryOf(leader.label ?? p.label);
    const { keypoints, num_keypoints } = keypointFields(p);
    elem.keypoints = keypoints;
    elem.num_keypoints = num_keypoints;
    const pending = outputs.emit(t, elem);
    if (pending) await pending;
  }
}

/** The object of points without shapes: the box of its points, no segmentation. */
function pointsOnlyElement(p: PointsAnnotation, w: CocoWrite): Record<string, unknown> {
  const [x0, y0, bw, bh] = bboxOfPoints(p.points);
  const elem: Record<string, unknown> = {
    id: 0,
    image_id: 0,
    category_id: 0,
    segmentation: [],
    area: bw * bh,
    bbox: [x0, y0, bw, bh],
    iscrowd: 0,
  };
  attributeFields(p.attributes, elem, w.objects.allowAttributes, w.report);
  return elem;
}

/** captions, labels: one entry per caption or label. */
async function writeImageLevel(
  w: CocoWrite,
  t: TaskOut,
  annotations: Annotation[],
  imageId: number,
): Promise<void> {
  const { outputs } = w;
  for (const a of annotations) {
    let elem: Record<string, unknown>;
    if (t.task === 'captions' && a.type === 'caption')
      elem = { id: outputs.annotationId(t, a.id), image_id: imageId, category_id: 0, caption: a.caption };
    else if (t.task === 'labels' && a.type === 'label')
      elem = {
        id: outputs.annotationId(t, a.id),
        image_id: imageId,
        category_id: outputs.categoryOf(a.label),
      };
    else continue;
    attributeFields(a.attributes, elem, w.objects.allowAttributes, w.report);
    const pending = outputs.emit(t, elem);
    if (pending) await pending;
  }
}

import type { OptionValues } from '@labelport/core';
import {
  type Annotation,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type FileSink,
  type IoOptions,
  limitsOf,
  type PointsAnnotation,
  ReportBuilder,
  type WriteReport,
} from '@labelport/core';
import { bboxOfPoints } from '@labelport/core/geometry';
import { JsonTextWriter } from '@labelport/core/json';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import type { cocoWriteOptions } from '../options.js';
import { COCO_ISTHING_INFO } from './coco-categories.js';
import { IdSet } from './coco-id-set.js';
import type { CocoTask } from './coco-task.js';
import {
  attributeFields,
  collectObjects,
  convertObject,
  ellipseAsPolygon,
  keypointFields,
  type ObjectWriteOptions,
} from './coco-write-objects.js';
import { writePanopticItem } from './coco-write-panoptic.js';
import { categoryIds, routeAnnotations, type TaskRouting } from './coco-write-routing.js';

export type CocoWriteOptions = OptionValues<typeof cocoWriteOptions>;

const HEADER_LICENSES = '[{"name":"","id":0,"url":""}]';
const HEADER_INFO = '{"contributor":"","date_created":"","description":"","url":"","version":"","year":""}';

/** Which annotation types each task writes. */
const TASK_TYPES: Record<CocoTask, readonly string[]> = {
  instances: ['bbox', 'polygon', 'mask'],
  stuff: ['bbox', 'polygon', 'mask'],
  person_keypoints: ['points', 'bbox', 'polygon', 'mask'], // shapes without keypoints: reported in the task
  captions: ['caption'],
  labels: ['label'],
  panoptic: ['mask'],
  image_info: [],
};

interface TaskOut {
  task: CocoTask;
  path: string;
  out?: JsonTextWriter;
  count: number;
  /** Where the search for a fresh id starts (one more than the largest id written so far). */
  nextId: number;
  /** Every annotation id written to the file (ids are unique per file, as pycocotools indexes them). */
  used: IdSet;
}

interface SubsetOut {
  name: string;
  images: string[];
  tasks: TaskOut[];
  /** Image ids of the subset's files (Roboflow's splits each number their images from 0). */
  imageIds: IdSet;
  nextImageId: number;
}

/**
 * Writes COCO task files, one per task and subset, `annotations/<task>_<subset>.json`, streaming:
 * annotations go out in chunks as items go by; the (small) image entries are gathered and written
 * after them, so a file is `{licenses, info, categories, annotations, images}`.
 * Without `routing` (a single-task format) every task sees every annotation and its file is written
 * even when empty; with it (the `coco` format) only tasks that got something are written.
 */
export async function writeCoco(
  source: DatasetSource,
  sink: FileSink,
  tasks: readonly CocoTask[],
  routing: TaskRouting | undefined,
  options: CocoWriteOptions & IoOptions = {},
): Promise<WriteReport> {
  const always = routing === undefined;
  const report = new ReportBuilder();
  const objectOptions: ObjectWriteOptions = {
    segmentation: options.segmentation ?? 'keep',
    rle: options.rle ?? 'keep',
    allowAttributes: options.allowAttributes !== false,
    limits: limitsOf(options),
  };
  // options come from users (the CLI): a bad one is a DatasetError that says what is allowed
  const badOption = (name: string, value: unknown, allowed: readonly string[]) =>
    new DatasetError(
      'bad-option',
      `${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got '${String(value)}'`,
    );
  if (!['keep', 'polygons', 'mask'].includes(objectOptions.segmentation)) {
    throw badOption('segmentation', objectOptions.segmentation, ['keep', 'polygons', 'mask']);
  }
  if (!['keep', 'compressed', 'uncompressed'].includes(objectOptions.rle)) {
    throw badOption('rle', objectOptions.rle, ['keep', 'compressed', 'uncompressed']);
  }
  for (const t of tasks) if (!(t in TASK_TYPES)) throw badOption('tasks', t, Object.keys(TASK_TYPES));
  const reindex = options.reindex === true;
  const labels = source.categories.labels;
  const catIds = categoryIds(source, reindex);
  const consumed = new Set(tasks.flatMap((t) => TASK_TYPES[t]));
  const shapesWritten = tasks.some((t) => t === 'instances' || t === 'stuff' || t === 'person_keypoints');
  const subsets = new Map<string, SubsetOut>();
  let repeatedIds = 0;
  let repeatedImageIds = 0;
  const isthing = (source.infos?.[COCO_ISTHING_INFO] ?? {}) as Record<string, number>;

  const categoriesJson = (task: CocoTask): string => {
    if (task === 'captions' || task === 'image_info') return '[]';
    return JSON.stringify(
      labels.map((l, i) => {
        const c: Record<string, unknown> = { id: catIds[i], name: l.name, supercategory: l.parent ?? '' };
        if (task === 'person_keypoints') {
          const sk = source.categories.skeletons?.get(i);
          c.keypoints = sk ? sk.points.slice() : [];
          c.skeleton = sk ? sk.edges.map(([a, b]) => [a + 1, b + 1]) : [];
        }
        if (task === 'panoptic') {
          c.isthing = isthing[l.name] ? 1 : 0;
          const color = source.categories.colors?.get(i);
          if (color) c.color = color.slice();
        }
        return c;
      }),
    );
  };

  const subsetOf = (name: string): SubsetOut => {
    let s = subsets.get(name);
    if (!s) {
      s = {
        name,
        images: [],
        tasks: tasks.map((task) => ({
          task,
          path: `annotations/${task}_${name}.json`,
          count: 0,
          nextId: 1,
          used: new IdSet(),
        })),
        imageIds: new IdSet(),
        nextImageId: 1,
      };
      subsets.set(name, s);
    }
    return s;
  };

  const open = async (t: TaskOut) => {
    t.out = new JsonTextWriter(await sink.open(t.path));
    t.out.add(
      `{"licenses":${HEADER_LICENSES},"info":${HEADER_INFO},"categories":${categoriesJson(t.task)},"annotations":[`,
    );
  };
  /** Adds an annotation to its file: synchronous once the file is open (no await per annotation). */
  const emit = (t: TaskOut, elem: Record<string, unknown>): Promise<void> | undefined => {
    if (!t.out) return open(t).then(() => emit(t, elem));
    t.out.add(t.count === 0 ? JSON.stringify(elem) : `,${JSON.stringify(elem)}`);
    t.count++;
    return undefined;
  };

  /**
   * The annotation id: the source's (unless reindexing; 0 is an id like any other), else the first
   * free one from one past the largest so far. An id already written to the file gets a fresh one,
   * so that every object of the source is one object of the file.
   */
  const annId = (t: TaskOut, id: number | undefined): number => {
    if (!reindex && id !== undefined && id >= 0 && Number.isSafeInteger(id)) {
      if (t.used.add(id)) {
        if (id >= t.nextId) t.nextId = id + 1;
        return id;
      }
      repeatedIds++;
    }
    while (t.used.has(t.nextId)) t.nextId++;
    const fresh = t.nextId++;
    t.used.add(fresh);
    return fresh;
  };
  // category_id 0 is "no label" (Datumaro); with a 0-based list it is also a category: said once
  const zeroIsCategory = catIds.indexOf(0);
  let unlabelled = 0;
  const categoryOf = (label: number | undefined) => {
    if (label !== undefined) return catIds[label] ?? 0;
    if (zeroIsCategory >= 0) unlabelled++;
    return 0;
  };

  let done = 0;
  for await (const item of source.items()) {
    report.items++;
    const s = subsetOf(item.subset);
    const imageId = imageIdOf(item, s);
    const fileName = `${item.id}${mediaExtension(item, '.jpg')}`;
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
    let extraAttrs = 0;
    for (const k in item.attributes) if (k !== 'id') extraAttrs++;
    report.drop('item attribute', extraAttrs);
    if (options.saveMedia) {
      const path = options.mergeImages ? `images/${fileName}` : `images/${item.subset}/${fileName}`;
      await saveMedia(item, sink, path, report);
    }
    let annotations = item.annotations;
    if (shapesWritten && annotations.some((a) => a.type === 'ellipse')) {
      // ellipses go out as polygons, as Datumaro writes them
      annotations = annotations.map((a) => {
        if (a.type !== 'ellipse') return a;
        report.convert('ellipse', 'polygon');
        return ellipseAsPolygon(a);
      });
    }
    for (const a of annotations) if (!consumed.has(a.type)) report.drop(a.type);

    const image = { width: item.media?.width, height: item.media?.height };
    const buckets = routing ? routeAnnotations(annotations, tasks, routing) : undefined;
    for (const t of s.tasks) {
      const taskAnnotations = buckets ? (buckets.get(t.task) ?? []) : annotations;
      switch (t.task) {
        case 'instances':
        case 'stuff':
          for (const group of collectObjects(taskAnnotations, false)) {
            const converted = convertObject(group, image, objectOptions, report);
            const r = converted instanceof Promise ? await converted : converted;
            if (!r) continue;
            r.elem.id = annId(t, r.leader.id);
            r.elem.image_id = imageId;
            r.elem.category_id = categoryOf(r.leader.label);
            const pending = emit(t, r.elem);
            if (pending) await pending;
          }
          break;
        case 'person_keypoints':
          for (const group of collectObjects(taskAnnotations, true)) {
            const points = group.filter((a): a is PointsAnnotation => a.type === 'points');
            if (points.length === 0) {
              if (!tasks.includes('instances') && !tasks.includes('stuff'))
                for (const a of group) report.drop(a.type);
              continue;
            }
            if (points.length > 1) report.drop('points', points.length - 1);
            const p = points[0];
            const converted = convertObject(group, image, objectOptions, report);
            const r = converted instanceof Promise ? await converted : converted;
            let elem: Record<string, unknown>;
            let leader: Annotation = p;
            if (r) {
              elem = r.elem;
              leader = r.leader;
            } else {
              const [x0, y0, bw, bh] = bboxOfPoints(p.points);
              elem = {
                id: 0,
                image_id: 0,
                category_id: 0,
                segmentation: [],
                area: bw * bh,
                bbox: [x0, y0, bw, bh],
                iscrowd: 0,
              };
              attributeFields(p.attributes, elem, objectOptions.allowAttributes, report);
            }
            elem.id = annId(t, leader.id ?? p.id);
            elem.image_id = imageId;
            elem.category_id = categoryOf(leader.label ?? p.label);
            const { keypoints, num_keypoints } = keypointFields(p);
            elem.keypoints = keypoints;
            elem.num_keypoints = num_keypoints;
            await emit(t, elem);
          }
          break;
        case 'captions':
          for (const a of taskAnnotations) {
            if (a.type !== 'caption') continue;
            const elem: Record<string, unknown> = {
              id: annId(t, a.id),
              image_id: imageId,
              category_id: 0,
              caption: a.caption,
            };
            attributeFields(a.attributes, elem, objectOptions.allowAttributes, report);
            await emit(t, elem);
          }
          break;
        case 'labels':
          for (const a of taskAnnotations) {
            if (a.type !== 'label') continue;
            const elem: Record<string, unknown> = {
              id: annId(t, a.id),
              image_id: imageId,
              category_id: categoryOf(a.label),
            };
            attributeFields(a.attributes, elem, objectOptions.allowAttributes, report);
            await emit(t, elem);
          }
          break;
        case 'panoptic':
          await writePanopticItem(
            item,
            taskAnnotations,
            imageId,
            s.name,
            sink,
            (elem) => emit(t, elem),
            categoryOf,
            report,
            objectOptions.limits,
          );
          break;
        case 'image_info':
          break;
      }
      if (t.out?.full) await t.out.flush();
    }
    options.onProgress?.(++done, source.size);
  }

  for (const s of subsets.values()) {
    for (const t of s.tasks) {
      if (!t.out) {
        if (!always && !(t.task === 'image_info' && s.images.length > 0)) continue;
        t.out = new JsonTextWriter(await sink.open(t.path));
        t.out.add(
          `{"licenses":${HEADER_LICENSES},"info":${HEADER_INFO},"categories":${categoriesJson(t.task)},"annotations":[`,
        );
      }
      t.out.add('],"images":[');
      for (let i = 0; i < s.images.length; i++) {
        t.out.add(i === 0 ? s.images[i] : `,${s.images[i]}`);
        if (t.out.full) await t.out.flush();
      }
      t.out.add(']}');
      await t.out.close();
    }
  }
  if (unlabelled > 0)
    report.warn(
      `${unlabelled} annotation(s) without a label written with category_id 0, which is also the category '${labels[zeroIsCategory].name}'`,
    );
  if (repeatedIds > 0)
    report.warn(`${repeatedIds} annotation id(s) were used more than once in a file; given new ones`);
  if (repeatedImageIds > 0)
    report.warn(
      `${repeatedImageIds} image id(s) were used by more than one item of a subset; given new ones`,
    );
  return report.build();

  /** The image id: the item's own (0 included), unique within its subset's files. */
  function imageIdOf(item: DatasetItem, s: SubsetOut): number {
    const given = item.attributes.id;
    if (!reindex && typeof given === 'number' && Number.isSafeInteger(given) && given >= 0) {
      if (s.imageIds.add(given)) return given;
      repeatedImageIds++;
    }
    while (s.imageIds.has(s.nextImageId)) s.nextImageId++;
    const id = s.nextImageId++;
    s.imageIds.add(id);
    return id;
  }
}

import type { DatasetItem, DatasetSource, FileSink, ReportBuilder } from '@labelport/core';
import { JsonTextWriter } from '@labelport/core/json';
import { COCO_ISTHING_INFO } from './coco-categories.js';
import { IdSet } from './coco-id-set.js';
import type { CocoTask } from './coco-task.js';
import { categoryIds } from './coco-write-routing.js';

const HEADER_LICENSES = '[{"name":"","id":0,"url":""}]';
const HEADER_INFO = '{"contributor":"","date_created":"","description":"","url":"","version":"","year":""}';

/** One task file being written: `annotations/<task>_<subset>.json`. */
export interface TaskOut {
  task: CocoTask;
  path: string;
  out?: JsonTextWriter;
  count: number;
  /** Where the search for a fresh id starts (one more than the largest id written so far). */
  nextId: number;
  /** Every annotation id written to the file (ids are unique per file, as pycocotools indexes them). */
  used: IdSet;
}

/** The task files of one subset, and its image entries (written after the annotations). */
export interface SubsetOut {
  name: string;
  images: string[];
  tasks: TaskOut[];
  /** Image ids of the subset's files (Roboflow's splits each number their images from 0). */
  imageIds: IdSet;
  nextImageId: number;
}

/**
 * The task files of a write, one per task and subset, streamed: annotations go out in chunks as
 * items go by; the (small) image entries are gathered and written after them, so a file is
 * `{licenses, info, categories, annotations, images}`. Ids: the source's, unique per file (image ids
 * per subset), or fresh ones.
 */
export class CocoOutputs {
  private readonly subsets = new Map<string, SubsetOut>();
  private readonly catIds: number[];
  /** category_id 0 is "no label" (Datumaro); with a 0-based list it is also a category: said once. */
  private readonly zeroIsCategory: number;
  private unlabelled = 0;
  private repeatedIds = 0;
  private repeatedImageIds = 0;

  constructor(
    private readonly source: DatasetSource,
    private readonly sink: FileSink,
    private readonly tasks: readonly CocoTask[],
    private readonly reindex: boolean,
  ) {
    this.catIds = categoryIds(source, reindex);
    this.zeroIsCategory = this.catIds.indexOf(0);
  }

  subset(name: string): SubsetOut {
    let s = this.subsets.get(name);
    if (!s) {
      s = {
        name,
        images: [],
        tasks: this.tasks.map((task) => ({
          task,
          path: `annotations/${task}_${name}.json`,
          count: 0,
          nextId: 1,
          used: new IdSet(),
        })),
        imageIds: new IdSet(),
        nextImageId: 1,
      };
      this.subsets.set(name, s);
    }
    return s;
  }

  /** The image id: the item's own (0 included), unique within its subset's files. */
  imageId(item: DatasetItem, s: SubsetOut): number {
    const given = item.attributes.id;
    if (!this.reindex && typeof given === 'number' && Number.isSafeInteger(given) && given >= 0) {
      if (s.imageIds.add(given)) return given;
      this.repeatedImageIds++;
    }
    while (s.imageIds.has(s.nextImageId)) s.nextImageId++;
    const id = s.nextImageId++;
    s.imageIds.add(id);
    return id;
  }

  /**
   * The annotation id: the source's (unless reindexing; 0 is an id like any other), else the first
   * free one from one past the largest so far. An id already written to the file gets a fresh one,
   * so that every object of the source is one object of the file.
   */
  annotationId(t: TaskOut, id: number | undefined): number {
    if (!this.reindex && id !== undefined && id >= 0 && Number.isSafeInteger(id)) {
      if (t.used.add(id)) {
        if (id >= t.nextId) t.nextId = id + 1;
        return id;
      }
      this.repeatedIds++;
    }
    while (t.used.has(t.nextId)) t.nextId++;
    const fresh = t.nextId++;
    t.used.add(fresh);
    return fresh;
  }

  categoryOf(label: number | undefined): number {
    if (label !== undefined) return this.catIds[label] ?? 0;
    if (this.zeroIsCategory >= 0) this.unlabelled++;
    return 0;
  }

  private categoriesJson(task: CocoTask): string {
    if (task === 'captions' || task === 'image_info') return '[]';
    const { categories, infos } = this.source;
    const isthing = (infos?.[COCO_ISTHING_INFO] ?? {}) as Record<string, number>;
    return JSON.stringify(
      categories.labels.map((l, i) => {
        const c: Record<string, unknown> = {
          id: this.catIds[i],
          name: l.name,
          supercategory: l.parent ?? '',
        };
        if (task === 'person_keypoints') {
          const sk = categories.skeletons?.get(i);
          c.keypoints = sk ? sk.points.slice() : [];
          c.skeleton = sk ? sk.edges.map(([a, b]) => [a + 1, b + 1]) : [];
        }
        if (task === 'panoptic') {
          c.isthing = isthing[l.name] ? 1 : 0;
          const color = categories.colors?.get(i);
          if (color) c.color = color.slice();
        }
        return c;
      }),
    );
  }

  private async open(t: TaskOut): Promise<void> {
    t.out = new JsonTextWriter(await this.sink.open(t.path));
    t.out.add(
      `{"licenses":${HEADER_LICENSES},"info":${HEADER_INFO},"categories":${this.categoriesJson(t.task)},"annotations":[`,
    );
  }

  /** Adds an annotation to its file: synchronous once the file is open (no await per annotation). */
  emit(t: TaskOut, elem: Record<string, unknown>): Promise<void> | undefined {
    if (!t.out) return this.open(t).then(() => this.emit(t, elem));
    t.out.add(t.count === 0 ? JSON.stringify(elem) : `,${JSON.stringify(elem)}`);
    t.count++;
    return undefined;
  }

  /**
   * Closes every file: its images after its annotations. `always`: a task file is written even when
   * nothing went to it (a single-task format); else only image_info's, where the subset has images.
   */
  async finish(always: boolean): Promise<void> {
    for (const s of this.subsets.values()) {
      for (const t of s.tasks) {
        if (!t.out) {
          if (!always && !(t.task === 'image_info' && s.images.length > 0)) continue;
          await this.open(t);
        }
        const out = t.out!;
        out.add('],"images":[');
        for (let i = 0; i < s.images.length; i++) {
          out.add(i === 0 ? s.images[i] : `,${s.images[i]}`);
          if (out.full) await out.flush();
        }
        out.add(']}');
        await out.close();
      }
    }
  }

  /** What the ids and labels needed, said once. */
  warn(report: ReportBuilder): void {
    if (this.unlabelled > 0) {
      const name = this.source.categories.labels[this.zeroIsCategory]!.name;
      report.warn(
        `${this.unlabelled} annotation(s) without a label written with category_id 0, which is also the category '${name}'`,
      );
    }
    if (this.repeatedIds > 0)
      report.warn(`${this.repeatedIds} annotation id(s) were used more than once in a file; given new ones`);
    if (this.repeatedImageIds > 0)
      report.warn(
        `${this.repeatedImageIds} image id(s) were used by more than one item of a subset; given new ones`,
      );
  }
}

import type { Annotation, DatasetItem, FileTree, ReadContext } from '@labelport/core';
import { dirname, joinPath, safeRelativePath, stripExtension } from '@labelport/core/files';
import { badField, describeValue, type JsonObject } from '@labelport/core/json';
import { readImageSize } from '@labelport/core/media';
import type { CocoFileRef } from './coco-layout.js';
import {
  type ImageContext,
  readCaption,
  readLabel,
  readObject,
  readPanoptic,
} from './coco-read-annotations.js';
import { dropRepeats } from './coco-repeats.js';
import { COCO_TASK } from './coco-symbols.js';
import { type CocoTask, taskRank } from './coco-task.js';
import type { CocoTaskFile } from './coco-task-file.js';

/** The task files of a dataset, read, and the listing of the tree they are in (below the dataset root). */
export interface CocoFiles {
  /** The tree at the dataset root. */
  tree: FileTree;
  files: CocoTaskFile[];
  /** Every file of the tree. */
  paths: ReadonlySet<string>;
  /** Per file: the folder of its images, and (panoptic) of its PNGs. */
  imageDirs: string[];
  maskDirs: string[];
  /** Per file: its category id -> label index. */
  labelMaps: Map<number, number>[];
  /**
   * The listing holds the task files and nothing else (a file given alone): an image it does not
   * list is looked for beside the file, or in `images/` beside it, by asking the tree.
   */
  lone: boolean;
}

const positiveInt = (v: unknown) =>
  typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : undefined;

/** The item id of image `i` of a task file: its file name without the extension. */
export function itemIdOf(f: CocoTaskFile, i: number, img: JsonObject): string {
  const name = img.file_name;
  if (typeof name !== 'string') {
    badField(
      f.ref.path,
      `images[${i}]${name === undefined ? '' : '.file_name'}`,
      name === undefined ? `'file_name' is missing` : `expected a string, got ${describeValue(name)}`,
    );
  }
  return stripExtension(safeRelativePath(name, { file: f.ref.path, place: `images[${i}].file_name` }));
}

/** One COCO annotation of a task read into `out`. */
function readAnnotation(
  task: CocoTask,
  a: JsonObject,
  place: string,
  ictx: ImageContext,
  out: Annotation[],
  tree: FileTree,
  maskDir: string,
): void {
  switch (task) {
    case 'instances':
    case 'stuff':
      readObject(a, place, ictx, out, false);
      break;
    case 'person_keypoints':
      readObject(a, place, ictx, out, true);
      break;
    case 'captions':
      readCaption(a, place, ictx, out);
      break;
    case 'labels':
      readLabel(a, place, ictx, out);
      break;
    case 'panoptic':
      readPanoptic(a, place, ictx, out, tree, maskDir);
      break;
    case 'image_info':
      break;
  }
}

/**
 * The item loop's entries and how each becomes an item. Image `i` of task file `k` is the entry
 * `offsets[k] + i` (a number: no object per image); a subset read from several task files (the
 * `coco` format) yields each item id once, with the annotations of every file that has the image
 * (an object repeated in several of them once, coco-repeats.ts).
 */
export class CocoItems {
  readonly total: number;
  private readonly offsets: number[] = [];
  /** Per subset, its files in the order they are read into an item. */
  private readonly subsets: number[][];
  /** Per file, the files of its subset. */
  private readonly subsetOf: number[][] = [];
  /** Per file of a subset of several: its item ids and item id -> image index. */
  private readonly ids: (string[] | undefined)[] = [];
  private readonly lookups: (Map<string, number> | undefined)[] = [];
  /** Several tasks: each annotation remembers its task, so that writing COCO puts it back there. */
  private readonly tagTasks: boolean;

  constructor(
    private readonly data: CocoFiles,
    private readonly ctx: ReadContext,
  ) {
    const { files } = data;
    let offset = 0;
    for (const f of files) {
      this.offsets.push(offset);
      offset += f.images.length;
    }
    this.subsets = subsetsOf(files);
    this.tagTasks = new Set(files.map((f) => f.ref.task)).size > 1;
    let total = 0;
    for (const list of this.subsets) {
      for (const k of list) this.subsetOf[k] = list;
      if (list.length === 1) {
        total += files[list[0]].images.length;
        continue;
      }
      const union = new Set<string>();
      for (const k of list) {
        const f = files[k];
        const ids = f.images.map((img, i) => itemIdOf(f, i, img));
        this.ids[k] = ids;
        this.lookups[k] = new Map(ids.map((id, i) => [id, i]));
        for (const id of ids) union.add(id);
      }
      total += union.size;
    }
    this.total = total;
  }

  /** Every entry, subset by subset; in a subset of several files each item id once. */
  *entries(): Generator<number> {
    for (const list of this.subsets) {
      if (list.length === 1) {
        const k = list[0];
        const end = this.offsets[k] + this.data.files[k].images.length;
        for (let g = this.offsets[k]; g < end; g++) yield g;
        continue;
      }
      const emitted = new Set<string>();
      for (const k of list) {
        const ids = this.ids[k]!;
        for (let i = 0; i < ids.length; i++) {
          if (emitted.has(ids[i])) continue;
          emitted.add(ids[i]);
          yield this.offsets[k] + i;
        }
      }
    }
  }

  /** The task file of an entry (the image's index in it is `g - offsets[k]`). */
  private fileOf(g: number): number {
    let k = this.offsets.length - 1;
    while (this.offsets[k] > g) k--;
    return k;
  }

  where(g: number): { file: string; place: string } {
    const k = this.fileOf(g);
    return { file: this.data.files[k].ref.path, place: `images[${g - this.offsets[k]}]` };
  }

  async make(g: number): Promise<DatasetItem> {
    const k = this.fileOf(g);
    const i = g - this.offsets[k];
    const files = this.data.files;
    const f = files[k];
    const item = await this.imageItem(f, i, this.data.imageDirs[k]);
    const list = this.subsetOf[k];
    if (list.length === 1) {
      const loading = f.annotations.load(i);
      if (loading) await loading;
      this.addAnnotations(k, i, item);
      return item;
    }
    const itemId = this.ids[k]![i];
    for (const b of list) {
      const ib = this.lookups[b]!.get(itemId);
      if (ib === undefined) continue;
      const fb = files[b];
      const loading = fb.annotations.load(ib);
      if (loading) await loading;
      const start = item.annotations.length;
      this.addAnnotations(b, ib, item);
      dropRepeats(item.annotations, start, fb.ref.task);
      if (item.media && item.media.width === undefined) {
        const w = positiveInt(fb.images[ib].width);
        const h = positiveInt(fb.images[ib].height);
        if (w !== undefined && h !== undefined) Object.assign(item.media, { width: w, height: h });
      }
    }
    return item;
  }

  /** The item of image `i` of a task file, without its annotations. */
  private async imageItem(f: CocoTaskFile, i: number, dir: string): Promise<DatasetItem> {
    const { tree, paths } = this.data;
    const img = f.images[i];
    const id = itemIdOf(f, i, img);
    const name = safeRelativePath(img.file_name as string, {
      file: f.ref.path,
      place: `images[${i}].file_name`,
    });
    let path = imagePath(name, dir, f.ref, paths);
    let exists = paths.has(path);
    if (!exists && this.data.lone) {
      const beside = await unlistedImage(tree, name, f.ref);
      if (beside !== undefined) [path, exists] = [beside, true];
    }
    let width = positiveInt(img.width);
    let height = positiveInt(img.height);
    if ((width === undefined || height === undefined) && exists) {
      const size = await readImageSize(tree, path);
      if (size) ({ width, height } = size);
    }
    return {
      id,
      subset: f.ref.subset,
      media: { kind: 'image', path, width, height, bytes: exists ? () => tree.read(path) : undefined },
      annotations: [],
      attributes: { id: f.imageIds[i] },
    };
  }

  /** The annotations of image `i` of file `k` onto the item; a bad one goes to the policy. */
  private addAnnotations(k: number, i: number, item: DatasetItem): void {
    const { files, labelMaps, maskDirs, paths, tree } = this.data;
    const f = files[k];
    const ictx: ImageContext = {
      file: f.ref.path,
      labels: labelMaps[k],
      width: item.media?.width,
      height: item.media?.height,
      exists: (p) => paths.has(p),
      groups: new Set(),
      limits: this.ctx.limits,
    };
    const out = item.annotations;
    const task = f.ref.task;
    const maskDir = task === 'panoptic' ? maskDirs[k] : '';
    for (let q = f.start[i]; q < f.start[i + 1]; q++) {
      const j = f.order[q];
      const before = out.length;
      try {
        readAnnotation(
          task,
          f.annotations.get(j) as JsonObject,
          `annotations[${j}]`,
          ictx,
          out,
          tree,
          maskDir,
        );
      } catch (e) {
        this.ctx.skip(e, { file: f.ref.path, place: `annotations[${j}]` });
        out.length = before;
      }
      if (this.tagTasks)
        for (let t = before; t < out.length; t++) (out[t] as { [COCO_TASK]?: CocoTask })[COCO_TASK] = task;
    }
  }
}

/**
 * Where an image is: in the image folder of the layout; else `file_name` may already be relative to
 * the JSON file or to the root.
 */
function imagePath(name: string, dir: string, ref: CocoFileRef, paths: ReadonlySet<string>): string {
  const path = joinPath(dir, name);
  if (paths.has(path)) return path;
  return [joinPath(dirname(ref.path), name), name].find((p) => paths.has(p)) ?? path;
}

/**
 * An image of a file given alone, which the tree does not list: beside the file, else in `images/`
 * beside it, when the tree has it. TODO(core): a single file opened as a tree (`openTree(file)`,
 * `singleFileTree`) lists only the file and answers `stat` for nothing else, so that the images
 * beside it are found only once it answers `stat`/`read` for the paths beside the file too.
 */
async function unlistedImage(tree: FileTree, name: string, ref: CocoFileRef): Promise<string | undefined> {
  const dir = dirname(ref.path);
  for (const p of [joinPath(dir, name), joinPath(dir, 'images', name)]) if (await tree.stat(p)) return p;
  return undefined;
}

/** The subsets in order of first appearance, each with its files in task order (instances before person_keypoints). */
function subsetsOf(files: CocoTaskFile[]): number[][] {
  const subsets = new Map<string, number[]>();
  files.forEach((f, k) => {
    const list = subsets.get(f.ref.subset);
    if (list) list.push(k);
    else subsets.set(f.ref.subset, [k]);
  });
  const lists = [...subsets.values()];
  for (const list of lists) list.sort((a, b) => taskRank(files[a].ref.task) - taskRank(files[b].ref.task));
  return lists;
}

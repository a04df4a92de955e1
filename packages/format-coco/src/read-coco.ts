import {
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type FileTree,
  type IoOptions,
  isDatasetError,
  limitsOf,
  wrapError,
} from '@labelport/core';
import { basename, dirname, joinPath, safeRelativePath, stripExtension } from '@labelport/core/files';
import { readImageSize } from '@labelport/core/media';
import { CategoryMerger } from './coco-categories.js';
import { badField, describeValue } from './coco-fields.js';
import { type CocoFileRef, folderSet, imageFolder, unnamedJsonFiles } from './coco-layout.js';
import {
  type ImageContext,
  readCaption,
  readLabel,
  readObject,
  readPanoptic,
} from './coco-read-annotations.js';
import { findCocoFilesByContent, looseRef, peekFile, sniffCocoTask } from './coco-sniff.js';
import { COCO_TASK } from './coco-symbols.js';
import type { CocoTask } from './coco-task.js';
import { type CocoTaskFile, type ReadContext, readTaskFile } from './coco-task-file.js';

/** The annotation files of the tasks asked for, in the tree (already cut to the dataset root). */
export async function locateCocoFiles(
  tree: FileTree,
  tasks: readonly CocoTask[],
): Promise<{ refs: CocoFileRef[]; root: string; paths: string[]; sizes: Map<string, number> }> {
  const entries = await tree.list();
  const paths = entries.map((e) => e.path);
  const sizes = new Map(entries.map((e) => [e.path, e.size]));
  const layouts = await findCocoFilesByContent(tree, entries);
  for (const layout of layouts) {
    const refs = layout.files.filter((f) => tasks.includes(f.task));
    if (refs.length) return { refs, root: layout.root, paths, sizes };
  }
  // JSON files not named as COCO names them: look inside. Asked for one task, take any COCO file
  // as that task (as Datumaro does); asked for all, take the task the content shows.
  const refs: CocoFileRef[] = [];
  const byPath = new Map(entries.map((e) => [e.path, e]));
  for (const p of unnamedJsonFiles(paths)) {
    const { head, tail } = await peekFile(tree, byPath.get(p)!);
    const sniffed = sniffCocoTask(head, tail);
    if (!sniffed) continue;
    const task = tasks.includes(sniffed) ? sniffed : tasks.length === 1 ? tasks[0] : undefined;
    if (task) refs.push(looseRef(p, task));
  }
  if (refs.length) return { refs, root: '', paths, sizes };
  const want = tasks.length === 1 ? `${tasks[0]}_<subset>.json` : '<task>_<subset>.json';
  throw new DatasetError('not-found', `no COCO annotation file found (expected annotations/${want})`, {
    file: tree.name,
  });
}

export async function readCoco(
  tree: FileTree,
  tasks: readonly CocoTask[],
  options: IoOptions = {},
): Promise<DatasetSource> {
  const located = await locateCocoFiles(tree, tasks);
  const base = located.root === '' ? tree : tree.sub(located.root);
  const paths =
    located.root === ''
      ? located.paths
      : located.paths
          .filter((p) => p.startsWith(`${located.root}/`))
          .map((p) => p.slice(located.root.length + 1));
  const folders = folderSet(paths);
  const pathSet = new Set(paths);
  const tuning = options as { streamAbove?: number; chunkSize?: number };
  const limits = limitsOf(options);
  const ctx: ReadContext = {
    lenient: options.lenient === true,
    warn: (m) => options.onWarning?.(m),
    streamAbove: tuning.streamAbove,
    chunkSize: tuning.chunkSize,
  };
  const files: CocoTaskFile[] = [];
  for (const ref of located.refs) {
    const size = located.sizes.get(located.root === '' ? ref.path : `${located.root}/${ref.path}`);
    files.push(await readTaskFile(base, ref, ctx, size));
  }

  const merger = new CategoryMerger();
  const labelMaps = files.map((f) => merger.add(f.categories));
  const categories = merger.categories();

  // subsets in order of first appearance, each with its files (instances before person_keypoints)
  const subsets = new Map<string, number[]>();
  files.forEach((f, k) => {
    const list = subsets.get(f.ref.subset);
    if (list) list.push(k);
    else subsets.set(f.ref.subset, [k]);
  });
  const taskRank = (t: CocoTask) =>
    ['image_info', 'instances', 'person_keypoints', 'stuff', 'panoptic', 'labels', 'captions'].indexOf(t);
  for (const list of subsets.values())
    list.sort((a, b) => taskRank(files[a].ref.task) - taskRank(files[b].ref.task));
  const imageDirs = files.map((f) => imageFolder(f.ref, folders));
  // panoptic PNGs: annotations/panoptic_<subset>/ (Datumaro, COCO's zip unpacked there), else the
  // folder of that name at the root
  const maskDirs = files.map((f) => {
    const beside = f.ref.path.slice(0, -'.json'.length);
    const atRoot = basename(beside);
    return !folders.has(beside) && folders.has(atRoot) ? atRoot : beside;
  });
  // several tasks: each annotation remembers its task, so that writing COCO puts it back there
  const tagTasks = new Set(files.map((f) => f.ref.task)).size > 1;

  let total = 0;
  for (const [, list] of subsets) {
    if (list.length === 1) total += files[list[0]].images.length;
    else
      total += new Set(list.flatMap((k) => files[k].images.map((img, i) => itemIdOf(files[k], i, img)))).size;
  }

  async function makeItem(f: CocoTaskFile, i: number, dir: string): Promise<DatasetItem> {
    const img = f.images[i];
    const place = `images[${i}]`;
    const id = itemIdOf(f, i, img);
    const name = safeRelativePath(img.file_name as string, { file: f.ref.path, place: `${place}.file_name` });
    // the image folder of the layout; else file_name may already be relative to the JSON or the root
    let path = joinPath(dir, name);
    if (!pathSet.has(path)) {
      const other = [joinPath(dirname(f.ref.path), name), name].find((p) => pathSet.has(p));
      if (other) path = other;
    }
    let width = positiveInt(img.width);
    let height = positiveInt(img.height);
    const exists = pathSet.has(path);
    if ((width === undefined || height === undefined) && exists) {
      const size = await readImageSize(base, path);
      if (size) ({ width, height } = size);
    }
    return {
      id,
      subset: f.ref.subset,
      media: { kind: 'image', path, width, height, bytes: exists ? () => base.read(path) : undefined },
      annotations: [],
      attributes: { id: f.imageIds[i] },
    };
  }

  /** makeItem; with lenient, a bad image entry is skipped (with its annotations) and reported. */
  async function makeItemOrSkip(f: CocoTaskFile, i: number, dir: string): Promise<DatasetItem | undefined> {
    try {
      return await makeItem(f, i, dir);
    } catch (e) {
      const err = isDatasetError(e) ? e : wrapError(e, f.ref.path, `images[${i}]`);
      if (!ctx.lenient) throw err;
      ctx.warn(`${err.message}; the image and its annotations skipped`);
      return undefined;
    }
  }

  function addAnnotations(f: CocoTaskFile, k: number, i: number, item: DatasetItem): void {
    const ictx: ImageContext = {
      file: f.ref.path,
      labels: labelMaps[k],
      width: item.media?.width,
      height: item.media?.height,
      exists: (p) => pathSet.has(p),
      groups: new Set(),
      limits,
    };
    const out = item.annotations;
    const task = f.ref.task;
    const maskDir = task === 'panoptic' ? maskDirs[k] : '';
    for (let q = f.start[i]; q < f.start[i + 1]; q++) {
      const j = f.order[q];
      const a = f.annotations.get(j) as Record<string, unknown>;
      const place = `annotations[${j}]`;
      const before = out.length;
      try {
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
            readPanoptic(a, place, ictx, out, base, maskDir);
            break;
          case 'image_info':
            break;
        }
      } catch (e) {
        const err = isDatasetError(e) ? e : wrapError(e, f.ref.path, place);
        if (!ctx.lenient) throw err;
        out.length = before;
        ctx.warn(`${err.message}; skipped`);
      }
      if (tagTasks)
        for (let t = before; t < out.length; t++) (out[t] as { [COCO_TASK]?: CocoTask })[COCO_TASK] = task;
    }
  }

  return {
    categories,
    size: total,
    infos: merger.infos(),
    async *items() {
      let done = 0;
      for (const [, list] of subsets) {
        if (list.length === 1) {
          const k = list[0];
          const f = files[k];
          for (let i = 0; i < f.images.length; i++) {
            const item = await makeItemOrSkip(f, i, imageDirs[k]);
            if (!item) continue;
            const loading = f.annotations.load(i);
            if (loading) await loading;
            addAnnotations(f, k, i, item);
            options.onProgress?.(++done, total);
            yield item;
          }
          continue;
        }
        // several task files for one subset: merge them per image (by item id)
        const lookups = list.map((k) => {
          const m = new Map<string, number>();
          files[k].images.forEach((img, i) => {
            m.set(itemIdOf(files[k], i, img), i);
          });
          return m;
        });
        const emitted = new Set<string>();
        for (let a = 0; a < list.length; a++) {
          const fa = files[list[a]];
          for (let i = 0; i < fa.images.length; i++) {
            const itemId = itemIdOf(fa, i, fa.images[i]);
            if (emitted.has(itemId)) continue;
            emitted.add(itemId);
            const item = await makeItemOrSkip(fa, i, imageDirs[list[a]]);
            if (!item) continue;
            for (let b = 0; b < list.length; b++) {
              const k = list[b];
              const ib = lookups[b].get(itemId);
              if (ib === undefined) continue;
              const fb = files[k];
              const loading = fb.annotations.load(ib);
              if (loading) await loading;
              addAnnotations(fb, k, ib, item);
              if (item.media && item.media.width === undefined) {
                const w = positiveInt(fb.images[ib].width);
                const h = positiveInt(fb.images[ib].height);
                if (w !== undefined && h !== undefined) Object.assign(item.media, { width: w, height: h });
              }
            }
            options.onProgress?.(++done, total);
            yield item;
          }
        }
      }
    },
  };
}

const positiveInt = (v: unknown) =>
  typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : undefined;

function itemIdOf(f: CocoTaskFile, i: number, img: Record<string, unknown>): string {
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

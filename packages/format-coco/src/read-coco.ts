import {
  DatasetError,
  type DatasetSource,
  type FileTree,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
} from '@labelport/core';
import { basename } from '@labelport/core/files';
import { CategoryMerger } from './lib/coco-categories.js';
import { type CocoFiles, CocoItems } from './lib/coco-items.js';
import { type CocoFileRef, folderSet, imageFolder, unnamedJsonFiles } from './lib/coco-layout.js';
import { findCocoFilesByContent, looseRef, peekFile, sniffCocoTask } from './lib/coco-sniff.js';
import type { CocoTask } from './lib/coco-task.js';
import { type CocoTaskFile, readTaskFile } from './lib/coco-task-file.js';

interface LocatedFiles {
  refs: CocoFileRef[];
  root: string;
  paths: string[];
  sizes: Map<string, number>;
}

/** The annotation files of the tasks asked for, in the tree (already cut to the dataset root). */
export async function locateCocoFiles(tree: FileTree, tasks: readonly CocoTask[]): Promise<LocatedFiles> {
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

/** The reader's tuning, for tests: files above `streamAbove` bytes are streamed, `chunkSize` at a time. */
interface StreamTuning {
  streamAbove?: number;
  chunkSize?: number;
}

/** Reads the located task files, and where their images (and panoptic PNGs) are. */
async function openCocoFiles(
  tree: FileTree,
  located: LocatedFiles,
  ctx: ReadContext,
  tuning: StreamTuning,
): Promise<{ data: Omit<CocoFiles, 'labelMaps'>; merger: CategoryMerger; labelMaps: Map<number, number>[] }> {
  const { root } = located;
  const base = root === '' ? tree : tree.sub(root);
  const paths =
    root === ''
      ? located.paths
      : located.paths.filter((p) => p.startsWith(`${root}/`)).map((p) => p.slice(root.length + 1));
  const folders = folderSet(paths);
  const reading = { ctx, streamAbove: tuning.streamAbove, chunkSize: tuning.chunkSize };
  const files: CocoTaskFile[] = [];
  for (const ref of located.refs) {
    const size = located.sizes.get(root === '' ? ref.path : `${root}/${ref.path}`);
    files.push(await readTaskFile(base, ref, reading, size));
  }
  const merger = new CategoryMerger();
  const labelMaps = files.map((f) => merger.add(f.categories));
  const imageDirs = files.map((f) => imageFolder(f.ref, folders));
  // panoptic PNGs: annotations/panoptic_<subset>/ (Datumaro, COCO's zip unpacked there), else the
  // folder of that name at the root
  const maskDirs = files.map((f) => {
    const beside = f.ref.path.slice(0, -'.json'.length);
    const atRoot = basename(beside);
    return !folders.has(beside) && folders.has(atRoot) ? atRoot : beside;
  });
  // a COCO file given alone (the tree lists nothing else): its images are asked for, not listed
  const lone = paths.length === files.length && files.every((f) => f.ref.kind === 'loose');
  return { data: { tree: base, files, paths: new Set(paths), imageDirs, maskDirs, lone }, merger, labelMaps };
}

/**
 * COCO's task files (those of `tasks` found in the tree) as one source: the files of a subset are
 * merged per image (by item id), their labels matched by name.
 */
export async function readCoco(
  tree: FileTree,
  tasks: readonly CocoTask[],
  options: ReadOptions = {},
): Promise<DatasetSource> {
  const ctx = readContext(options);
  const located = await locateCocoFiles(tree, tasks);
  const { data, merger, labelMaps } = await openCocoFiles(tree, located, ctx, options as StreamTuning);
  const items = new CocoItems({ ...data, labelMaps }, ctx);
  return readerSource(options, {
    categories: merger.categories(),
    infos: merger.infos(),
    total: items.total,
    entries: () => items.entries(),
    where: (g) => items.where(g),
    make: (g) => items.make(g),
  });
}

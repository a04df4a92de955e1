/**
 * Reads CIFAR-10 and CIFAR-100's "python version" (`cifar`): the folder of the meta file
 * (`batches.meta` for CIFAR-10, `meta` for CIFAR-100) and every file without an extension beside it,
 * each a pickled batch and a subset named by its file (`data_batch_1` .. `data_batch_5`,
 * `test_batch`; `train`, `test`). No Python: the pickles are read by lib/pickle-read.ts. Each image is
 * handed out as an RGB PNG, encoded when asked for; CIFAR-100's coarse labels are the fine labels'
 * parents.
 */
import {
  checkTextBytes,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  type Detection,
  type FileTree,
  type LabelCategory,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
} from '@labelport/core';
import { basename, dirname, joinPath, safeRelativePath, stripExtension } from '@labelport/core/files';
import { DATASET_META_FILE, readDatasetMeta } from '@labelport/core/meta';
import { type BatchItem, batchItems } from './lib/cifar-batch.js';
import { CIFAR10_LABELS, META_FILES, metaLabels } from './lib/cifar-meta.js';
import { readPickle } from './lib/pickle-read.js';
import { rgbPng } from './lib/rgb-image.js';

/** The meta file of the dataset: the shallowest `batches.meta` (else `meta`). */
function metaFileOf(paths: string[]): string | undefined {
  const depth = (p: string) => p.split('/').length;
  const metas = paths
    .filter((p) => META_FILES.includes(basename(p)))
    .sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : 1));
  return metas.find((p) => basename(p) === META_FILES[0] && depth(p) === depth(metas[0]!)) ?? metas[0];
}

/** Whether bytes start like a pickle: PROTO 2..5, or protocol 0/1's first opcodes. */
const looksPickled = (head: Uint8Array) =>
  (head[0] === 0x80 && head[1]! >= 2 && head[1]! <= 5) || head[0] === 0x28 || head[0] === 0x7d;

export async function detectCifar(ctx: DetectContext): Promise<Detection> {
  const meta = metaFileOf(ctx.files.map((f) => f.path));
  if (!meta) return ctx.reject('no batches.meta or meta file');
  const head = await ctx.tree.readRange(meta, 0, 4096);
  if (!looksPickled(head)) return ctx.reject(`${meta} is not a pickle`);
  const value = await Promise.resolve()
    .then(async () => readPickle(await ctx.tree.read(meta), meta))
    .catch(() => undefined);
  if (!metaLabels(value)) return ctx.reject(`${meta} has no label_names nor fine_label_names`);
  return { confidence: 0.9, root: dirname(meta) };
}

interface Entry {
  file: string;
  subset: string;
  item: BatchItem;
}

async function readPickleFile(tree: FileTree, path: string, options: ReadOptions): Promise<unknown> {
  const limits = readContext(options).limits;
  const stat = await tree.stat(path);
  if (stat) checkTextBytes(stat.size, path, limits);
  return readPickle(await tree.read(path), path);
}

/** The labels: dataset_meta.json's names, else the meta file's, else CIFAR-10's; coarse labels as parents. */
async function categoriesOf(tree: FileTree, paths: Set<string>, metaFile: string, options: ReadOptions) {
  const meta = metaLabels(await readPickleFile(tree, metaFile, options));
  if (!meta) throw new DatasetError('bad-field', 'no label_names nor fine_label_names', { file: metaFile });
  const names = paths.has(DATASET_META_FILE)
    ? [...(await readDatasetMeta(tree, DATASET_META_FILE)).keys()]
    : meta.fine;
  return {
    labels: (names.length ? names : CIFAR10_LABELS).map((name): LabelCategory => ({ name })),
    coarse: meta.coarse,
  };
}

export async function readCifar(tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> {
  const ctx = readContext(options);
  const list = (await tree.list()).map((f) => f.path);
  const paths = new Set(list);
  const metaFile = META_FILES.find((m) => paths.has(m));
  if (!metaFile)
    throw new DatasetError('bad-layout', 'no batches.meta (CIFAR-10) or meta (CIFAR-100)', {
      file: tree.name,
    });
  const { labels, coarse } = await categoriesOf(tree, paths, metaFile, options);
  const entries: Entry[] = [];
  for (const file of list.filter((p) => !p.includes('/') && !p.includes('.') && !META_FILES.includes(p))) {
    if (!looksPickled(await tree.readRange(file, 0, 2))) {
      ctx.notMine(file);
      continue;
    }
    const items = await ctx.attemptItem(async () => {
      try {
        return batchItems(await readPickleFile(tree, file, options), ctx.limits);
      } catch (e) {
        throw e instanceof DatasetError ? e.withLocation(file) : e;
      }
    }, file);
    for (const item of items ?? []) entries.push({ file, subset: file, item });
  }
  setParents(entries, labels, coarse, ctx);
  return readerSource(options, {
    categories: { labels },
    entries,
    where: (e) => ({ file: e.file, place: `filenames[${e.item.index}]` }),
    make: (e) => itemOf(e, labels.length),
  });
}

/** CIFAR-100: a fine label's parent is the coarse label its images have (the first one seen). */
function setParents(entries: Entry[], labels: LabelCategory[], coarse: string[], ctx: ReadContext): void {
  for (const { file, item } of entries) {
    if (item.coarse === undefined) continue;
    const parent = coarse[item.coarse];
    if (parent === undefined) {
      const e = new DatasetError(
        'unknown-label',
        `coarse label ${item.coarse}, and the meta file has ${coarse.length}`,
        {
          file,
          place: `coarse_labels[${item.index}]`,
        },
      );
      ctx.skip(e, file, 'annotations');
      continue;
    }
    const l = item.label === undefined ? undefined : labels[item.label];
    if (l && l.parent === undefined) l.parent = parent;
  }
}

function itemOf({ file, subset, item }: Entry, labelCount: number): DatasetItem {
  const place = `filenames[${item.index}]`;
  const name = safeRelativePath(item.filename, { file, place });
  if (item.label !== undefined && item.label >= labelCount) {
    throw new DatasetError('unknown-label', `label ${item.label}, and the dataset has ${labelCount} labels`, {
      file,
      place: `labels[${item.index}]`,
    });
  }
  const image = item.image;
  return {
    id: stripExtension(name),
    subset,
    media: image && {
      kind: 'image',
      path: joinPath(name),
      width: image.width,
      height: image.height,
      bytes: async () => rgbPng(image.planes, image.width, image.height),
    },
    annotations: item.label === undefined ? [] : [{ type: 'label', label: item.label, attributes: {} }],
    attributes: {},
  };
}

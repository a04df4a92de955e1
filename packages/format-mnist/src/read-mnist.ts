/**
 * Reads MNIST's IDX files (`mnist`): per subset a labels file (idx1) and an images file (idx3),
 * gzipped or not, with Datumaro's `<subset>-meta.gz` (ids, image sizes) and `labels.txt` /
 * `dataset_meta.json` when present. Each image is handed out as a gray PNG, encoded when asked for.
 * Detection reads the magic number of a file named like MNIST's.
 */
import {
  type Annotation,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  type Detection,
  type FileTree,
  type ReadOptions,
  readContext,
  readerSource,
} from '@labelport/core';
import { grayPng } from './lib/gray-image.js';
import { gunzipHead, isGzip } from './lib/gzip.js';
import { looksLikeIdx } from './lib/idx.js';
import { type IdxSubset, loadIdxSubset, NO_LABEL, subsetFiles } from './lib/idx-subset.js';
import { datasetDir, type IdxFile, idxFileOf } from './lib/mnist-files.js';
import { digitLabels, listedLabels } from './lib/mnist-labels.js';

/** The IDX files of the dataset's folder (the shallowest holding some) and that folder. */
function idxFilesOf(paths: string[]): { dir: string; files: IdxFile[] } | undefined {
  const dir = datasetDir(paths, (p) => idxFileOf(p) !== undefined);
  if (dir === undefined) return undefined;
  const files = paths.filter((p) => p.slice(0, p.lastIndexOf('/') + 1) === (dir ? `${dir}/` : ''));
  return { dir, files: files.map(idxFileOf).filter((f): f is IdxFile => f !== undefined) };
}

export async function detectMnist(ctx: DetectContext): Promise<Detection> {
  const found = idxFilesOf(ctx.files.map((f) => f.path));
  if (!found) return ctx.reject('no file named like MNIST (train-labels-idx1-ubyte.gz, ...)');
  const file = found.files.find((f) => f.kind === 'labels') ?? found.files[0]!;
  let head = await ctx.tree.readRange(file.path, 0, 4096);
  if (isGzip(head)) head = (await gunzipHead(head)) ?? new Uint8Array();
  if (!looksLikeIdx(head))
    return ctx.reject(`${file.path} does not start with an IDX magic number (00 00 08 0n)`);
  return { confidence: 0.95, root: found.dir };
}

interface Entry {
  s: IdxSubset;
  index: number;
}

function labelsOf(subsets: IdxSubset[], listed: string[] | undefined): string[] {
  if (listed) return listed;
  let largest = -1;
  for (const s of subsets) {
    for (const l of s.labels ?? []) if (l !== NO_LABEL && l > largest) largest = l;
  }
  return digitLabels(largest);
}

export async function readMnist(tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> {
  const ctx = readContext(options);
  const list = (await tree.list()).map((f) => f.path);
  const found = idxFilesOf(list);
  if (!found) {
    throw new DatasetError(
      'bad-layout',
      'no MNIST file (train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte, ...)',
      {
        file: tree.name,
      },
    );
  }
  const subsets: IdxSubset[] = [];
  for (const files of subsetFiles(found.files, new Set(list), found.dir)) {
    const where = (files.labels ?? files.images)!.path;
    const s = await ctx.attemptItem(() => loadIdxSubset(tree, files, ctx.limits), where);
    if (s) subsets.push(s);
  }
  const labels = labelsOf(subsets, await listedLabels(tree, found.dir, new Set(list)));
  const entries: Entry[] = subsets.flatMap((s) =>
    Array.from({ length: s.count }, (_, index) => ({ s, index })),
  );
  return readerSource(options, {
    categories: { labels: labels.map((name) => ({ name })) },
    entries,
    where: (e) => ({ file: (e.s.files.labels ?? e.s.files.images)!.path, place: `item ${e.index}` }),
    make: (e) => itemOf(e, labels.length),
  });
}

function itemOf({ s, index }: Entry, labelCount: number): DatasetItem {
  const annotations: Annotation[] = [];
  const label = s.labels?.[index];
  if (label !== undefined && label !== NO_LABEL) {
    if (label >= labelCount) {
      throw new DatasetError('unknown-label', `label ${label}, and the dataset has ${labelCount} labels`, {
        file: s.files.labels!.path,
        place: `label ${index}`,
      });
    }
    annotations.push({ type: 'label', label, attributes: {} });
  }
  const id = s.meta?.[index]?.id ?? String(index);
  const span = s.spans?.[index];
  const pixels = s.pixels;
  const media =
    span && pixels && span.height > 0 && span.width > 0
      ? {
          kind: 'image' as const,
          path: `${id}.png`,
          width: span.width,
          height: span.height,
          bytes: async () =>
            grayPng(
              pixels.subarray(span.offset, span.offset + span.width * span.height),
              span.width,
              span.height,
            ),
        }
      : undefined;
  return { id, subset: s.files.subset, media, annotations, attributes: {} };
}

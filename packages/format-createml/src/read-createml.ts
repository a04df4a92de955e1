/**
 * Reads Create ML files: every `.json` of the tree that is a Create ML list (Roboflow's
 * `_annotations.createml.json` per subset folder, or any name). Labels are the names the boxes use,
 * sorted (as Datumaro's Roboflow importer orders them). Detection parses the candidates (within the
 * limits): no key is looked for in a byte window.
 */
import {
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  DEFAULT_SUBSET,
  type DetectContext,
  type Detection,
  type FileTree,
  type ReadOptions,
  readContext,
  readerSource,
  readJson,
} from '@labelport/core';
import { basename, dirname, joinPath, safeRelativePath, stripExtension } from '@labelport/core/files';
import { readImageSize } from '@labelport/core/media';
import { type CreatemlImage, isCreatemlDoc, parseCreatemlImage } from './lib/createml-json.js';

export const ROBOFLOW_FILE = '_annotations.createml.json';

/** The JSON files that may be Create ML lists, Roboflow's names first. */
function candidates(paths: string[]): string[] {
  const json = paths.filter((p) => p.toLowerCase().endsWith('.json'));
  const named = json.filter((p) => basename(p) === ROBOFLOW_FILE);
  return named.length > 0 ? named : json;
}

export async function detectCreateml(ctx: DetectContext): Promise<Detection> {
  const files = candidates(ctx.files.map((f) => f.path));
  if (files.length === 0) return ctx.reject('no .json file');
  for (const file of files.slice(0, 8)) {
    const doc = await readJson(ctx.tree, file).catch(() => undefined);
    if (isCreatemlDoc(doc)) return { confidence: basename(file) === ROBOFLOW_FILE ? 0.9 : 0.6 };
  }
  return ctx.reject('no .json file is a list of {image, annotations: [{label, coordinates}]}');
}

/** A file's subset: Roboflow's folder name, else the file's name when there are several, else default. */
function subsetOf(file: string, files: string[]): string {
  if (basename(file) === ROBOFLOW_FILE) return basename(dirname(file)) || DEFAULT_SUBSET;
  return files.length > 1 ? stripExtension(basename(file)) : DEFAULT_SUBSET;
}

interface Entry {
  file: string;
  subset: string;
  index: number;
  image: CreatemlImage;
}

export async function readCreateml(tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> {
  const ctx = readContext(options);
  const paths = new Set((await tree.list()).map((f) => f.path));
  const docs: [string, unknown[]][] = [];
  for (const file of candidates([...paths])) {
    const doc = await readJson(tree, file, ctx.limits);
    if (isCreatemlDoc(doc)) docs.push([file, doc]);
  }
  if (docs.length === 0) {
    throw new DatasetError('bad-layout', 'no Create ML file (a JSON list of {image, annotations})', {
      file: tree.name,
    });
  }
  const files = docs.map(([file]) => file);
  const entries: Entry[] = [];
  for (const [file, doc] of docs) {
    const subset = subsetOf(file, files);
    for (let index = 0; index < doc.length; index++) {
      const where = { file, place: `[${index}]` };
      const image = await ctx.attemptItem(() => parseCreatemlImage(doc[index], file, `[${index}]`), where);
      if (image) entries.push({ file, subset, index, image });
    }
  }
  const labels = [...new Set(entries.flatMap((e) => e.image.boxes.map((b) => b.label)))].sort();
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  return readerSource(options, {
    categories: { labels: labels.map((name) => ({ name })) },
    entries,
    where: (e) => ({ file: e.file, place: `[${e.index}]` }),
    make: (e) => itemOf(e, tree, paths, labelIndex),
  });
}

async function itemOf(
  e: Entry,
  tree: FileTree,
  paths: Set<string>,
  labelIndex: Map<string, number>,
): Promise<DatasetItem> {
  const where = { file: e.file, place: `[${e.index}].image` };
  const image = safeRelativePath(e.image.image, where);
  const path = joinPath(dirname(e.file), image);
  const present = paths.has(path);
  const size = present ? await readImageSize(tree, path) : undefined;
  return {
    id: stripExtension(image),
    subset: e.subset,
    media: {
      kind: 'image',
      path,
      width: size?.width,
      height: size?.height,
      bytes: present ? () => tree.read(path) : undefined,
    },
    annotations: e.image.boxes.map((b) => ({
      type: 'bbox',
      label: labelIndex.get(b.label)!,
      x: b.x,
      y: b.y,
      w: b.w,
      h: b.h,
      attributes: {},
    })),
    attributes: {},
  };
}

/**
 * Reads DOTA (v1.0, v1.5, v2.0): `[<subset>/]labelTxt/<image>.txt` with the images in
 * `[<subset>/]images/`, as DOTA is distributed (`train/`, `val/`, `test/`) and as Datumaro's importer
 * and exporter lay it out. The subset is the folder holding `labelTxt` (`default` when it is at the
 * top); a sibling folder with `images/` and no labels (DOTA's test split) is a subset of images
 * without annotations. Each label file is an item named by its path under `labelTxt` without `.txt`;
 * an image of the same name under `images/` is its media. Labels are the class names, sorted, as
 * Datumaro reads them. Detection parses the first object line of the candidates.
 */
import {
  type Attributes,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  type Detection,
  type FileTree,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
  readText,
} from '@labelport/core';
import { basename, dirname, joinPath, splitLines, stripExtension } from '@labelport/core/files';
import { IMAGE_EXTENSIONS, readImageSize } from '@labelport/core/media';
import { type DotaObject, headerLine, parseObjectLine } from './lib/dota-lines.js';
import { quadAnnotation } from './lib/quad.js';
import type { DotaReadOptions } from './options.js';

export const LABEL_DIR = 'labelTxt';
export const IMAGE_DIR = 'images';
/** The pixels by which four corners may miss a rectangle and still be a rotated box. */
export const DEFAULT_TOLERANCE = 1;

/** The folder holding the `labelTxt` folder of a label file ('' at the top), or undefined. */
function labelRootOf(path: string): string | undefined {
  if (!path.toLowerCase().endsWith('.txt')) return undefined;
  const parts = path.split('/');
  const k = parts.lastIndexOf(LABEL_DIR, parts.length - 2);
  return k < 0 ? undefined : parts.slice(0, k).join('/');
}

export async function detectDota(ctx: DetectContext): Promise<Detection> {
  const files = ctx.files.map((f) => f.path).filter((p) => labelRootOf(p) !== undefined);
  if (files.length === 0) return ctx.reject(`no ${LABEL_DIR}/*.txt file`);
  for (const file of files.slice(0, 8)) {
    const text = await readText(ctx.tree, file).catch(() => '');
    for (const [i, raw] of splitLines(text).entries()) {
      const line = raw.trim();
      if (line === '' || headerLine(line)) continue;
      try {
        parseObjectLine(line, file, `line ${i + 1}`);
      } catch {
        return ctx.reject(`${file}: line ${i + 1} is not x1 y1 ... x4 y4 class difficult`);
      }
      return { confidence: 0.8 };
    }
  }
  // label files with no object in them (images without objects, or headers only)
  return { confidence: 0.4 };
}

interface Entry {
  root: string;
  subset: string;
  id: string;
  labelFile?: string;
  image?: string;
  header: Attributes;
  objects: DotaObject[];
}

/** The subset folders: those holding `labelTxt`, and their siblings holding only `images`. */
function subsetRoots(paths: string[]): Map<string, string> {
  const roots = new Map<string, string>();
  for (const p of paths) {
    const root = labelRootOf(p);
    if (root !== undefined && !roots.has(root)) roots.set(root, root === '' ? 'default' : basename(root));
  }
  const parents = new Set([...roots.keys()].filter((r) => r !== '').map(dirname));
  for (const p of paths) {
    const parts = p.split('/');
    const k = parts.lastIndexOf(IMAGE_DIR, parts.length - 2);
    if (k <= 0) continue;
    const root = parts.slice(0, k).join('/');
    if (!roots.has(root) && parents.has(dirname(root))) roots.set(root, basename(root));
  }
  return roots;
}

/** The images under `<root>/images/`, by their path there without the extension. */
function imagesOf(root: string, paths: string[]): Map<string, string> {
  const prefix = `${joinPath(root, IMAGE_DIR)}/`;
  const out = new Map<string, string>();
  for (const p of paths) {
    if (!p.startsWith(prefix)) continue;
    const ext = p.slice(p.lastIndexOf('.')).toLowerCase();
    if (IMAGE_EXTENSIONS.includes(ext)) out.set(stripExtension(p.slice(prefix.length)), p);
  }
  return out;
}

/** A label file: its header lines as item attributes and its objects (bad lines under the policy). */
async function parseLabelFile(tree: FileTree, file: string, ctx: ReadContext) {
  const header: Attributes = {};
  const objects: DotaObject[] = [];
  for (const [i, raw] of splitLines(await readText(tree, file, ctx.limits)).entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const h = headerLine(line);
    if (h) header[h[0]] = h[1];
    else {
      const where = { file, place: `line ${i + 1}` };
      const object = ctx.attempt(() => parseObjectLine(line, file, where.place), where);
      if (object) objects.push(object);
    }
  }
  return { header, objects };
}

/** The items of one subset folder: its label files, then its images that have none. */
async function entriesOf(tree: FileTree, root: string, subset: string, paths: string[], ctx: ReadContext) {
  const images = imagesOf(root, paths);
  const prefix = `${joinPath(root, LABEL_DIR)}/`;
  const entries: Entry[] = [];
  const ids = new Set<string>();
  for (const file of paths) {
    if (!file.startsWith(prefix) || labelRootOf(file) !== root) continue;
    const id = stripExtension(file.slice(prefix.length));
    const parsed = await ctx.attemptItem(() => parseLabelFile(tree, file, ctx), file);
    if (!parsed) continue;
    ids.add(id);
    entries.push({ root, subset, id, labelFile: file, image: images.get(id), ...parsed });
  }
  for (const [id, image] of [...images].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!ids.has(id)) entries.push({ root, subset, id, image, header: {}, objects: [] });
  }
  return entries;
}

export async function readDota(
  tree: FileTree,
  options: DotaReadOptions & ReadOptions = {},
): Promise<DatasetSource> {
  const ctx = readContext(options);
  const tolerance = options.rectangleTolerance ?? DEFAULT_TOLERANCE;
  const paths = (await tree.list()).map((f) => f.path);
  const roots = subsetRoots(paths);
  if (![...roots.keys()].some((r) => paths.some((p) => labelRootOf(p) === r))) {
    throw new DatasetError('bad-layout', `no ${LABEL_DIR} folder of .txt files`, { file: tree.name });
  }
  const entries: Entry[] = [];
  for (const [root, subset] of roots) entries.push(...(await entriesOf(tree, root, subset, paths, ctx)));
  const names = [...new Set(entries.flatMap((e) => e.objects.map((o) => o.label)))].sort();
  const labelIndex = new Map(names.map((n, i) => [n, i]));
  return readerSource(options, {
    categories: { labels: names.map((name) => ({ name })) },
    entries,
    where: (e) => e.labelFile ?? e.image,
    make: (e) => itemOf(e, tree, labelIndex, tolerance),
  });
}

async function itemOf(
  e: Entry,
  tree: FileTree,
  labelIndex: Map<string, number>,
  tolerance: number,
): Promise<DatasetItem> {
  const size = e.image ? await readImageSize(tree, e.image) : undefined;
  const image = e.image;
  return {
    id: e.id,
    subset: e.subset,
    media: {
      kind: 'image',
      // DOTA's images are PNG: where there is none, the name it would have
      path: image ?? joinPath(e.root, IMAGE_DIR, `${e.id}.png`),
      width: size?.width,
      height: size?.height,
      bytes: image ? () => tree.read(image) : undefined,
    },
    annotations: e.objects.map((o) => {
      const a = quadAnnotation(o.points, tolerance, { difficult: o.difficult });
      a.label = labelIndex.get(o.label);
      return a;
    }),
    attributes: e.header,
  };
}

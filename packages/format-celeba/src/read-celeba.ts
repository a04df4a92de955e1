/**
 * Reads CelebA (`celeba`, `align_celeba`): the folder above `Anno/`, its annotation files (see
 * lib/celeba-files.ts) and the images of the variant's `Img/` folder. An item per image, named by its
 * file name without the extension: its identities as labels (label index = identity number, named
 * `class-<n>` as by Datumaro unless `dataset_meta.json` names them), its box and its 5 landmarks with
 * the (first) identity's label, its attributes as booleans, and its subset from the partition file.
 */
import {
  type Annotation,
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
} from '@labelport/core';
import { dirname, joinPath, safeRelativePath, stripExtension } from '@labelport/core/files';
import { IMAGE_EXTENSIONS, readImageSize } from '@labelport/core/media';
import { DATASET_META_FILE, readDatasetMeta } from '@labelport/core/meta';
import {
  ALIGN_CELEBA,
  ATTRS_FILE,
  BBOX_FILE,
  CELEBA,
  type CelebaVariant,
  IDENTITY_FILE,
} from './lib/celeba-files.js';
import { type CelebaEntry, CelebaTables } from './lib/celeba-tables.js';

/** The dataset's root: the shallowest folder with `Anno/identity_CelebA.txt` (or the attributes file). */
function celebaRoot(paths: string[]): string | undefined {
  const roots = paths
    .filter((p) => p.endsWith(IDENTITY_FILE) || p.endsWith(ATTRS_FILE))
    .map((p) => dirname(dirname(p)))
    .filter((r) => paths.includes(joinPath(r, IDENTITY_FILE)) || paths.includes(joinPath(r, ATTRS_FILE)));
  roots.sort((a, b) => a.split('/').length - b.split('/').length || a.length - b.length);
  return roots[0];
}

const hasImagesIn = (paths: string[], root: string, v: CelebaVariant) => {
  const dir = `${joinPath(root, v.imagesDir)}/`;
  return paths.some((p) => p.startsWith(dir));
};

/** How much the files say it is this variant: 2 its own images or landmarks (or boxes), 1 nothing either way. */
function variantScore(paths: string[], root: string, v: CelebaVariant): number {
  if (hasImagesIn(paths, root, v) || paths.includes(joinPath(root, v.landmarksFile))) return 2;
  if (v.bboxes && paths.includes(joinPath(root, BBOX_FILE))) return 2;
  return 1;
}

export function detectCelebaAs(v: CelebaVariant) {
  return async (ctx: DetectContext): Promise<Detection> => {
    const paths = ctx.files.map((f) => f.path);
    const root = celebaRoot(paths);
    if (root === undefined) return ctx.reject(`no ${IDENTITY_FILE} or ${ATTRS_FILE}`);
    const other = v === CELEBA ? ALIGN_CELEBA : CELEBA;
    const mine = variantScore(paths, root, v);
    const theirs = variantScore(paths, root, other);
    // with no sign either way the in-the-wild images are meant (Datumaro needs an images folder)
    if (mine < theirs || (mine === theirs && v === ALIGN_CELEBA)) {
      return ctx.reject(`the files are ${other.id}'s (${other.imagesDir}, ${other.landmarksFile})`);
    }
    const file = joinPath(root, paths.includes(joinPath(root, IDENTITY_FILE)) ? IDENTITY_FILE : ATTRS_FILE);
    const first = (await ctx.readHead(file, 4096)).split(/\r?\n/)[0]!.trim();
    if (!/^("[^"]+"|\S+)(\s+-?\d+)+$|^\d+$/.test(first)) {
      return ctx.reject(`${file}: its first line is not '<image> <number>' nor a count`);
    }
    return { confidence: mine === 2 ? 0.9 : 0.6, root };
  };
}

/** The images of the variant's folder, by their path below it without the extension. */
function imagesOf(paths: string[], dir: string): Map<string, string> {
  const prefix = `${dir}/`;
  const exts = new Set(IMAGE_EXTENSIONS.map((e) => e.toLowerCase()));
  const out = new Map<string, string>();
  for (const p of paths) {
    if (!p.startsWith(prefix)) continue;
    const dot = p.lastIndexOf('.');
    if (dot > 0 && exts.has(p.slice(dot).toLowerCase())) out.set(stripExtension(p.slice(prefix.length)), p);
  }
  return out;
}

async function labelNames(
  tree: FileTree,
  paths: Set<string>,
  entries: Iterable<CelebaEntry>,
): Promise<string[]> {
  const names = paths.has(DATASET_META_FILE)
    ? [...(await readDatasetMeta(tree, DATASET_META_FILE)).keys()]
    : [];
  let largest = -1;
  for (const e of entries) for (const l of e.labels) if (l > largest) largest = l;
  // as Datumaro: labels past the named ones are class-<n>
  for (let i = names.length; i <= largest; i++) names.push(`class-${i}`);
  return names;
}

export function readCelebaAs(v: CelebaVariant) {
  return async (tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> => {
    const ctx = readContext(options);
    const list = (await tree.list()).map((f) => f.path);
    const paths = new Set(list);
    if (!paths.has(IDENTITY_FILE) && !paths.has(ATTRS_FILE)) {
      throw new DatasetError('bad-layout', `no ${IDENTITY_FILE} (nor ${ATTRS_FILE})`, { file: tree.name });
    }
    const tables = new CelebaTables(tree, '', paths, ctx);
    await tables.readAll(v);
    const entries = [...tables.entries.values()];
    const labels = await labelNames(tree, paths, entries);
    const images = imagesOf(list, v.imagesDir);
    return readerSource(options, {
      categories: { labels: labels.map((name) => ({ name })) },
      entries,
      where: (e) => ({ file: IDENTITY_FILE, place: e.name }),
      make: (e) => itemOf(e, tree, images, v),
    });
  };
}

function annotationsOf(e: CelebaEntry): Annotation[] {
  const out: Annotation[] = e.labels.map((label) => ({ type: 'label', label, attributes: {} }));
  const label = e.labels[0];
  if (e.bbox) {
    const [x, y, w, h] = e.bbox;
    out.push({ type: 'bbox', label, x, y, w, h, attributes: {} });
  }
  if (e.points) {
    const visibility = e.points.filter((_, i) => i % 2 === 0).map(() => 2 as const);
    out.push({ type: 'points', label, points: e.points, visibility, attributes: {} });
  }
  return out;
}

async function itemOf(
  e: CelebaEntry,
  tree: FileTree,
  images: Map<string, string>,
  v: CelebaVariant,
): Promise<DatasetItem> {
  const name = safeRelativePath(e.name, { file: IDENTITY_FILE, place: e.name });
  const found = images.get(e.id);
  const size = found ? await readImageSize(tree, found) : undefined;
  return {
    id: e.id,
    subset: e.subset ?? DEFAULT_SUBSET,
    media: {
      kind: 'image',
      path: found ?? joinPath(v.imagesDir, name),
      width: size?.width,
      height: size?.height,
      bytes: found ? () => tree.read(found) : undefined,
    },
    annotations: annotationsOf(e),
    attributes: e.attributes,
  };
}

import {
  type Categories,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  type FileEntry,
  type FileTree,
  type Media,
  type ReadOptions,
  readerSource,
  readText,
} from '@labelport/core';
import { dirname, mapSettled, READ_AHEAD, type Settled, stripExtension } from '@labelport/core/files';
import { readImageSize } from '@labelport/core/media';
import {
  itemIdFromImagePath,
  type LooseItem,
  localizePath,
  looseItems,
  parseNames,
  parseObjData,
  RESERVED_KEYS,
  roboflowDarknetItems,
} from './lib/darknet-layout.js';
import { readImageMeta, resolveImageSize } from './lib/image-meta.js';
import { type ImageSize, parseLabelFile } from './lib/label-file.js';
import { META_FILE, readMetaLabels } from './lib/meta-file.js';

function findRoot(files: { path: string }[], name: string): string | undefined {
  const hits = files
    .filter((f) => f.path === name || f.path.endsWith(`/${name}`))
    .map((f) => dirname(f.path));
  hits.sort((a, b) => (a === '' ? 0 : a.split('/').length) - (b === '' ? 0 : b.split('/').length));
  return hits.find((h) => (h === '' ? 0 : h.split('/').length) <= 2);
}

export async function detectYolo(ctx: DetectContext) {
  const strict = findRoot(ctx.files, 'obj.data');
  if (strict !== undefined) {
    const head = await ctx.readHead(strict ? `${strict}/obj.data` : 'obj.data', 2048);
    if (!/^\s*names\s*=/m.test(head))
      ctx.reject(`${strict ? `${strict}/` : ''}obj.data has no 'names =' line`);
    return { confidence: 1, root: strict };
  }
  const loose = findRoot(ctx.files, 'obj.names') ?? findRoot(ctx.files, 'classes.txt');
  if (loose === undefined) {
    // Roboflow's "YOLO Darknet": <subset>/_darknet.labels, images and label files side by side
    const rf = ctx.files.find(
      (f) => /(^|\/)[^/]+\/_darknet\.labels$/.test(f.path) && f.path.split('/').length <= 4,
    );
    if (!rf) ctx.reject('no obj.data, obj.names, classes.txt or <subset>/_darknet.labels');
    return { confidence: 0.9, root: dirname(dirname(rf!.path)) };
  }
  const prefix = loose ? `${loose}/` : '';
  const labelFile = ctx.files.find(
    (f) =>
      f.path.startsWith(prefix) && /^([Aa]nnotations|[Ll]abels)\/.*\.txt$/.test(f.path.slice(prefix.length)),
  );
  if (!labelFile) ctx.reject('obj.names or classes.txt but no label files under annotations/ or labels/');
  // a label file is line by line: its first line decides
  const first = (await ctx.readHead(labelFile!.path, 512)).split('\n')[0]!.trim();
  if (first && !/^\d+(\s+[-+0-9.eE]+){4}$/.test(first))
    ctx.reject(`${labelFile!.path} does not start with a 'class cx cy w h' line`);
  return { confidence: 0.6, root: loose };
}

/** What a darknet layout gives the item loop: its labels, its items, and the file that names the labels. */
interface DarknetLayout {
  categories: Categories;
  plans: LooseItem[];
  namesFile: string;
}

const categoriesOf = (names: string[]): Categories => ({ labels: names.map((name) => ({ name })) });

/**
 * The label file of an image: beside it (CVAT, Datumaro), else where darknet itself looks, with the
 * last `images` or `JPEGImages` folder of the path replaced by `labels`.
 */
function darknetLabelFile(image: string, files: Set<string>): string {
  const beside = `${stripExtension(image)}.txt`;
  if (files.has(beside)) return beside;
  const parts = stripExtension(image).split('/');
  for (let i = parts.length - 2; i >= 0; i--) {
    if (parts[i] === 'images' || parts[i] === 'JPEGImages') {
      const other = `${[...parts.slice(0, i), 'labels', ...parts.slice(i + 1)].join('/')}.txt`;
      if (files.has(other)) return other;
      break;
    }
  }
  return beside;
}

/** The names file obj.data's `names =` line points at (or obj.names when that path is not there). */
function objDataNamesFile(config: Map<string, string>, files: Set<string>): string {
  const namesValue = config.get('names');
  if (!namesValue) throw new DatasetError('bad-line', "no 'names = <file>' line", { file: 'obj.data' });
  let namesFile = localizePath(namesValue, { file: 'obj.data', place: 'names' }, files);
  if (!files.has(namesFile) && files.has('obj.names')) namesFile = 'obj.names';
  if (!files.has(namesFile))
    throw new DatasetError('not-found', `the names file '${namesValue}' does not exist`, {
      file: 'obj.data',
      place: 'names',
    });
  return namesFile;
}

/** The items of one subset list: an image path a line (the first of repeated ids kept). */
function listPlans(text: string, listFile: string, subset: string, files: Set<string>, plans: LooseItem[]) {
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const where = { file: listFile, place: `line ${i + 1}` };
    const image = localizePath(line, where, files, (p) => `${stripExtension(p)}.txt`);
    const id = itemIdFromImagePath(image);
    if (seen.has(id)) return;
    seen.add(id);
    plans.push({ id, subset, image, labelFile: darknetLabelFile(image, files) });
  });
}

/** The strict layout: obj.data, its names file and one image list per subset. */
async function strictLayout(tree: FileTree, files: Set<string>): Promise<DarknetLayout> {
  const config = parseObjData(await readText(tree, 'obj.data'));
  const namesFile = objDataNamesFile(config, files);
  const names = (await readMetaLabels(tree, files)) ?? parseNames(await readText(tree, namesFile));
  const plans: LooseItem[] = [];
  for (const [subset, value] of config) {
    if (RESERVED_KEYS.has(subset)) continue;
    const listFile = localizePath(value, { file: 'obj.data', place: subset }, files);
    if (!files.has(listFile))
      throw new DatasetError('not-found', `the '${subset}' subset list '${value}' does not exist`, {
        file: 'obj.data',
        place: subset,
      });
    listPlans(await readText(tree, listFile), listFile, subset, files, plans);
  }
  return { categories: categoriesOf(names), plans, namesFile: files.has(META_FILE) ? META_FILE : namesFile };
}

/** Roboflow's YOLO Darknet: `<subset>/_darknet.labels` (all the same), images and label files side by side. */
async function roboflowLayout(tree: FileTree, list: FileEntry[], files: Set<string>, namesFiles: string[]) {
  const namesFile = namesFiles[0]!;
  const names = (await readMetaLabels(tree, files)) ?? parseNames(await readText(tree, namesFile));
  for (const other of namesFiles.slice(1)) {
    const o = parseNames(await readText(tree, other));
    if (o.join('\n') !== names.join('\n'))
      throw new DatasetError('bad-yaml', `the labels differ from those of ${namesFile}`, { file: other });
  }
  return { categories: categoriesOf(names), plans: roboflowDarknetItems(list), namesFile };
}

/** The class list of the loose layout: darknet's obj.names, or Label Studio's classes.txt. */
const LOOSE_NAMES = ['obj.names', 'classes.txt'];

async function looseLayout(tree: FileTree, list: FileEntry[], files: Set<string>, namesFile: string) {
  const names = (await readMetaLabels(tree, files)) ?? parseNames(await readText(tree, namesFile));
  const plans = looseItems(list);
  if (plans.length === 0)
    throw new DatasetError('bad-layout', `${namesFile} but no label files under annotations/ or labels/`, {
      file: tree.name,
    });
  return { categories: categoriesOf(names), plans, namesFile: files.has(META_FILE) ? META_FILE : namesFile };
}

async function darknetLayout(tree: FileTree, list: FileEntry[], files: Set<string>): Promise<DarknetLayout> {
  if (files.has('obj.data')) return strictLayout(tree, files);
  const roboflowNames = list.filter((f) => /^[^/]+\/_darknet\.labels$/.test(f.path)).map((f) => f.path);
  if (!files.has('obj.names') && roboflowNames.length)
    return roboflowLayout(tree, list, files, roboflowNames);
  const namesFile = LOOSE_NAMES.find((n) => files.has(n));
  if (namesFile) return looseLayout(tree, list, files, namesFile);
  throw new DatasetError('bad-layout', 'no obj.data or obj.names', { file: tree.name });
}

/** One item: its image (when there), its size (images.meta, else the header) and its label file's boxes. */
async function makeItem(
  tree: FileTree,
  layout: DarknetLayout,
  files: Set<string>,
  meta: Map<string, ImageSize>,
  plan: LooseItem,
): Promise<DatasetItem> {
  const media: Media = { kind: 'image' };
  if (plan.image) media.path = plan.image;
  const known = (plan.image ? meta.get(plan.image) : undefined) ?? meta.get(plan.id);
  if (known) Object.assign(media, known);
  if (plan.image && files.has(plan.image)) {
    const p = plan.image;
    media.bytes = () => tree.read(p);
    if (!known) {
      const info = await readImageSize(tree, p).catch(() => undefined); // needed only with lines: then a clear error
      if (info) Object.assign(media, { width: info.width, height: info.height });
    }
  }
  let annotations: DatasetItem['annotations'] = [];
  if (plan.labelFile && files.has(plan.labelFile)) {
    const labelFile = plan.labelFile;
    annotations = await parseLabelFile(await readText(tree, labelFile), labelFile, {
      mode: 'darknet',
      labelCount: layout.categories.labels.length,
      namesFile: layout.namesFile,
      size: async () => {
        if (media.width && media.height) return { width: media.width, height: media.height };
        const s = await resolveImageSize(tree, meta, plan.id, plan.image, labelFile);
        Object.assign(media, s);
        return s;
      },
    });
  }
  return {
    id: plan.id,
    subset: plan.subset,
    media: media.path || media.width ? media : undefined,
    annotations,
    attributes: {},
  };
}

/** A settled read's item, or its failure thrown for the item loop's policy. */
function settledItem(r: Settled<LooseItem, DatasetItem>): DatasetItem {
  if ('error' in r) throw r.error;
  return r.value;
}

export async function readYolo(tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> {
  const list = await tree.list();
  const files = new Set(list.map((f) => f.path));
  const meta = await readImageMeta(tree);
  const layout = await darknetLayout(tree, list, files);
  const read = (plan: LooseItem) => makeItem(tree, layout, files, meta, plan);
  return readerSource(options, {
    categories: layout.categories,
    // items are read READ_AHEAD at a time (overlapping the reads of small files), yielded in order
    entries: () => mapSettled(layout.plans, READ_AHEAD, read),
    total: layout.plans.length,
    where: (r) => r.input.labelFile ?? r.input.image ?? r.input.id,
    make: settledItem,
  });
}

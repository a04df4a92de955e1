import {
  type Annotation,
  type Categories,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  DEFAULT_SUBSET,
  type DetectContext,
  type FileTree,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
  readJson,
  readText,
} from '@labelport/core';
import {
  basename,
  dirname,
  extname,
  joinPath,
  mapConcurrent,
  READ_AHEAD,
  safeRelativePath,
  stripExtension,
} from '@labelport/core/files';
import { readImageSize } from '@labelport/core/media';
import { LabelTable } from '@labelport/core/meta';
import { assignPartGroups } from './lib/labelme-parts.js';
import { type LabelMeDocument, parseLabelMeXml } from './lib/labelme-xml.js';
import { type ObjectContext, objectAnnotation } from './lib/labelme-xml-annotations.js';
import { xmlRootName } from './lib/xml-root.js';

export const ANNOTATIONS_DIR = 'Annotations';
export const IMAGES_DIR = 'Images';
/** The most of an `<annotation>` file detection reads for its objects (LabelMe files are a few KiB). */
const DETECT_BYTES = 16 << 20;

/** The root of the dataset an annotation file at `path` belongs to. */
const rootOf = (path: string) =>
  path.startsWith(`${ANNOTATIONS_DIR}/`)
    ? ''
    : path.includes(`/${ANNOTATIONS_DIR}/`)
      ? path.slice(0, path.indexOf(`/${ANNOTATIONS_DIR}/`))
      : dirname(path);

export async function detectLabelMe(ctx: DetectContext) {
  const sizes = new Map(ctx.files.map((f) => [f.path, f.size]));
  const xml = ctx
    .glob('**/*.xml')
    .filter((p) => p.split('/').length <= 4)
    .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  if (xml.length === 0) ctx.reject('no .xml file');
  let weak: string | undefined;
  for (const path of xml.slice(0, 20)) {
    const size = sizes.get(path) ?? 0;
    if ((await xmlRootName(ctx.tree, path, size)) !== 'annotation') continue;
    // the whole file (a LabelMe or VOC file is small): its objects decide
    const text = await ctx.readHead(path, Math.min(size, DETECT_BYTES));
    // VOC's objects have <bndbox>; LabelMe's have <polygon> or <segm>.
    if (/<bndbox[\s>]/.test(text)) ctx.reject(`${path} has <bndbox> objects (Pascal VOC)`);
    // the first <object>, then a <polygon> or <segm> after it: two linear searches (one regex with
    // `<object[\s>][\s\S]*<polygon` backtracks from every <object>, quadratic on a hostile file)
    const object = text.search(/<object[\s>]/);
    if (object >= 0 && /<(polygon|segm)[\s>]/.test(text.slice(object)))
      return { confidence: 1, root: rootOf(path) };
    if (/<imagesize[\s>]/.test(text)) weak ??= rootOf(path);
  }
  if (weak !== undefined) return { confidence: 0.5, root: weak };
  return ctx.reject('no XML file with an <annotation> root and <polygon> or <segm> objects');
}

/** The XML files of the tree whose root element is `<annotation>`, found past any prolog. */
async function findLabelMeFiles(tree: FileTree): Promise<string[]> {
  const xml = (await tree.list()).filter((f) => extname(f.path) === '.xml');
  const root = async (f: { path: string; size: number }) => ({
    path: f.path,
    root: await xmlRootName(tree, f.path, f.size),
  });
  const out: string[] = [];
  for await (const f of mapConcurrent(xml, READ_AHEAD, root)) if (f.root === 'annotation') out.push(f.path);
  return out;
}

/** The item id: the file name without extension, with the folders the XML sits in below `Annotations/<folder>/`. */
function itemId(doc: LabelMeDocument, xmlPath: string): string {
  const name = safeRelativePath(doc.filename || basename(xmlPath), { file: xmlPath, place: '<filename>' });
  if (name.includes('/')) return stripExtension(name);
  const base = joinPath(ANNOTATIONS_DIR, doc.folder);
  const dir = dirname(xmlPath);
  const prefix =
    dir === base
      ? ''
      : dir.startsWith(`${base}/`)
        ? dir.slice(base.length + 1)
        : dir.startsWith(`${ANNOTATIONS_DIR}/`)
          ? ''
          : dir;
  return joinPath(prefix, stripExtension(name));
}

/** Where the image may be: Images/<folder>/<sub>/, Images/<folder>/, beside the XML, at the top. */
function imageCandidates(doc: LabelMeDocument, path: string): string[] {
  const name = safeRelativePath(doc.filename || `${basename(stripExtension(path))}.jpg`, {
    file: path,
    place: '<filename>',
  });
  // An XML in Annotations/<folder>/a/b/ has its image in Images/<folder>/a/b/.
  const sub = name.includes('/') ? '' : dirname(itemId(doc, path));
  return [
    joinPath(IMAGES_DIR, doc.folder, sub, name),
    joinPath(IMAGES_DIR, doc.folder, name),
    joinPath(dirname(path), name),
    name,
  ];
}

interface XmlReader {
  tree: FileTree;
  listing: Set<string>;
  labelOf: (name: string) => number | undefined;
  ctx: ReadContext;
}

function toItem(r: XmlReader, doc: LabelMeDocument, path: string): DatasetItem {
  const candidates = imageCandidates(doc, path);
  const image = candidates.find((p) => r.listing.has(p));
  const media: DatasetItem['media'] = { kind: 'image', path: image ?? candidates[0] };
  if (doc.width !== undefined) media.width = doc.width;
  if (doc.height !== undefined) media.height = doc.height;
  if (image) media.bytes = () => r.tree.read(image);
  const c: ObjectContext = {
    doc,
    path,
    listing: r.listing,
    read: (p) => r.tree.read(p),
    labelOf: r.labelOf,
    groups: assignPartGroups(doc.objects),
    limits: r.ctx.limits,
  };
  const annotations: Annotation[] = [];
  for (const o of doc.objects) {
    if (o.deleted) continue;
    const ann = r.ctx.attempt(() => objectAnnotation(o, c));
    if (ann) annotations.push(ann);
  }
  return { id: itemId(doc, path), subset: doc.folder || DEFAULT_SUBSET, media, annotations, attributes: {} };
}

/** Datumaro's dataset_meta.json, when there is one, gives the labels and their order. */
async function metaLabels(tree: FileTree, labelOf: (name: string) => unknown) {
  const meta = await readJson(tree, 'dataset_meta.json');
  const map = meta && typeof meta === 'object' ? (meta as { label_map?: unknown }).label_map : undefined;
  if (!map || typeof map !== 'object') return;
  const entries = Object.entries(map as Record<string, unknown>).sort((a, b) => Number(a[0]) - Number(b[0]));
  for (const [, name] of entries) if (typeof name === 'string') labelOf(name);
}

/** A parsed file with its image size from the image header when the XML has no <imagesize>. */
async function parsed(r: XmlReader, path: string, text: string): Promise<LabelMeDocument> {
  const doc = parseLabelMeXml(text, path, r.ctx.limits);
  if (doc.width === undefined || doc.height === undefined) {
    // No <imagesize>: the image's header says (masks need the size too).
    const image = imageCandidates(doc, path).find((p) => r.listing.has(p));
    const size = image ? await readImageSize(r.tree, image) : undefined;
    if (size) {
      doc.width ??= size.width;
      doc.height ??= size.height;
    }
  }
  return doc;
}

/**
 * LabelMe XML (MIT-CSAIL), as Datumaro reads it: one XML per image (anywhere in the tree), the subset
 * from `<folder>`, images in `Images/<folder>/` (or beside the XML), masks in `Masks/<folder>/`.
 * Polygons, boxes (`<type>bounding_box</type>`, or a polygon of 2 points), masks (`<segm>`);
 * `occluded`, `username` and the `attributes` text as attributes; deleted objects left out; parts
 * (`hasparts`/`ispartof`) as groups.
 */
export async function readLabelMe(tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> {
  const ctx = readContext(options);
  const paths = await findLabelMeFiles(tree);
  if (paths.length === 0) {
    throw new DatasetError(
      'bad-field',
      'no LabelMe annotation file (an XML file with an <annotation> root) was found',
      {
        file: tree.name,
      },
    );
  }
  const table = new LabelTable();
  const labelOf = (name: string) => (name ? table.get(name) : undefined);
  const r: XmlReader = { tree, listing: new Set((await tree.list()).map((f) => f.path)), labelOf, ctx };
  if (r.listing.has('dataset_meta.json')) await metaLabels(tree, labelOf);
  // Labels come in the order the files name them, so every file is parsed before the first item;
  // files are read READ_AHEAD at a time (overlapping their reads), parsed in order.
  const items: DatasetItem[] = [];
  const read = async (path: string) => ({ path, text: await readText(tree, path) });
  for await (const { path, text } of mapConcurrent(paths, READ_AHEAD, read)) {
    ctx.check();
    const item = await ctx.attemptItem(async () => toItem(r, await parsed(r, path, text), path), path);
    if (item) items.push(item);
  }
  const categories: Categories = { labels: table.labels };
  return readerSource(options, { categories, entries: items, make: (item) => item });
}

import {
  type Annotation,
  type Attributes,
  type Categories,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  DEFAULT_SUBSET,
  type DetectContext,
  type FileTree,
  isDatasetError,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
  readJson,
} from '@labelport/core';
import {
  basename,
  dirname,
  extname,
  joinPath,
  safeRelativePath,
  stripExtension,
} from '@labelport/core/files';
import { isObject, type JsonObject } from '@labelport/core/json';
import { LabelTable } from '@labelport/core/meta';
import { objectGroups } from './lib/labelme-json-objects.js';
import { parseShape } from './lib/labelme-json-shapes.js';
import { decodeBase64 } from './lib/mask-png.js';

/** A labelme JSON (wkentaro/labelme): an object with `shapes` and `imagePath`. */
const looksLikeLabelMeJson = (head: string) =>
  /"shapes"\s*:/.test(head) && /"(imagePath|shape_type)"\s*:/.test(head);

export async function detectLabelMeJson(ctx: DetectContext) {
  const json = ctx.glob('**/*.json').filter((p) => p.split('/').length <= 4);
  if (json.length === 0) ctx.reject('no .json file');
  for (const path of json.slice(0, 20)) {
    if (looksLikeLabelMeJson(await ctx.readHead(path, 4096))) return { confidence: 1 };
  }
  return ctx.reject('no JSON file with "shapes" and "imagePath"');
}

/** The labelme files of the tree, and the labels their shapes name, in file order. */
async function findLabelMeFiles(tree: FileTree, table: LabelTable, ctx: ReadContext): Promise<string[]> {
  const out: string[] = [];
  for (const f of await tree.list()) {
    if (extname(f.path) !== '.json') continue;
    const head = new TextDecoder().decode(await tree.readRange(f.path, 0, 4096));
    if (looksLikeLabelMeJson(head)) out.push(f.path);
  }
  for (const path of out) {
    const doc = await readJson(tree, path, ctx.limits);
    if (isObject(doc) && Array.isArray(doc.shapes))
      for (const s of doc.shapes)
        if (isObject(s) && typeof s.label === 'string' && s.label !== '') table.get(s.label);
  }
  return out;
}

/**
 * Where the image of a JSON is. labelme writes the path as the annotator's disk had it
 * ('../images/a.jpg', 'C:\\...'): one that leaves the dataset is looked for beside the JSON by its name.
 */
function imagePathOf(raw: string, jsonPath: string): string {
  const p = raw.replace(/\\/g, '/');
  const beside = joinPath(dirname(jsonPath), basename(p));
  if (p.startsWith('/') || /^[a-zA-Z]:/.test(p)) return beside;
  try {
    return safeRelativePath(joinPath(dirname(jsonPath), p));
  } catch (e) {
    if (!isDatasetError(e)) throw e;
    return beside;
  }
}

/** The item's media: the image at imagePath when it is there, else the embedded imageData. */
function mediaOf(doc: JsonObject, path: string, tree: FileTree, listing: Set<string>): DatasetItem['media'] {
  const media: NonNullable<DatasetItem['media']> = { kind: 'image' };
  if (typeof doc.imagePath === 'string' && doc.imagePath !== '') {
    const p = imagePathOf(doc.imagePath, path);
    media.path = p;
    if (listing.has(p)) media.bytes = () => tree.read(p);
  }
  if (!media.bytes && typeof doc.imageData === 'string' && doc.imageData !== '') {
    const bytes = decodeBase64(doc.imageData);
    if (!bytes)
      throw new DatasetError('bad-field', '"imageData" is not valid base64', {
        file: path,
        place: 'imageData',
      });
    media.bytes = async () => bytes;
  }
  if (typeof doc.imageWidth === 'number') media.width = doc.imageWidth;
  if (typeof doc.imageHeight === 'number') media.height = doc.imageHeight;
  return media;
}

interface JsonReader {
  tree: FileTree;
  listing: Set<string>;
  table: LabelTable;
  ctx: ReadContext;
}

async function makeItem(r: JsonReader, path: string): Promise<DatasetItem> {
  const doc = await readJson(r.tree, path, r.ctx.limits);
  if (!isObject(doc) || !Array.isArray(doc.shapes))
    throw new DatasetError('bad-field', '"shapes" must be a list', { file: path });
  const media = mediaOf(doc, path, r.tree, r.listing)!;
  const size =
    media.width !== undefined && media.height !== undefined
      ? { width: media.width, height: media.height }
      : undefined;
  const annotations: Annotation[] = [];
  for (const [i, s] of doc.shapes.entries()) {
    const name = isObject(s) ? s.label : undefined;
    const label = typeof name === 'string' && name !== '' ? r.table.get(name) : undefined;
    const place = `shapes[${i}]`;
    const ann = r.ctx.attempt(() => parseShape(s, label, { file: path, place, size, limits: r.ctx.limits }));
    if (ann) annotations.push(ann);
  }
  objectGroups(annotations);
  const attributes: Attributes = {};
  if (isObject(doc.flags))
    for (const [k, v] of Object.entries(doc.flags)) if (typeof v === 'boolean') attributes[k] = v;
  return { id: stripExtension(path), subset: DEFAULT_SUBSET, media, annotations, attributes };
}

/**
 * labelme's JSON (wkentaro/labelme): one `<name>.json` per image anywhere in the tree, the image at
 * `imagePath` beside it (or embedded as base64 `imageData`). Item ids are the JSON paths without
 * extension; image-level `flags` become item attributes, a shape's `flags` and `description` its
 * attributes, `group_id` its group.
 */
export async function readLabelMeJson(tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> {
  const ctx = readContext(options);
  const table = new LabelTable();
  // The labels come from a first pass over the files (the files are read again for items, so
  // embedded images are never all held at once).
  const paths = await findLabelMeFiles(tree, table, ctx);
  if (paths.length === 0) {
    throw new DatasetError(
      'bad-field',
      'no labelme JSON file (an object with "shapes" and "imagePath") was found',
      {
        file: tree.name,
      },
    );
  }
  const categories: Categories = { labels: table.labels };
  const reader: JsonReader = { tree, listing: new Set((await tree.list()).map((f) => f.path)), table, ctx };
  return readerSource(options, {
    categories,
    entries: paths,
    where: (path) => path,
    make: (path) => makeItem(reader, path),
  });
}

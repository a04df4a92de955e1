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
  decodeBase64,
  dirname,
  extname,
  joinPath,
  mapConcurrent,
  READ_AHEAD,
  safeRelativePath,
  stripExtension,
} from '@labelport/core/files';
import { isObject, type JsonObject } from '@labelport/core/json';
import { LabelTable } from '@labelport/core/meta';
import { objectGroups } from './lib/labelme-json-objects.js';
import { parseShape } from './lib/labelme-json-shapes.js';
import { type LabelMeSniff, sniffLabelMeJson } from './lib/labelme-json-sniff.js';

/** JSON files detection looks into: the first few, up to three folders down. */
const DETECT_FILES = 20;

export async function detectLabelMeJson(ctx: DetectContext) {
  const sizes = new Map(ctx.files.map((f) => [f.path, f.size]));
  const json = ctx.glob('**/*.json').filter((p) => p.split('/').length <= 4);
  if (json.length === 0) ctx.reject('no .json file');
  for (const path of json.slice(0, DETECT_FILES)) {
    const sniff = await sniffLabelMeJson(ctx.tree, path, sizes.get(path) ?? 0, { stopWhenSure: true });
    if (sniff !== 'other') return { confidence: 1 };
  }
  return ctx.reject('no JSON file with "shapes" and "imagePath"');
}

/**
 * The labelme files of the tree, each found by scanning its root keys (never a window of its first
 * bytes), and the labels their shapes name, in file order. A file that looks like labelme's but is
 * not valid JSON is kept: reading it as an item says what is wrong, under the item policy.
 */
async function findLabelMeFiles(tree: FileTree, table: LabelTable, ctx: ReadContext): Promise<string[]> {
  const json = (await tree.list()).filter((f) => extname(f.path) === '.json');
  const sniff = async (f: { path: string; size: number }) => {
    const labels: unknown[] = [];
    const what: LabelMeSniff = await sniffLabelMeJson(tree, f.path, f.size, {
      onLabel: (l) => labels.push(l),
      maxDepth: ctx.limits.maxDepth,
    });
    return { path: f.path, what, labels };
  };
  const out: string[] = [];
  // files scanned READ_AHEAD at a time, their labels taken in file order; a JSON of another kind
  // (a COCO file beside the labelme files) was opened to be told apart, and is not ours
  for await (const f of mapConcurrent(json, READ_AHEAD, sniff)) {
    if (f.what === 'other') {
      ctx.notMine(f.path);
      continue;
    }
    out.push(f.path);
    for (const l of f.labels) if (typeof l === 'string' && l !== '') table.get(l);
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

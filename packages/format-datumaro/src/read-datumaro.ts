import {
  type Annotation,
  type Categories,
  checkPixels,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  type FileTree,
  isDatasetError,
  type Media,
  maskSize,
  type ReadContext,
  type ReadOptions,
  readContext,
} from '@labelport/core';
import { basename, dirname, safeRelativePath } from '@labelport/core/files';
import { isObject, type JsonEvent, type JsonObject, scanJsonBatches } from '@labelport/core/json';
import { parseCategories } from './lib/categories.js';
import { parseAnnotation, parseAttributes } from './lib/parse-annotation.js';

export const ANN_DIR = 'annotations';

export async function detectDatumaro(ctx: DetectContext) {
  const candidates = ctx.glob('**/annotations/*.json');
  if (candidates.length === 0) ctx.reject('no annotations/<subset>.json file');
  const depth = (p: string) => p.split('/').length;
  const shallowest = Math.min(...candidates.map(depth));
  for (const file of candidates.filter((p) => depth(p) === shallowest)) {
    const head = await ctx.readHead(file, 2048);
    if (
      /"dm_format_version"\s*:/.test(head) ||
      /"categories"\s*:\s*\{/.test(head) ||
      /^\s*\{\s*"items"\s*:/.test(head)
    ) {
      return { confidence: 1, root: dirname(dirname(file)) };
    }
  }
  return ctx.reject(
    'annotations/*.json files are not Datumaro JSON (no dm_format_version, no categories object)',
  );
}

/** Checks an event of a Datumaro file's root: an object, whose "items" is a list. */
function checkRoot(ev: JsonEvent, file: string): void {
  if (ev.key === undefined)
    throw new DatasetError('bad-value', 'expected a JSON object with "items"', { file });
  if (ev.key === 'items' && ev.type === 'value')
    throw new DatasetError('bad-value', 'expected a list', { file, place: 'items' });
}

/**
 * The root values of a file other than its items (categories, infos), read as a stream that stops
 * once both are found: items are not parsed, and a file that puts them first is only scanned.
 */
async function readHead(tree: FileTree, file: string): Promise<JsonObject> {
  const head: JsonObject = {};
  const scan = scanJsonBatches(tree, file, {
    plan: (key) => (key === 'items' ? 'skip' : key === undefined ? 'offsets' : 'whole'),
  });
  for await (const batch of scan) {
    for (const ev of batch) {
      if (ev.key === 'items') continue; // skipped here, checked when the items are read
      checkRoot(ev, file);
      if (ev.type === 'value') head[ev.key!] = ev.value;
    }
    if ('categories' in head && 'infos' in head) break;
  }
  return head;
}

/** One element of a file's "items" and where it is. */
interface ItemAt {
  desc: unknown;
  index: number;
  file: string;
  subset: string;
}

/** The elements of every file's "items", parsed one at a time as the files are read. */
async function* itemsOf(tree: FileTree, files: string[]): AsyncGenerator<ItemAt> {
  for (const file of files) {
    const subset = basename(file).slice(0, -'.json'.length);
    const scan = scanJsonBatches(tree, file, {
      plan: (key) => (key === 'items' ? 'elements' : key === undefined ? 'offsets' : 'skip'),
    });
    for await (const batch of scan) {
      for (const ev of batch) {
        checkRoot(ev, file);
        if (ev.type === 'element') yield { desc: ev.value, index: ev.index, file, subset };
      }
    }
  }
}

/** The item's media: its image (or point cloud) under images/<subset>/ or images/, or its video frame. */
async function resolveMedia(
  tree: FileTree,
  at: ItemAt,
  desc: JsonObject,
  place: string,
): Promise<Media | undefined> {
  const { subset, file } = at;
  const find = async (dirs: string[], name: string): Promise<string> => {
    const rel = safeRelativePath(name, { file, place });
    for (const d of dirs) if (await tree.exists(`${d}/${rel}`)) return `${d}/${rel}`;
    return `${dirs[0]}/${rel}`;
  };
  const withBytes = async (media: Media): Promise<Media> =>
    media.path && (await tree.exists(media.path)) ? { ...media, bytes: () => tree.read(media.path!) } : media;
  if (isObject(desc.image)) {
    const img = desc.image;
    const name = typeof img.path === 'string' && img.path ? img.path : `${desc.id}.jpg`;
    const path = await find([`images/${subset}`, 'images'], name);
    const media: Media = { kind: img.kind === 'video-frame' ? 'video-frame' : 'image', path };
    if (Array.isArray(img.size) && img.size.length === 2) {
      media.height = Number(img.size[0]);
      media.width = Number(img.size[1]);
    }
    if (typeof img.frame === 'number') media.frame = img.frame;
    return withBytes(media);
  }
  if (isObject(desc.point_cloud) && typeof desc.point_cloud.path === 'string') {
    const media: Media = {
      kind: 'point-cloud',
      path: await find([`point_clouds/${subset}`, 'point_clouds'], desc.point_cloud.path),
    };
    if (typeof desc.point_cloud.frame === 'number') media.frame = desc.point_cloud.frame;
    return withBytes(media);
  }
  if (isObject(desc.video_frame)) {
    return {
      kind: 'video-frame',
      path: String(desc.video_frame.video_path ?? ''),
      frame: Number(desc.video_frame.frame_index),
    };
  }
  if (isObject(desc.media) && typeof desc.media.path === 'string') {
    return withBytes({ kind: 'image', path: await find([`images/${subset}`, 'images'], desc.media.path) });
  }
  return undefined;
}

/** An item's annotations; a bad one is skipped under the annotation policy. */
function parseAnnotations(
  list: unknown[],
  place: string,
  at: ItemAt,
  nLabels: number,
  ctx: ReadContext,
): Annotation[] {
  const annotations: Annotation[] = [];
  for (let k = 0; k < list.length; k++) {
    try {
      const parsed = parseAnnotation(list[k], `${place}.annotations[${k}]`, nLabels);
      // an RLE is decoded at the size it declares: held to the caller's pixel limit
      const size = parsed?.type === 'mask' ? maskSize(parsed.mask) : undefined;
      if (size) checkPixels(size.width, size.height, { place: `${place}.annotations[${k}].rle` }, ctx.limits);
      if (parsed) annotations.push(parsed);
    } catch (e) {
      ctx.skip(e, at.file);
    }
  }
  return annotations;
}

async function parseItem(
  tree: FileTree,
  at: ItemAt,
  nLabels: number,
  ctx: ReadContext,
): Promise<DatasetItem> {
  const place = `items[${at.index}]`;
  const desc = at.desc;
  if (!isObject(desc)) throw new DatasetError('bad-value', 'expected an object', { place });
  if (typeof desc.id !== 'string' && typeof desc.id !== 'number')
    throw new DatasetError('bad-value', 'expected an "id"', { place });
  const anns = desc.annotations ?? [];
  if (!Array.isArray(anns))
    throw new DatasetError('bad-value', 'expected a list', { place: `${place}.annotations` });
  return {
    id: String(desc.id),
    subset: at.subset,
    media: await resolveMedia(tree, at, desc, place),
    annotations: parseAnnotations(anns, place, at, nLabels, ctx),
    attributes: parseAttributes(desc.attr, `${place}.attr`),
  };
}

/** Reads `annotations/<subset>.json` files: categories from the first, items one subset at a time. */
export async function readDatumaro(tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> {
  const ctx = readContext(options);
  const files = (await tree.list())
    .map((e) => e.path)
    .filter((p) => dirname(p) === ANN_DIR && p.endsWith('.json'));
  if (files.length === 0)
    throw new DatasetError('not-found', 'no annotations/<subset>.json files', { file: tree.name });
  const first = await readHead(tree, files[0]!);
  const categories: Categories = parseCategories(first.categories, files[0]!);
  const nLabels = categories.labels.length;
  return {
    categories,
    infos: isObject(first.infos) ? first.infos : undefined,
    items: () =>
      ctx.items(itemsOf(tree, files), async (at) => {
        try {
          return await parseItem(tree, at, nLabels, ctx);
        } catch (e) {
          // the item's errors say where in the file: the file is added
          throw isDatasetError(e) ? e.withLocation(at.file) : e;
        }
      }),
  };
}

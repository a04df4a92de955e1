import {
  type Annotation,
  type Categories,
  checkPixels,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  defineFormat,
  type FileTree,
  type IoOptions,
  isDatasetError,
  type Media,
  maskSize,
  ReportBuilder,
  readContext,
} from '@labelport/core';
import { basename, dirname, safeRelativePath } from '@labelport/core/files';
import { type JsonEvent, JsonTextWriter, scanJsonBatches } from '@labelport/core/json';
import { saveMedia } from '@labelport/core/media';
import { categoriesToJson, parseCategories } from './lib/categories.js';
import { itemJson, MEDIA_TYPE, mediaFileName } from './lib/item-json.js';
import { parseAnnotation, parseAttributes } from './lib/parse-annotation.js';

const ANN_DIR = 'annotations';
const isObject = (v: unknown): v is Record<string, any> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

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
async function readHead(tree: FileTree, file: string): Promise<Record<string, any>> {
  const head: Record<string, any> = {};
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

/** The elements of a file's "items", parsed one at a time as the file is read. */
async function* itemsOf(tree: FileTree, file: string): AsyncGenerator<{ desc: unknown; index: number }> {
  const scan = scanJsonBatches(tree, file, {
    plan: (key) => (key === 'items' ? 'elements' : key === undefined ? 'offsets' : 'skip'),
  });
  for await (const batch of scan) {
    for (const ev of batch) {
      checkRoot(ev, file);
      if (ev.type === 'element') yield { desc: ev.value, index: ev.index };
    }
  }
}

async function resolveMedia(
  tree: FileTree,
  subset: string,
  desc: Record<string, any>,
  file: string,
  place: string,
): Promise<Media | undefined> {
  const find = async (dirs: string[], name: string): Promise<string> => {
    const rel = safeRelativePath(name, { file, place });
    for (const d of dirs) if (await tree.exists(`${d}/${rel}`)) return `${d}/${rel}`;
    return `${dirs[0]}/${rel}`;
  };
  const withBytes = async (media: Media): Promise<Media> =>
    media.path && (await tree.exists(media.path)) ? { ...media, bytes: () => tree.read(media.path!) } : media;
  if (isObject(desc.image)) {
    const img = desc.image;
    const path = await find(
      [`images/${subset}`, 'images'],
      typeof img.path === 'string' && img.path ? img.path : `${desc.id}.jpg`,
    );
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

function parseItems(
  tree: FileTree,
  file: string,
  subset: string,
  categories: Categories,
  options: IoOptions,
) {
  const nLabels = categories.labels.length;
  const { limits } = readContext(options);
  return (async function* (): AsyncGenerator<DatasetItem> {
    for await (const { desc, index } of itemsOf(tree, file)) {
      const place = `items[${index}]`;
      try {
        if (!isObject(desc)) throw new DatasetError('bad-value', 'expected an object', { place });
        if (typeof desc.id !== 'string' && typeof desc.id !== 'number')
          throw new DatasetError('bad-value', 'expected an "id"', { place });
        const anns: unknown[] = desc.annotations ?? [];
        if (!Array.isArray(anns))
          throw new DatasetError('bad-value', 'expected a list', { place: `${place}.annotations` });
        const annotations: Annotation[] = [];
        anns.forEach((a, k) => {
          try {
            const parsed = parseAnnotation(a, `${place}.annotations[${k}]`, nLabels);
            // an RLE is decoded at the size it declares: held to the caller's pixel limit
            const size = parsed?.type === 'mask' ? maskSize(parsed.mask) : undefined;
            if (size)
              checkPixels(size.width, size.height, { place: `${place}.annotations[${k}].rle` }, limits);
            if (parsed) annotations.push(parsed);
          } catch (e) {
            readContext(options).skip(e);
          }
        });
        yield {
          id: String(desc.id),
          subset,
          media: await resolveMedia(tree, subset, desc, file, place),
          annotations,
          attributes: parseAttributes(desc.attr, `${place}.attr`),
        };
      } catch (e) {
        const err = isDatasetError(e)
          ? (e as DatasetError).withLocation(file)
          : new DatasetError('bad-value', String(e), { file, place });
        if (!options.lenient) throw err;
        options.onWarning?.(err.message);
      }
    }
  })();
}

/** Reads `annotations/<subset>.json` files: categories from the first, items one subset at a time. */
export async function readDatumaro(tree: FileTree, options: IoOptions = {}): Promise<DatasetSource> {
  const files = (await tree.list())
    .map((e) => e.path)
    .filter((p) => dirname(p) === ANN_DIR && p.endsWith('.json'));
  if (files.length === 0)
    throw new DatasetError('not-found', 'no annotations/<subset>.json files', { file: tree.name });
  const first = await readHead(tree, files[0]!);
  const categories = parseCategories(first.categories, files[0]!);
  const infos = isObject(first.infos) ? first.infos : undefined;
  return {
    categories,
    infos,
    async *items() {
      let done = 0;
      for (const file of files) {
        for await (const item of parseItems(tree, file, basename(file).slice(0, -5), categories, options)) {
          yield item;
          options.onProgress?.(++done);
        }
      }
    },
  };
}

/** Writes one `annotations/<subset>.json` per subset, streaming items as they come. */
export async function writeDatumaro(
  source: DatasetSource,
  out: import('@labelport/core').FileSink,
  options: IoOptions = {},
) {
  const report = new ReportBuilder();
  const writers = new Map<string, { w: JsonTextWriter; n: number }>();
  const categories = JSON.stringify(categoriesToJson(source.categories));
  const infos = JSON.stringify(source.infos ?? {});
  let mediaType: number = MEDIA_TYPE.image;
  for await (const item of source.items()) {
    if (item.subset.includes('/')) {
      throw new DatasetError('bad-value', `subset name '${item.subset}' has a '/'`, {
        place: `item ${item.id}`,
      });
    }
    let s = writers.get(item.subset);
    if (!s) {
      if (item.media?.kind === 'point-cloud') mediaType = MEDIA_TYPE.pointCloud;
      const w = new JsonTextWriter(await out.open(`${ANN_DIR}/${item.subset}.json`));
      await w.write(
        `{"dm_format_version":"1.0","media_type":${mediaType},"infos":${infos},"categories":${categories},"items":[`,
      );
      s = { w, n: 0 };
      writers.set(item.subset, s);
    }
    const json = JSON.stringify(await itemJson(item, readContext(options).limits));
    await s.w.write(s.n++ ? `,${json}` : json);
    if (options.saveMedia) {
      const pointCloud = item.media?.kind === 'point-cloud';
      const name = mediaFileName(item, pointCloud ? '.pcd' : '.jpg');
      await saveMedia(item, out, `${pointCloud ? 'point_clouds' : 'images'}/${item.subset}/${name}`, report);
    }
    report.items++;
    options.onProgress?.(report.items, source.size);
  }
  for (const s of writers.values()) {
    await s.w.write(']}');
    await s.w.close();
  }
  return report.build();
}

export const datumaro = defineFormat({
  id: 'datumaro',
  title: 'Datumaro',
  extensions: ['.json'],
  capabilities: {
    labelParents: true,
    annotations: [
      'label',
      'bbox',
      'polygon',
      'polyline',
      'points',
      'mask',
      'ellipse',
      'cuboid2d',
      'cuboid3d',
      'skeleton',
      'caption',
    ],
    media: ['image', 'video-frame', 'point-cloud'],
    tracks: true,
    attributes: true,
    subsets: true,
    streaming: true,
  },
  async detect(ctx) {
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
  },
  read: (tree, options) => readDatumaro(tree, options),
  write: (source, out, options) => writeDatumaro(source, out, options),
});

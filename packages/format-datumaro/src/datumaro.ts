import {
  type Annotation,
  type Categories,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  defineFormat,
  type FileTree,
  type FileWriter,
  type IoOptions,
  isDatasetError,
  type Media,
  ReportBuilder,
  readJson,
} from '@labelport/core';
import { basename, dirname, safeRelativePath } from '@labelport/core/files';
import { categoriesToJson, parseCategories } from './lib/categories.js';
import { itemJson, MEDIA_TYPE, mediaFileName } from './lib/item-json.js';
import { parseAnnotation, parseAttributes } from './lib/parse-annotation.js';

const ANN_DIR = 'annotations';
const isObject = (v: unknown): v is Record<string, any> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

async function parseFile(tree: FileTree, file: string): Promise<Record<string, any>> {
  const doc = await readJson(tree, file);
  if (!isObject(doc)) throw new DatasetError('bad-value', 'expected a JSON object with "items"', { file });
  if (doc.items !== undefined && !Array.isArray(doc.items)) {
    throw new DatasetError('bad-value', 'expected a list', { file, place: 'items' });
  }
  return doc;
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
  doc: Record<string, any>,
  categories: Categories,
  options: IoOptions,
) {
  const nLabels = categories.labels.length;
  const descs: unknown[] = doc.items ?? [];
  return (async function* (): AsyncGenerator<DatasetItem> {
    for (let i = 0; i < descs.length; i++) {
      const desc = descs[i];
      const place = `items[${i}]`;
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
            if (parsed) annotations.push(parsed);
          } catch (e) {
            if (!options.lenient) throw e;
            options.onWarning?.(String((e as Error).message));
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
  let first: Record<string, any> | undefined = await parseFile(tree, files[0]!);
  const categories = parseCategories(first.categories, files[0]!);
  const infos = isObject(first.infos) ? first.infos : undefined;
  let total = 0;
  return {
    categories,
    infos,
    async *items() {
      let done = 0;
      for (const file of files) {
        const doc = first ?? (await parseFile(tree, file));
        first = undefined;
        total += doc.items?.length ?? 0;
        for await (const item of parseItems(
          tree,
          file,
          basename(file).slice(0, -5),
          doc,
          categories,
          options,
        )) {
          yield item;
          options.onProgress?.(++done);
        }
      }
    },
    get size() {
      return total || undefined;
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
  const writers = new Map<string, { w: FileWriter; n: number; buf: string[]; size: number }>();
  const categories = JSON.stringify(categoriesToJson(source.categories));
  const infos = JSON.stringify(source.infos ?? {});
  let mediaType: number = MEDIA_TYPE.image;
  const flush = async (s: { w: FileWriter; buf: string[]; size: number }) => {
    if (s.buf.length) await s.w.write(s.buf.join(''));
    s.buf = [];
    s.size = 0;
  };
  for await (const item of source.items()) {
    if (item.subset.includes('/')) {
      throw new DatasetError('bad-value', `subset name '${item.subset}' has a '/'`, {
        place: `item ${item.id}`,
      });
    }
    let s = writers.get(item.subset);
    if (!s) {
      if (item.media?.kind === 'point-cloud') mediaType = MEDIA_TYPE.pointCloud;
      const w = await out.open(`${ANN_DIR}/${item.subset}.json`);
      await w.write(
        `{"dm_format_version":"1.0","media_type":${mediaType},"infos":${infos},"categories":${categories},"items":[`,
      );
      s = { w, n: 0, buf: [], size: 0 };
      writers.set(item.subset, s);
    }
    const json = JSON.stringify(await itemJson(item));
    s.buf.push(s.n++ ? `,${json}` : json);
    s.size += json.length;
    if (s.size > 1 << 20) await flush(s);
    if (options.saveMedia && item.media) {
      const bytes = await item.media.bytes?.();
      if (bytes) {
        const dir = item.media.kind === 'point-cloud' ? 'point_clouds' : 'images';
        await out.write(
          `${dir}/${item.subset}/${mediaFileName(item, item.media.kind === 'point-cloud' ? '.pcd' : '.jpg')}`,
          bytes,
        );
      } else report.warn('some items have no media to save');
    }
    report.items++;
    options.onProgress?.(report.items, source.size);
  }
  for (const s of writers.values()) {
    await flush(s);
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

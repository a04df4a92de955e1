import {
  type Attributes,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  defineFormat,
  type FileSink,
  type FileTree,
  type IoOptions,
  type Media,
  ReportBuilder,
  readContext,
  readText,
} from '@labelport/core';
import {
  basename,
  dirname,
  extname,
  joinPath,
  safeRelativePath,
  splitLines,
  stripExtension,
} from '@labelport/core/files';
import { IMAGE_EXTENSIONS, mediaExtension, readImageSize, saveMedia } from '@labelport/core/media';
import { formatMarketName, MARKET_ATTRIBUTES, MARKET_NAME, parseMarketName } from './lib/market-name.js';

const QUERY_DIR = 'query';
const BBOX_DIR_PREFIX = 'bounding_box_';
const LIST_PREFIX = 'images_';
const DEFAULT_IMAGE_EXT = '.jpg';

const isImage = (p: string) => IMAGE_EXTENSIONS.includes(extname(p));
const isImageDirName = (d: string) =>
  d === QUERY_DIR || (d.startsWith(BBOX_DIR_PREFIX) && d.length > BBOX_DIR_PREFIX.length);
const listSubset = (name: string) => {
  const m = /^images_(.+)\.txt$/.exec(name);
  return m ? m[1] : undefined;
};

/**
 * Where a Market-1501 dataset starts: the folder holding `query/`, `bounding_box_<subset>/` or
 * `images_<subset>.txt`, with image names in the Market-1501 pattern. Searched up to two levels down.
 */
async function detectMarket1501(ctx: DetectContext) {
  const roots = new Map<string, number>();
  for (const f of ctx.files) {
    const parts = f.path.split('/');
    // .../<query|bounding_box_x>/<image>, up to two folders above the image folder.
    if (parts.length >= 2 && parts.length <= 4 && isImage(f.path)) {
      const dir = parts[parts.length - 2];
      if (isImageDirName(dir) && MARKET_NAME.test(stripExtension(parts[parts.length - 1]))) {
        const root = parts.slice(0, -2).join('/');
        roots.set(root, (roots.get(root) ?? 0) + 1);
      }
    }
  }
  for (const f of ctx.files) {
    const parts = f.path.split('/');
    if (parts.length > 3 || listSubset(parts[parts.length - 1]) === undefined) continue;
    const root = parts.slice(0, -1).join('/');
    if (roots.has(root)) continue;
    const first = splitLines(await ctx.readHead(f.path, 1024)).find((l) => l.trim() !== '');
    const entry = first?.trim().split('/') ?? [];
    if (entry.length >= 2 && isImageDirName(entry[0]) && isImage(first as string)) roots.set(root, 1);
  }
  // Images of any names in both query/ and bounding_box_<subset>/ of one folder: Market-1501 too.
  if (roots.size === 0) {
    const folders = new Map<string, Set<string>>();
    for (const f of ctx.files) {
      const parts = f.path.split('/');
      if (parts.length < 2 || parts.length > 4 || !isImage(f.path)) continue;
      const dir = parts[parts.length - 2];
      if (!isImageDirName(dir)) continue;
      const root = parts.slice(0, -2).join('/');
      const kinds = folders.get(root) ?? new Set<string>();
      folders.set(root, kinds);
      kinds.add(dir === QUERY_DIR ? 'query' : 'gallery');
    }
    const both = [...folders].filter(([, kinds]) => kinds.size === 2).map(([root]) => root);
    if (both.length > 0) return { confidence: 0.9, root: both.sort((a, b) => a.length - b.length)[0] };
  }
  if (roots.size === 0) {
    return ctx.reject(
      'no query/ or bounding_box_<subset>/ images named like 0001_c1s1_000015_00.jpg, nor images_<subset>.txt listing them',
    );
  }
  const root = [...roots.keys()].sort(
    (a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b),
  )[0];
  return { confidence: 1, root };
}

interface SubsetSource {
  subset: string;
  /** Image paths relative to the dataset root. */
  images: { path: string; fromList: boolean }[];
}

async function findSubsets(tree: FileTree, paths: string[], options: IoOptions): Promise<SubsetSource[]> {
  const subsets = new Map<string, SubsetSource>();
  const listed = new Set<string>();
  const get = (subset: string) => {
    let s = subsets.get(subset);
    if (!s) {
      s = { subset, images: [] };
      subsets.set(subset, s);
    }
    return s;
  };
  // The lists come first: they are the annotation; folders add the images no list names.
  for (const p of paths) {
    const subset = p.includes('/') ? undefined : listSubset(p);
    if (subset === undefined) continue;
    const lines = splitLines(await readText(tree, p));
    const s = get(subset);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].trim();
      if (line === '') continue;
      let path: string;
      try {
        path = safeRelativePath(line, { file: p, place: `line ${i + 1}` });
        if (!path.includes('/')) {
          throw new DatasetError(
            'bad-line',
            `'${line}' is not in a folder (query/ or bounding_box_<subset>/)`,
            {
              file: p,
              place: `line ${i + 1}`,
            },
          );
        }
      } catch (e) {
        readContext(options).skip(e);
        continue;
      }
      s.images.push({ path, fromList: true });
      listed.add(path);
    }
  }
  for (const p of paths) {
    const slash = p.indexOf('/');
    if (slash < 0 || !isImage(p) || listed.has(p)) continue;
    const dir = p.slice(0, slash);
    if (dir === QUERY_DIR) get(QUERY_DIR).images.push({ path: p, fromList: false });
    else if (isImageDirName(dir))
      get(dir.slice(BBOX_DIR_PREFIX.length)).images.push({ path: p, fromList: false });
  }
  return [...subsets.values()];
}

async function readMarket1501(tree: FileTree, options: IoOptions = {}): Promise<DatasetSource> {
  const paths = (await tree.list()).map((f) => f.path);
  const pathSet = new Set(paths);
  const subsets = await findSubsets(tree, paths, options);
  if (subsets.length === 0) {
    throw new DatasetError('bad-layout', 'no query/, bounding_box_<subset>/ or images_<subset>.txt found', {
      file: tree.name,
    });
  }
  const items: DatasetItem[] = [];
  for (const { subset, images } of subsets) {
    const byId = new Map<string, DatasetItem>();
    for (const { path } of [...images].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
      const folder = path.slice(0, path.indexOf('/'));
      let id = stripExtension(path.slice(folder.length + 1));
      let attributes: Attributes = {};
      const parsed = parseMarketName(basename(id));
      if (parsed) {
        // A folder of query images marks them as queries, whatever list names them.
        attributes = { ...parsed.attributes, query: subset === QUERY_DIR || folder === QUERY_DIR };
        // Datumaro keeps what follows the pattern as the item's name.
        if (parsed.rest) id = joinPath(dirname(id), parsed.rest);
      }
      if (byId.has(id)) continue;
      const media: Media = { kind: 'image', path };
      if (pathSet.has(path)) media.bytes = () => tree.read(path);
      byId.set(id, { id, subset, media, annotations: [], attributes });
    }
    items.push(...byId.values());
  }
  return {
    categories: { labels: [] },
    size: items.length,
    async *items() {
      let done = 0;
      for (const item of items) {
        const media = item.media as Media;
        if (media.bytes && media.width === undefined) {
          const size = await readImageSize(tree, media.path as string);
          if (size) {
            media.width = size.width;
            media.height = size.height;
          }
        }
        yield item;
        readContext(options).check();
        options.onProgress?.(++done, items.length);
      }
    },
  };
}

const truthy = (v: unknown) =>
  typeof v === 'string' ? ['true', '1', 'yes', 'on'].includes(v.trim().toLowerCase()) : Boolean(v);
const intOr = (v: unknown, fallback: number) => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isInteger(n) ? n : fallback;
};

async function writeMarket1501(source: DatasetSource, out: FileSink, options: IoOptions = {}) {
  const report = new ReportBuilder();
  const lists = new Map<string, string[]>();
  const written = new Set<string>();
  // Frames already used per (person, camera, sequence), for names made up from attributes.
  const usedFrames = new Map<string, number>();
  for await (const item of source.items()) {
    report.items++;
    for (const a of item.annotations) report.drop(a.type);
    const at = item.attributes;
    for (const k of Object.keys(at))
      if (!(MARKET_ATTRIBUTES as readonly string[]).includes(k)) report.drop(`attribute '${k}'`);
    const folder = truthy(at.query) ? QUERY_DIR : `${BBOX_DIR_PREFIX}${item.subset}`;

    let name = item.id;
    const pid = at.person_id;
    if (
      !MARKET_NAME.test(basename(item.id)) &&
      pid !== undefined &&
      pid !== '' &&
      pid !== 0 &&
      pid !== false
    ) {
      const camera = intOr(at.camera_id, 0);
      const track = intOr(at.track_id, 1);
      const key = `${pid}\u0000${camera}\u0000${track}`;
      const frame = intOr(at.frame_id, (usedFrames.get(key) ?? -1) + 1);
      usedFrames.set(key, Math.max(frame, usedFrames.get(key) ?? -1));
      const made = formatMarketName({
        person_id: String(pid),
        camera_id: camera,
        track_id: track,
        frame_id: frame,
        bbox_id: intOr(at.bbox_id, 0),
      });
      name = joinPath(dirname(item.id), made);
      report.warn(
        'items whose ids are not Market-1501 names were renamed from their person_id, camera_id, track_id, frame_id and bbox_id',
      );
    } else if (!MARKET_NAME.test(basename(item.id))) {
      // Without a Market-1501 name nothing of the attributes can be written.
      report.drop('attribute', Object.keys(at).length);
    }
    const ext = mediaExtension(item, DEFAULT_IMAGE_EXT);
    const imagePath = safeRelativePath(`${folder}/${name}${ext}`);
    if (written.has(imagePath)) {
      report.warn(`two items map to the image ${imagePath}; the later one was written`);
    }
    written.add(imagePath);
    if (options.saveMedia) await saveMedia(item, out, imagePath, report);
    const list = lists.get(item.subset) ?? [];
    lists.set(item.subset, list);
    list.push(imagePath);
    readContext(options).check();
    options.onProgress?.(report.items, source.size);
  }
  for (const [subset, list] of lists) {
    await out.write(`${LIST_PREFIX}${safeRelativePath(subset)}.txt`, list.map((p) => `${p}\n`).join(''));
  }
  return report.build();
}

export const market1501 = defineFormat({
  id: 'market1501',
  title: 'Market-1501',
  extensions: [...IMAGE_EXTENSIONS, '.txt'],
  capabilities: {
    annotations: [],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: false,
  },
  detect: detectMarket1501,
  read: readMarket1501,
  write: writeMarket1501,
});

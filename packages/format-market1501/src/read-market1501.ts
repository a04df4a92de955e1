import {
  type Attributes,
  DatasetError,
  type DatasetSource,
  type FileTree,
  type Media,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
  readText,
} from '@labelport/core';
import {
  basename,
  dirname,
  joinPath,
  safeRelativePath,
  splitLines,
  stripExtension,
} from '@labelport/core/files';
import { readImageSize } from '@labelport/core/media';
import { BBOX_DIR_PREFIX, isImage, isImageDirName, listSubset, QUERY_DIR } from './lib/market-layout.js';
import { parseMarketName } from './lib/market-name.js';

interface SubsetSource {
  subset: string;
  /** Image paths relative to the dataset root. */
  images: string[];
}

/** One image path of a list line, or a DatasetError for a line that names none. */
function listedPath(line: string, where: { file: string; place: string }): string {
  const path = safeRelativePath(line, where);
  if (!path.includes('/'))
    throw new DatasetError(
      'bad-line',
      `'${line}' is not in a folder (query/ or bounding_box_<subset>/)`,
      where,
    );
  return path;
}

async function findSubsets(tree: FileTree, paths: string[], ctx: ReadContext): Promise<SubsetSource[]> {
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
      const line = lines[i]!.trim();
      if (line === '') continue;
      let path: string;
      try {
        path = listedPath(line, { file: p, place: `line ${i + 1}` });
      } catch (e) {
        // A line is an item: skipped under the item policy.
        ctx.skip(e, p, 'items');
        continue;
      }
      s.images.push(path);
      listed.add(path);
    }
  }
  for (const p of paths) {
    const slash = p.indexOf('/');
    if (slash < 0 || !isImage(p) || listed.has(p)) continue;
    const dir = p.slice(0, slash);
    if (dir === QUERY_DIR) get(QUERY_DIR).images.push(p);
    else if (isImageDirName(dir)) get(dir.slice(BBOX_DIR_PREFIX.length)).images.push(p);
  }
  return [...subsets.values()];
}

interface Entry {
  id: string;
  subset: string;
  path: string;
  attributes: Attributes;
}

/** A subset's images as entries, in path order; an id already given keeps its first image. */
function subsetEntries({ subset, images }: SubsetSource, entries: Entry[]) {
  const ids = new Set<string>();
  for (const path of [...images].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
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
    if (ids.has(id)) continue;
    ids.add(id);
    entries.push({ id, subset, path, attributes });
  }
}

export async function readMarket1501(tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> {
  const paths = (await tree.list()).map((f) => f.path);
  const pathSet = new Set(paths);
  const subsets = await findSubsets(tree, paths, readContext(options));
  if (subsets.length === 0) {
    throw new DatasetError('bad-layout', 'no query/, bounding_box_<subset>/ or images_<subset>.txt found', {
      file: tree.name,
    });
  }
  const entries: Entry[] = [];
  for (const s of subsets) subsetEntries(s, entries);
  return readerSource(options, {
    categories: { labels: [] },
    entries,
    where: (e) => e.path,
    async make({ id, subset, path, attributes }) {
      const media: Media = { kind: 'image', path };
      if (pathSet.has(path)) {
        media.bytes = () => tree.read(path);
        const size = await readImageSize(tree, path);
        if (size) {
          media.width = size.width;
          media.height = size.height;
        }
      }
      return { id, subset, media, annotations: [], attributes };
    },
  });
}

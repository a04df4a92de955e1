import {
  DatasetError,
  type DatasetSource,
  DEFAULT_SUBSET,
  type DetectContext,
  type FileTree,
  type RandomAccess,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
  zipTree,
} from '@labelport/core';
import { stripExtension } from '@labelport/core/files';
import { readImageSize } from '@labelport/core/media';
import { isImage } from './read-image-dir.js';

/** How deep Datumaro looks for archives (the shallowest depth that has any wins). */
const MAX_DEPTH = 3;

const isZip = (path: string) => path.toLowerCase().endsWith('.zip');
const depthOf = (path: string) => path.split('/').length - 1;

/** The archives Datumaro's importer takes: the `.zip` files of the shallowest depth (0..3) that has any. */
export function zipArchives(paths: readonly string[]): string[] {
  const zips = paths.filter((p) => isZip(p) && depthOf(p) <= MAX_DEPTH);
  if (zips.length === 0) return [];
  const depth = Math.min(...zips.map(depthOf));
  return zips.filter((p) => depthOf(p) === depth).sort();
}

/** An archive of the tree read in ranges, never whole (the tree's own range reads). */
function rangeAccess(tree: FileTree, path: string, size: number): RandomAccess {
  return { size, read: (offset, length) => tree.readRange(path, offset, offset + length) };
}

async function openArchive(tree: FileTree, path: string, size: number, ctx?: ReadContext): Promise<FileTree> {
  return zipTree(rangeAccess(tree, path, size), path, { limits: ctx?.limits });
}

export async function detectImageZip(ctx: DetectContext) {
  const archives = zipArchives(ctx.files.map((f) => f.path));
  if (archives.length === 0) ctx.reject('no .zip archive');
  const first = ctx.files.find((f) => f.path === archives[0])!;
  let images = 0;
  try {
    const archive = await openArchive(ctx.tree, first.path, first.size);
    images = (await archive.list()).filter((e) => isImage(e.path)).length;
  } catch {
    ctx.reject(`${first.path} is not a zip archive that can be read`);
  }
  if (images === 0) ctx.reject(`${first.path} holds no image`);
  // Archives and nothing else say image_zip; beside other files they may be another format's media.
  const others = ctx.files.some((f) => !isZip(f.path));
  return { confidence: others ? 0.2 : 0.6 };
}

interface Entry {
  archive: FileTree;
  /** The archive's path in the tree. */
  zip: string;
  /** The image's path inside the archive. */
  path: string;
  id: string;
}

/** The images of the archives, each id once (a repeat, in a later archive, is skipped with a warning). */
async function imageEntries(tree: FileTree, ctx: ReadContext): Promise<Entry[]> {
  const listing = await tree.list();
  const archives = zipArchives(listing.map((e) => e.path));
  if (archives.length === 0) throw new DatasetError('bad-layout', 'no .zip archive', { file: tree.name });
  const sizes = new Map(listing.map((e) => [e.path, e.size]));
  const entries: Entry[] = [];
  const seen = new Map<string, string>();
  for (const zip of archives) {
    const archive = await openArchive(tree, zip, sizes.get(zip)!, ctx);
    for (const { path } of await archive.list()) {
      if (!isImage(path)) continue;
      const id = stripExtension(path);
      const before = seen.get(id);
      if (before !== undefined) {
        ctx.warn(`${zip}: '${path}' gives item '${id}', which ${before} already gave; skipped`);
        continue;
      }
      seen.set(id, zip);
      entries.push({ archive, zip, path, id });
    }
  }
  return entries;
}

/** Every image of every archive as an item without annotations, in the `default` subset (as Datumaro). */
export async function readImageZip(tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> {
  const ctx = readContext(options);
  const entries = await imageEntries(tree, ctx);
  return readerSource(options, {
    categories: { labels: [] },
    entries,
    where: (e) => ({ file: e.zip, place: e.path }),
    async make({ archive, zip, path, id }) {
      const info = await readImageSize(archive, path);
      return {
        id,
        subset: DEFAULT_SUBSET,
        media: {
          kind: 'image',
          path: `${zip}/${path}`,
          width: info?.width,
          height: info?.height,
          bytes: () => archive.read(path),
        },
        annotations: [],
        attributes: {},
      };
    },
  });
}

import type { DetectContext } from '@labelport/core';
import { splitLines, stripExtension } from '@labelport/core/files';
import { isImage, isImageDirName, listSubset, QUERY_DIR } from './lib/market-layout.js';
import { MARKET_NAME } from './lib/market-name.js';

/** Roots of `.../<query|bounding_box_x>/<image>` images with Market-1501 names, up to two folders up. */
function namedImageRoots(ctx: DetectContext): Map<string, number> {
  const roots = new Map<string, number>();
  for (const f of ctx.files) {
    const parts = f.path.split('/');
    if (parts.length >= 2 && parts.length <= 4 && isImage(f.path)) {
      const dir = parts[parts.length - 2]!;
      if (isImageDirName(dir) && MARKET_NAME.test(stripExtension(parts[parts.length - 1]!))) {
        const root = parts.slice(0, -2).join('/');
        roots.set(root, (roots.get(root) ?? 0) + 1);
      }
    }
  }
  return roots;
}

/** Adds the roots of `images_<subset>.txt` lists whose first line names an image in a Market-1501 folder. */
async function addListRoots(ctx: DetectContext, roots: Map<string, number>) {
  for (const f of ctx.files) {
    const parts = f.path.split('/');
    if (parts.length > 3 || listSubset(parts[parts.length - 1]!) === undefined) continue;
    const root = parts.slice(0, -1).join('/');
    if (roots.has(root)) continue;
    // Lists are line by line: the first line decides, whatever follows it.
    const first = splitLines(await ctx.readHead(f.path, 1024)).find((l) => l.trim() !== '');
    const entry = first?.trim().split('/') ?? [];
    if (entry.length >= 2 && isImageDirName(entry[0]!) && isImage(first as string)) roots.set(root, 1);
  }
}

/** The shallowest folder with images of any names in both query/ and bounding_box_<subset>/. */
function bothFoldersRoot(ctx: DetectContext): string | undefined {
  const folders = new Map<string, Set<string>>();
  for (const f of ctx.files) {
    const parts = f.path.split('/');
    if (parts.length < 2 || parts.length > 4 || !isImage(f.path)) continue;
    const dir = parts[parts.length - 2]!;
    if (!isImageDirName(dir)) continue;
    const root = parts.slice(0, -2).join('/');
    const kinds = folders.get(root) ?? new Set<string>();
    folders.set(root, kinds);
    kinds.add(dir === QUERY_DIR ? 'query' : 'gallery');
  }
  const both = [...folders].filter(([, kinds]) => kinds.size === 2).map(([root]) => root);
  return both.sort((a, b) => a.length - b.length)[0];
}

/**
 * Where a Market-1501 dataset starts: the folder holding `query/`, `bounding_box_<subset>/` or
 * `images_<subset>.txt`, with image names in the Market-1501 pattern. Searched up to two levels down.
 */
export async function detectMarket1501(ctx: DetectContext) {
  const roots = namedImageRoots(ctx);
  await addListRoots(ctx, roots);
  if (roots.size === 0) {
    const root = bothFoldersRoot(ctx);
    if (root !== undefined) return { confidence: 0.9, root };
    return ctx.reject(
      'no query/ or bounding_box_<subset>/ images named like 0001_c1s1_000015_00.jpg, nor images_<subset>.txt listing them',
    );
  }
  const root = [...roots.keys()].sort(
    (a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b),
  )[0];
  return { confidence: 1, root };
}

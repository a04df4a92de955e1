import {
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  type FileTree,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
  readText,
} from '@labelport/core';
import { joinPath, safeRelativePath, splitLines, stripExtension } from '@labelport/core/files';
import { findSubsets, type IcdarSubset, IMAGES_DIR, isImage, rootAbove } from './lib/icdar-layout.js';
import { fillImageSize, imageMedia } from './lib/image-media.js';
import { GT_FILE, parseWordLine } from './lib/word-lines.js';

export async function detectWordRecognition(ctx: DetectContext) {
  const files = ctx.files
    .map((f) => f.path)
    .filter((p) => (p === GT_FILE || p.endsWith(`/${GT_FILE}`)) && p.split('/').length <= 4)
    .sort((a, b) => a.split('/').length - b.split('/').length);
  if (files.length === 0) ctx.reject('no <subset>/gt.txt');
  for (const file of files) {
    const first = splitLines(await ctx.readHead(file, 1024)).find((l) => l.trim() !== '');
    if (first === undefined || !first.includes(',')) continue;
    if (isImage(parseWordLine(first).image)) return { confidence: 1, root: rootAbove(file) };
  }
  return ctx.reject('gt.txt does not list `image.png, "word"` lines');
}

/** A gt.txt line, checked: an image name (safe, relative) and maybe its caption. */
function parseLine(line: string, file: string, lineNo: number) {
  const parsed = parseWordLine(line);
  const place = `line ${lineNo}`;
  if (parsed.image === '')
    throw new DatasetError('bad-line', 'no image name before the comma', { file, place });
  parsed.image = safeRelativePath(parsed.image, { file, place });
  return parsed;
}

/** The items of one subset's gt.txt: one per image, a caption per line that has one. */
async function readSubset(
  tree: FileTree,
  pathSet: Set<string>,
  subset: IcdarSubset,
  ctx: ReadContext,
): Promise<DatasetItem[]> {
  const file = joinPath(subset.dir, GT_FILE);
  const lines = splitLines(await readText(tree, file));
  const byId = new Map<string, DatasetItem>();
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue;
    const parsed = ctx.attempt(() => parseLine(lines[i]!, file, i + 1));
    if (!parsed) continue;
    const id = stripExtension(parsed.image);
    let item = byId.get(id);
    if (!item) {
      const path = joinPath(subset.dir, IMAGES_DIR, parsed.image);
      item = {
        id,
        subset: subset.name,
        media: imageMedia(tree, path, pathSet.has(path)),
        annotations: [],
        attributes: {},
      };
      byId.set(id, item);
    }
    if (parsed.caption !== undefined)
      item.annotations.push({ type: 'caption', caption: parsed.caption, attributes: {} });
  }
  return [...byId.values()];
}

export async function readWordRecognition(tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> {
  const ctx = readContext(options);
  const paths = (await tree.list()).map((f) => f.path);
  const pathSet = new Set(paths);
  const subsets = findSubsets(paths, (p) => p === GT_FILE);
  if (subsets.length === 0)
    throw new DatasetError('bad-layout', 'no <subset>/gt.txt found', { file: tree.name });
  const items: DatasetItem[] = [];
  for (const subset of subsets) items.push(...(await readSubset(tree, pathSet, subset, ctx)));
  return readerSource(options, {
    categories: { labels: [] },
    entries: items,
    where: (item) => item.media?.path ?? item.id,
    async make(item) {
      await fillImageSize(tree, item.media);
      return item;
    },
  });
}

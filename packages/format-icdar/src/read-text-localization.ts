import {
  type Annotation,
  type Attributes,
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
import { basename, dirname, joinPath, splitLines, stripExtension } from '@labelport/core/files';
import { filesOf, findSubsets, type IcdarSubset, imagesOf } from './lib/icdar-layout.js';
import { fillImageSize, imageMedia } from './lib/image-media.js';
import {
  GT_PREFIX,
  isAnnotationFile,
  isGtFile,
  parseLocalizationLine,
  type TextShape,
} from './lib/localization-lines.js';

export async function detectTextLocalization(ctx: DetectContext) {
  const files = ctx.files
    .map((f) => f.path)
    .filter((p) => isGtFile(p) && !p.endsWith('_GT.txt') && p.split('/').length <= 4)
    .sort((a, b) => a.split('/').length - b.split('/').length);
  if (files.length === 0) ctx.reject('no gt_<image>.txt files');
  for (const file of files.slice(0, 5)) {
    const first = splitLines(await ctx.readHead(file, 1024)).find((l) => l.trim() !== '');
    try {
      if (first !== undefined) parseLocalizationLine(first, file, 1);
    } catch {
      continue;
    }
    const parts = file.split('/');
    return { confidence: 1, root: parts.length <= 2 ? '' : parts.slice(0, -2).join('/') };
  }
  return ctx.reject('gt_*.txt files do not hold ICDAR boxes or quadrilaterals');
}

/** The item id of an annotation file: its path without extension, `gt_` dropped from the name. */
function itemIdOf(rel: string): string {
  const id = stripExtension(rel);
  const name = basename(id);
  return name.startsWith(GT_PREFIX) ? joinPath(dirname(id), name.slice(GT_PREFIX.length)) : id;
}

function toAnnotation(shape: TextShape): Annotation {
  const attributes: Attributes = shape.text === undefined ? {} : { text: shape.text };
  if (shape.kind === 'polygon') return { type: 'polygon', points: shape.points, attributes };
  return { type: 'bbox', x: shape.x, y: shape.y, w: shape.w, h: shape.h, attributes };
}

/** The items of one subset: one per annotation file, its lines as shapes (several files may name one). */
async function readSubset(
  tree: FileTree,
  paths: string[],
  subset: IcdarSubset,
  ctx: ReadContext,
): Promise<DatasetItem[]> {
  const rel = filesOf(paths, subset);
  const images = imagesOf(rel, subset);
  const byId = new Map<string, DatasetItem>();
  for (const r of rel.filter(isAnnotationFile)) {
    const id = itemIdOf(r);
    let item = byId.get(id);
    if (!item) {
      const image = images.get(id);
      item = {
        id,
        subset: subset.name,
        media: imageMedia(tree, image, image !== undefined),
        annotations: [],
        attributes: {},
      };
      byId.set(id, item);
    }
    const file = joinPath(subset.dir, r);
    const lines = splitLines(await readText(tree, file));
    for (let i = 0; i < lines.length; i++) {
      const shape = ctx.attempt(() => parseLocalizationLine(lines[i]!, file, i + 1));
      if (shape) item.annotations.push(toAnnotation(shape));
    }
  }
  return [...byId.values()];
}

export async function readTextLocalization(
  tree: FileTree,
  options: ReadOptions = {},
): Promise<DatasetSource> {
  const ctx = readContext(options);
  const paths = (await tree.list()).map((f) => f.path);
  const subsets = findSubsets(paths, (rel) => isGtFile(rel) && isAnnotationFile(rel));
  if (subsets.length === 0)
    throw new DatasetError('bad-layout', 'no <subset>/gt_<image>.txt found', { file: tree.name });
  const items: DatasetItem[] = [];
  for (const subset of subsets) items.push(...(await readSubset(tree, paths, subset, ctx)));
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

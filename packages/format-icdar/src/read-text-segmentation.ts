import {
  type BinaryMask,
  bitmapMask,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  type FileTree,
  type MaskAnnotation,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
  readText,
} from '@labelport/core';
import { joinPath, splitLines } from '@labelport/core/files';
import { splitIndexMask } from '@labelport/core/geometry';
import { decodeColorMask, rgbInt } from './lib/color-mask.js';
import { filesOf, findSubsets, imagesOf } from './lib/icdar-layout.js';
import { fillImageSize, imageMedia } from './lib/image-media.js';
import { type GtChar, parseSegmentationGt } from './lib/segmentation-gt.js';
import { GT_SUFFIX, isGtText, WHITE } from './lib/segmentation-layout.js';

export async function detectTextSegmentation(ctx: DetectContext) {
  const pairs = ctx.files
    .map((f) => f.path)
    .filter(
      (p) => p.endsWith(`${GT_SUFFIX}.txt`) && p.split('/').length <= 4 && ctx.has(`${p.slice(0, -4)}.bmp`),
    )
    .sort((a, b) => a.split('/').length - b.split('/').length);
  if (pairs.length === 0) ctx.reject('no <image>_GT.txt beside an <image>_GT.bmp');
  for (const file of pairs.slice(0, 5)) {
    const head = splitLines(await ctx.readHead(file, 1024));
    // Only the lines read whole: the last one may be cut by the head.
    try {
      parseSegmentationGt(head.slice(0, Math.max(1, head.length - 1)).join('\n'), file);
    } catch {
      continue;
    }
    const parts = file.split('/');
    return { confidence: 1, root: parts.length <= 2 ? '' : parts.slice(0, -2).join('/') };
  }
  return ctx.reject('the _GT.txt files do not hold `R G B cy cx x1 y1 x2 y2 "c"` lines');
}

interface PendingItem {
  item: DatasetItem;
  chars: GtChar[];
  maskFile?: string;
}

/**
 * Each pixel's character index (0 the white background, then the characters in order; a later one
 * wins). A colour not in the _GT.txt is an error, or (records skipped) background with a warning.
 */
function characterIndices(
  p: PendingItem,
  file: string,
  image: ReturnType<typeof decodeColorMask>,
  ctx: ReadContext,
) {
  const { width, colors } = image;
  const indexOf = new Map<number, number>([[WHITE, 0]]);
  p.chars.forEach((c, i) => {
    indexOf.set(rgbInt(c.color), i + 1);
  });
  const indices = new Uint32Array(colors.length);
  for (let i = 0; i < colors.length; i++) {
    const index = indexOf.get(colors[i]);
    if (index !== undefined) {
      indices[i] = index;
      continue;
    }
    const c = colors[i];
    const place = `pixel (${i % width}, ${Math.floor(i / width)})`;
    const msg = `colour ${(c >> 16) & 255} ${(c >> 8) & 255} ${c & 255} is not in the _GT.txt`;
    if (ctx.policy.annotations !== 'skip') throw new DatasetError('bad-image', msg, { file, place });
    ctx.warn(`${file}: ${place}: ${msg}; taken as background`);
    indexOf.set(c, 0);
  }
  return indices;
}

/** The masks of one item: one per character whose colour is in the image, as Datumaro makes them. */
async function loadCharacterMasks(
  tree: FileTree,
  p: PendingItem,
  ctx: ReadContext,
): Promise<MaskAnnotation[]> {
  if (!p.maskFile) return [];
  const file = p.maskFile;
  const image = decodeColorMask(await tree.read(file), file, ctx.limits);
  const indices = characterIndices(p, file, image, ctx);
  const masks = splitIndexMask(indices, image.width, image.height, { ignore: [0] });
  return [...masks.keys()]
    .sort((a, b) => a - b)
    .map((i) => {
      const c = p.chars[i - 1];
      const ann: MaskAnnotation = {
        type: 'mask',
        mask: bitmapMask(masks.get(i) as BinaryMask),
        attributes: { index: i - 1, color: c.color.join(' '), text: c.text, center: c.center },
      };
      if (c.group !== undefined) ann.group = c.group;
      return ann;
    });
}

async function pendingItems(tree: FileTree, paths: string[], ctx: ReadContext): Promise<PendingItem[]> {
  const pathSet = new Set(paths);
  const subsets = findSubsets(paths, isGtText);
  if (subsets.length === 0)
    throw new DatasetError('bad-layout', 'no <subset>/<image>_GT.txt found', { file: tree.name });
  const pending: PendingItem[] = [];
  for (const subset of subsets) {
    const rel = filesOf(paths, subset);
    const images = imagesOf(rel, subset);
    for (const r of rel.filter(isGtText)) {
      const id = r.slice(0, -`${GT_SUFFIX}.txt`.length);
      const file = joinPath(subset.dir, r);
      const chars =
        (await ctx.attemptAsync(async () => parseSegmentationGt(await readText(tree, file), file))) ?? [];
      const image = images.get(id);
      const maskFile = joinPath(subset.dir, `${id}${GT_SUFFIX}.bmp`);
      pending.push({
        item: {
          id,
          subset: subset.name,
          media: imageMedia(tree, image, image !== undefined),
          annotations: [],
          attributes: {},
        },
        chars,
        maskFile: pathSet.has(maskFile) ? maskFile : undefined,
      });
    }
  }
  return pending;
}

export async function readTextSegmentation(
  tree: FileTree,
  options: ReadOptions = {},
): Promise<DatasetSource> {
  const ctx = readContext(options);
  const paths = (await tree.list()).map((f) => f.path);
  return readerSource(options, {
    categories: { labels: [] },
    entries: await pendingItems(tree, paths, ctx),
    where: (p) => p.maskFile ?? p.item.id,
    async make(p) {
      await fillImageSize(tree, p.item.media);
      const annotations = (await ctx.attemptAsync(() => loadCharacterMasks(tree, p, ctx))) ?? [];
      return { ...p.item, annotations };
    },
  });
}

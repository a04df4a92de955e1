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
} from '@labelport/core';
import { labelMapCategories, labelZeroIsBackground, readLabelMapFile } from '@labelport/core/meta';
import { decodeIndexPng, distinctValues, readPngHeader, valueMask } from '@labelport/core/png';
import { INSTANCE_BITS, MAX_INSTANCE } from './lib/kitti-instances.js';
import { KITTI_LABEL_MAP } from './lib/kitti-labelmap.js';
import { findKittiSubsets, INSTANCES_DIR, kittiRoot } from './lib/kitti-layout.js';

/** The width and height in a PNG's header, or undefined when it is not a PNG. */
async function pngSize(tree: FileTree, path: string) {
  try {
    const header = readPngHeader(await tree.readRange(path, 0, 64));
    return { width: header.width, height: header.height };
  } catch {
    return undefined;
  }
}

export async function detectKittiSegmentation(ctx: DetectContext) {
  const files = ctx.glob('**/instance/**/*.png');
  if (files.length === 0) ctx.reject('no instance/*.png');
  let header: ReturnType<typeof readPngHeader> | undefined;
  try {
    header = readPngHeader(await ctx.tree.readRange(files[0], 0, 64));
  } catch {
    header = undefined;
  }
  if (header?.colorType !== 'gray') ctx.reject(`${files[0]} is not a gray PNG of instance ids`);
  return { confidence: 1, root: kittiRoot(findKittiSubsets(files, INSTANCES_DIR, '.png')) };
}

interface Entry {
  id: string;
  subset: string;
  file?: string;
  image?: string;
}

export async function readKittiSegmentation(
  tree: FileTree,
  options: ReadOptions = {},
): Promise<DatasetSource> {
  const paths = (await tree.list()).map((e) => e.path);
  const subsets = findKittiSubsets(paths, INSTANCES_DIR, '.png');
  if (subsets.length === 0)
    throw new DatasetError('not-found', 'no instance/*.png found', { file: tree.name });
  const found = await readLabelMapFile(tree, new Set(paths), kittiRoot(subsets), KITTI_LABEL_MAP);
  const map = found.map ?? KITTI_LABEL_MAP;
  const entries: Entry[] = [];
  for (const s of subsets) {
    for (const [id, file] of [...s.annotations].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
      entries.push({ id, subset: s.name, file, image: s.images.get(id) });
    for (const [id, image] of s.images)
      if (!s.annotations.has(id)) entries.push({ id, subset: s.name, image });
  }
  const ctx = readContext(options);
  // Value 0 (label 0, no instance) is unlabeled when label 0 is the background (KITTI's `unlabeled`).
  const skip = labelZeroIsBackground(map) ? 0 : -1;
  return readerSource(options, {
    categories: labelMapCategories(map),
    entries,
    where: (e) => e.file ?? e.image,
    make: (e) => makeItem(tree, e, { labelCount: map.length, skip, ctx }),
  });
}

interface Reading {
  labelCount: number;
  /** The value that is no mask (the background's crowd), or -1. */
  skip: number;
  ctx: ReadContext;
}

async function makeItem(tree: FileTree, e: Entry, { labelCount, skip, ctx }: Reading): Promise<DatasetItem> {
  const item: DatasetItem = { id: e.id, subset: e.subset, annotations: [], attributes: {} };
  const image = e.image;
  if (image) item.media = { kind: 'image', path: image, bytes: () => tree.read(image) };
  if (e.file) {
    const ids = decodeIndexPng(await tree.read(e.file), e.file, { limits: ctx.limits });
    item.media = { kind: 'image', ...item.media, width: ids.width, height: ids.height };
    for (const v of distinctValues(ids.values)) {
      if (v === skip) continue;
      const label = v >> INSTANCE_BITS;
      const instance = v & MAX_INSTANCE;
      if (label >= labelCount) {
        const why = `pixel value ${v} is label ${label}, past the ${labelCount} labels`;
        ctx.skip(new DatasetError('bad-value', why, { file: e.file }));
        continue;
      }
      const attributes = { is_crowd: instance === 0 };
      item.annotations.push({ type: 'mask', mask: valueMask(ids, v), label, id: instance, attributes });
    }
  } else if (image) {
    const size = await pngSize(tree, image);
    if (size) Object.assign(item.media as object, size);
  }
  return item;
}

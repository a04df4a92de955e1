import {
  type Annotation,
  DatasetError,
  type DatasetSource,
  DEFAULT_SUBSET,
  type DetectContext,
  type FileTree,
  type ReadOptions,
  readContext,
  readerSource,
} from '@labelport/core';
import { stripExtension } from '@labelport/core/files';
import { readImageSize } from '@labelport/core/media';
import {
  analyzeImageFolders,
  ID_SEPARATOR,
  type ImageFolderLayout,
  isImagePath,
  NO_LABEL_DIR,
  NOT_LABEL_DIR_NAMES,
  SUBSET_DIR_NAMES,
} from './lib/image-folders.js';
import { filesUnder, wrapperRoots } from './lib/roots.js';

const LAYOUT = 'no images in label folders (label/image or subset/label/image)';

/** Why a layout is not ImageNet's after all (a folder no ImageNet tree has there), or undefined. */
function checkFolders(layout: ImageFolderLayout): string | undefined {
  for (const dirs of layout.labelDirs.values()) {
    for (const d of dirs) {
      if (NOT_LABEL_DIR_NAMES.includes(d.toLowerCase()))
        return `a folder named '${d}' where labels should be (Datumaro never takes it for a label)`;
      // `images/train/x.jpg`: subsets inside an images folder are other formats' layout.
      if (layout.unnamedSubsets && SUBSET_DIR_NAMES.includes(d.toLowerCase()))
        return `a folder named '${d}' where labels should be (a subset inside another folder)`;
    }
  }
  if (layout.unnamedSubsets) {
    const bad = layout.subsets?.find((s) => NOT_LABEL_DIR_NAMES.includes(s.toLowerCase()));
    if (bad) return `a folder named '${bad}' above label folders`;
  }
  return undefined;
}

/**
 * Detects one of the two layouts: label folders at the top (`imagenet`), or subset folders of label
 * folders (`subsetDirs`: `imagenet_with_subset_dirs`). A tree of the other layout is refused at the
 * root where it is found (so `train/` is not taken for a folder around a dataset of labels).
 */
export async function detectImagenet(ctx: DetectContext, subsetDirs: boolean) {
  const anyOther = ctx.files.some((f) => !isImagePath(f.path));
  let why = subsetDirs ? 'no images in subset/label folders' : LAYOUT;
  for (const root of wrapperRoots(ctx.files, 2)) {
    const layout = analyzeImageFolders(filesUnder(ctx.files, root));
    if (layout.images.length === 0) continue;
    // One folder of label folders is a dataset wrapped in a folder (the next root) before it is a subset.
    if (layout.unnamedSubsets && layout.subsets!.length === 1) continue;
    const bad = checkFolders(layout);
    if (bad) {
      why = bad;
      continue;
    }
    if ((layout.subsets !== undefined) !== subsetDirs) {
      return ctx.reject(
        subsetDirs
          ? 'label folders at the top, no subset folders (imagenet)'
          : `subset folders (${layout.subsets!.join(', ')}) of label folders (imagenet_with_subset_dirs)`,
      );
    }
    // Any tree of images in folders fits, so this is a guess: sure enough to beat a plain image
    // folder when the tree holds nothing but images, weak when other files are there.
    return { confidence: anyOther ? 0.2 : 0.6, root };
  }
  return ctx.reject(why);
}

interface Entry {
  path: string;
  subset: string;
  label: string;
  id: string;
}

/**
 * An ImageNet tree: `[subset/]label/image`, subset folders where analyzeImageFolders finds them,
 * or (`subsetDirs`, imagenet_with_subset_dirs) every top-level folder a subset.
 */
export async function readImagenet(
  tree: FileTree,
  options: ReadOptions = {},
  subsetDirs = false,
): Promise<DatasetSource> {
  const ctx = readContext(options);
  const layout = analyzeImageFolders(await tree.list(), subsetDirs);
  if (layout.images.length === 0) throw new DatasetError('bad-layout', LAYOUT, { file: tree.name });
  if (layout.misplaced.length > 0) {
    ctx.warn(
      `${layout.misplaced.length} image(s) outside label folders were ignored, e.g. '${layout.misplaced[0]}'`,
    );
  }
  const names = new Set<string>();
  for (const dirs of layout.labelDirs.values()) for (const d of dirs) if (d !== NO_LABEL_DIR) names.add(d);
  const labels = [...names].sort();
  const labelIndex = new Map(labels.map((n, i) => [n, i]));

  const seen = new Set<string>();
  const entries: Entry[] = [];
  for (const img of layout.images) {
    const subset = img.subset ?? DEFAULT_SUBSET;
    const id = `${img.label}${ID_SEPARATOR}${stripExtension(img.file)}`;
    const key = `${subset}\u0000${id}`;
    if (seen.has(key)) {
      ctx.warn(`'${img.path}': another image already gave item '${id}'; skipped`);
      continue;
    }
    seen.add(key);
    entries.push({ ...img, subset, id });
  }

  return readerSource(options, {
    categories: { labels: labels.map((name) => ({ name })) },
    entries,
    where: (e) => e.path,
    async make(e) {
      const size = await readImageSize(tree, e.path);
      const annotations: Annotation[] =
        e.label === NO_LABEL_DIR ? [] : [{ type: 'label', label: labelIndex.get(e.label)!, attributes: {} }];
      return {
        id: e.id,
        subset: e.subset,
        media: {
          kind: 'image',
          path: e.path,
          width: size?.width,
          height: size?.height,
          bytes: () => tree.read(e.path),
        },
        annotations,
        attributes: {},
      };
    },
  });
}

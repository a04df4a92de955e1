import type { FileEntry } from '@labelport/core';
import { extname } from '@labelport/core/files';
import { IMAGE_EXTENSIONS } from '@labelport/core/media';

/** Datumaro's names: subset folders it recognises, and top-level folders that are never labels. */
export const SUBSET_DIR_NAMES = ['train', 'val', 'test'];
export const NOT_LABEL_DIR_NAMES = ['labels', 'images', 'annotations', 'instances'];
/** The folder of images that have no label. */
export const NO_LABEL_DIR = 'no_label';
/** Separates the label from the file name in item ids (`label_0:image_1`), as in Datumaro. */
export const ID_SEPARATOR = ':';

export const isImagePath = (path: string): boolean => IMAGE_EXTENSIONS.includes(extname(path));

/** How the images of a folder-per-label tree lie. */
export interface ImageFolderLayout {
  /** Subset folder names (top level), or undefined when the labels are at the top. */
  subsets?: string[];
  /** Subset folders found only because no image lies at `label/image` (none is train, val or test). */
  unnamedSubsets: boolean;
  /** Images at `[subset/]label/file`: the ones that count. */
  images: { path: string; subset?: string; label: string; file: string }[];
  /** Label folders (any folder at the label level), per subset ('' without subsets). */
  labelDirs: Map<string, Set<string>>;
  /** Images elsewhere (at the top, or nested deeper): ignored, as Datumaro does. */
  misplaced: string[];
  /** Files that are not images. */
  others: string[];
}

/**
 * Sorts the files of a tree into the ImageNet layout: `label/image` or `subset/label/image`. The tree
 * has subset folders when a top-level folder is named train, val or test (Datumaro's rule); then
 * every top-level folder is a subset. A tree with no image at `label/image` but images at
 * `folder/label/image` has subset folders of any name (as Datumaro's imagenet_with_subset_dirs reads
 * every folder): the layout the writer's `subsetDirs` makes of subsets with other names. With
 * `subsetDirs`, every top-level folder is a subset.
 */
export function analyzeImageFolders(files: FileEntry[], subsetDirs?: boolean): ImageFolderLayout {
  const topDirs = new Set<string>();
  for (const f of files) {
    const slash = f.path.indexOf('/');
    if (slash > 0) topDirs.add(f.path.slice(0, slash));
  }
  const named = [...topDirs].some((d) => SUBSET_DIR_NAMES.includes(d.toLowerCase()));
  // told (imagenet_with_subset_dirs): every top-level folder is a subset, whatever the names
  if (subsetDirs) return { ...sortImages(files, topDirs, true), unnamedSubsets: !named };
  const layout = sortImages(files, topDirs, named);
  if (named || layout.images.length > 0) return layout;
  const nested = sortImages(files, topDirs, true);
  return nested.images.length > 0 ? { ...nested, unnamedSubsets: true } : layout;
}

function sortImages(files: FileEntry[], topDirs: Set<string>, withSubsets: boolean): ImageFolderLayout {
  const depth = withSubsets ? 2 : 1;
  const layout: ImageFolderLayout = {
    subsets: withSubsets ? [...topDirs].sort() : undefined,
    unnamedSubsets: false,
    images: [],
    labelDirs: new Map(),
    misplaced: [],
    others: [],
  };
  for (const f of files) {
    const parts = f.path.split('/');
    if (parts.length > depth) {
      const key = withSubsets ? parts[0]! : '';
      const label = parts[depth - 1]!;
      const set = layout.labelDirs.get(key) ?? new Set<string>();
      layout.labelDirs.set(key, set);
      set.add(label);
    }
    if (!isImagePath(f.path)) layout.others.push(f.path);
    else if (parts.length !== depth + 1) layout.misplaced.push(f.path);
    else
      layout.images.push({
        path: f.path,
        subset: withSubsets ? parts[0] : undefined,
        label: parts[depth - 1]!,
        file: parts[depth]!,
      });
  }
  return layout;
}

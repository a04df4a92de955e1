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
 * every top-level folder is a subset.
 */
export function analyzeImageFolders(files: FileEntry[]): ImageFolderLayout {
  const images = files.filter((f) => isImagePath(f.path)).map((f) => f.path);
  const others = files.filter((f) => !isImagePath(f.path)).map((f) => f.path);
  const topDirs = new Set(
    files
      .map((f) => f.path.split('/'))
      .filter((p) => p.length > 1)
      .map((p) => p[0]!),
  );
  const withSubsets = [...topDirs].some((d) => SUBSET_DIR_NAMES.includes(d.toLowerCase()));
  const depth = withSubsets ? 2 : 1;

  const layout: ImageFolderLayout = {
    subsets: withSubsets ? [...topDirs].sort() : undefined,
    images: [],
    labelDirs: new Map(),
    misplaced: [],
    others,
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
  }
  for (const path of images) {
    const parts = path.split('/');
    if (parts.length !== depth + 1) {
      layout.misplaced.push(path);
      continue;
    }
    layout.images.push({
      path,
      subset: withSubsets ? parts[0] : undefined,
      label: parts[depth - 1]!,
      file: parts[depth]!,
    });
  }
  return layout;
}

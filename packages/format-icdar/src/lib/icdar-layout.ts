import { DEFAULT_SUBSET } from '@labelport/core';
import { extname, stripExtension } from '@labelport/core/files';
import { IMAGE_EXTENSIONS } from '@labelport/core/media';

export const IMAGES_DIR = 'images';
export const DEFAULT_IMAGE_EXT = '.png';

export const isImage = (p: string) => IMAGE_EXTENSIONS.includes(extname(p));

/** A subset folder of an ICDAR dataset ('' when the tree is the subset itself). */
export interface IcdarSubset {
  name: string;
  dir: string;
}

const prefixOf = (dir: string) => (dir === '' ? '' : `${dir}/`);

/**
 * The subsets of an ICDAR dataset: the top-level folders holding annotation files, each named by its
 * folder; or, when annotation files sit at the top, the tree itself as the 'default' subset.
 */
export function findSubsets(paths: string[], isAnnotation: (relativePath: string) => boolean): IcdarSubset[] {
  const top = paths.some((p) => !p.includes('/') && isAnnotation(p));
  if (top) return [{ name: DEFAULT_SUBSET, dir: '' }];
  const dirs = new Set<string>();
  for (const p of paths) {
    const slash = p.indexOf('/');
    if (slash > 0 && isAnnotation(p.slice(slash + 1))) dirs.add(p.slice(0, slash));
  }
  return [...dirs].sort().map((dir) => ({ name: dir, dir }));
}

/** Files below a subset folder, as paths relative to it. */
export function filesOf(paths: string[], subset: IcdarSubset): string[] {
  const prefix = prefixOf(subset.dir);
  return paths.filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length));
}

/** Images in `<subset>/images/`, by item id (the path below images/ without extension). */
export function imagesOf(relativePaths: string[], subset: IcdarSubset): Map<string, string> {
  const out = new Map<string, string>();
  const prefix = `${IMAGES_DIR}/`;
  for (const p of relativePaths) {
    if (p.startsWith(prefix) && isImage(p)) {
      const id = stripExtension(p.slice(prefix.length));
      if (!out.has(id)) out.set(id, `${prefixOf(subset.dir)}${p}`);
    }
  }
  return out;
}

/** The dataset root above an annotation file found at `path`, which sits `depth` folders below its subset. */
export function rootAbove(path: string, depth = 0): string {
  const parts = path.split('/');
  // <root>/<subset>/<...depth folders>/<file>; a file at the top is in the 'default' subset.
  return parts.length - 2 - depth <= 0 ? '' : parts.slice(0, parts.length - 2 - depth).join('/');
}

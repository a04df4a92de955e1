import { extname } from '@labelport/core/files';
import { IMAGE_EXTENSIONS } from '@labelport/core/media';

export const MASKS_DIR = 'instances';
export const IMAGES_DIR = 'images';
export const LABELS_FILE = 'labels.txt';
export const isImage = (p: string) => IMAGE_EXTENSIONS.includes(extname(p));

/** Folders that hold an instances/ folder of PNGs: '' for the tree's root, else the subset folder. */
export function subsetDirs(paths: string[]): string[] {
  const dirs = new Set<string>();
  for (const p of paths) {
    if (extname(p) !== '.png') continue;
    const m = /^(?:(.*)\/)?instances\//.exec(p);
    if (m) dirs.add(m[1] ?? '');
  }
  return [...dirs].sort();
}

/** The longest folder path all the given folders ('' = the root) are inside of. */
export function commonParent(dirs: string[]): string {
  if (dirs.length === 0) return '';
  let parts = dirs[0] === '' ? [] : dirs[0]!.split('/');
  for (const d of dirs.slice(1)) {
    const q = d === '' ? [] : d.split('/');
    let i = 0;
    while (i < parts.length && i < q.length && parts[i] === q[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join('/');
}

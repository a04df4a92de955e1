// CamVid's subset lists: `<subset>.txt`, one `<image> [<mask>]` line per item.

import { DatasetError } from '@labelport/core';
import { safeRelativePath } from '@labelport/core/files';

/** Datumaro reads and writes `label_colors.txt`; CVAT's documentation calls it `labelmap.txt`. */
export const LABEL_MAP_FILES = ['label_colors.txt', 'labelmap.txt'];
/** Masks of subset `s` are in `<s>annot/`. */
export const MASK_DIR_SUFFIX = 'annot';

/** One line of a list: `<image> [<mask>]`, both quoted when they have spaces. */
export function parseListLine(
  line: string,
  where: { file: string; place: string },
): { image: string; mask?: string } {
  const quoted = line.trim().split('"');
  let parts: string[];
  if (quoted.length > 1) {
    if (quoted.length !== 5) throw new DatasetError('bad-line', 'unexpected number of quotes', where);
    parts = [quoted[1]!, quoted[3]!];
  } else parts = line.trim().split(/\s+/);
  const clean = (p: string) => safeRelativePath(p.replace(/^\/+/, ''), where);
  return { image: clean(parts[0]!), mask: parts[1] ? clean(parts[1]) : undefined };
}

/**
 * A listed path as found in the tree: as written, else without its leading folders (lists written
 * with absolute paths, such as SegNet's `/SegNet/CamVid/train/x.png`).
 */
export function resolveListed(path: string, has: (p: string) => boolean): string {
  if (has(path)) return path;
  const parts = path.split('/');
  for (let k = 1; k < parts.length - 1; k++) {
    const candidate = parts.slice(k).join('/');
    if (has(candidate)) return candidate;
  }
  return path;
}

export const isListFile = (name: string) =>
  name.endsWith('.txt') && !name.includes('/') && !LABEL_MAP_FILES.includes(name);

/** A list line: both paths quoted when either has a space. */
export const listLine = (a: string, b: string) =>
  /\s/.test(a) || /\s/.test(b) ? `"${a}" "${b}"` : `${a} ${b}`;

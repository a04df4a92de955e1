/** Where MOT sequences are in a tree: a folder with gt/gt.txt or det/det.txt (and img1/, seqinfo.ini). */
import { dirname } from '@labelport/core/files';

export interface Sequence {
  /** The sequence folder ('' = the tree's root). */
  root: string;
  annotationFile: string;
  kind: 'gt' | 'det';
}

/** The sequences of a tree: folders holding gt/gt.txt (or det/det.txt when asked, or when there is no gt). */
export function findSequences(paths: string[], want?: 'gt' | 'det'): Sequence[] {
  const gt = new Map<string, string>();
  const det = new Map<string, string>();
  for (const p of paths) {
    if (p === 'gt/gt.txt' || p.endsWith('/gt/gt.txt')) gt.set(dirname(dirname(p)), p);
    else if (p === 'det/det.txt' || p.endsWith('/det/det.txt')) det.set(dirname(dirname(p)), p);
  }
  const roots = new Set(
    want === 'det' ? det.keys() : want === 'gt' ? gt.keys() : [...gt.keys(), ...det.keys()],
  );
  return [...roots].sort().map((root) => {
    const useGt = want !== 'det' && gt.has(root);
    return {
      root,
      annotationFile: (useGt ? gt.get(root) : det.get(root)) as string,
      kind: useGt ? 'gt' : 'det',
    };
  });
}

/** The longest folder path all the given folders are inside of. */
export function commonParent(dirs: string[]): string {
  if (dirs.length === 0) return '';
  let parts = dirs[0].split('/');
  for (const d of dirs.slice(1)) {
    const q = d.split('/');
    let i = 0;
    while (i < parts.length && i < q.length && parts[i] === q[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join('/');
}

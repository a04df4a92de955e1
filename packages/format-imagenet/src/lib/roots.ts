import type { FileEntry } from '@labelport/core';

/**
 * Where a dataset may start in a tree: the top, then each folder one level down, then two levels
 * down (archives and the corpus often wrap a dataset in a folder or two).
 */
export function candidateRoots(files: FileEntry[], maxDepth: number): string[] {
  const roots: string[] = [''];
  for (let depth = 1; depth <= maxDepth; depth++) {
    const dirs = new Set<string>();
    for (const f of files) {
      const parts = f.path.split('/');
      if (parts.length > depth) dirs.add(parts.slice(0, depth).join('/'));
    }
    roots.push(...[...dirs].sort());
  }
  return roots;
}

/** The files below `root`, with paths relative to it. */
export function filesUnder(files: FileEntry[], root: string): FileEntry[] {
  if (root === '') return files;
  const prefix = `${root}/`;
  return files
    .filter((f) => f.path.startsWith(prefix))
    .map((f) => ({ path: f.path.slice(prefix.length), size: f.size }));
}

/**
 * The top, then the folder that wraps everything (a tree whose files all lie in one folder), up to
 * `maxDepth` levels: where a dataset that any tree of folders could pass for may start.
 */
export function wrapperRoots(files: FileEntry[], maxDepth: number): string[] {
  const roots = [''];
  let current = files;
  let root = '';
  for (let depth = 1; depth <= maxDepth; depth++) {
    const tops = new Set(current.map((f) => f.path.split('/')[0]!));
    if (tops.size !== 1 || current.some((f) => !f.path.includes('/'))) break;
    const top = [...tops][0]!;
    root = root === '' ? top : `${root}/${top}`;
    roots.push(root);
    current = filesUnder(current, top);
  }
  return roots;
}

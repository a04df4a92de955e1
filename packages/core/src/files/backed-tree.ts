import { DatasetError } from '../errors.js';
import { safeRelativePath } from './paths.js';
import type { FileEntry, FileTree } from './tree.js';

/** What a storage has to provide for `backedTree` to make a FileTree of it. */
export interface TreeBackend {
  name: string;
  /** Every file, recursively, paths relative and '/'-separated. */
  listAll(): Promise<FileEntry[]>;
  readFile(path: string, entry: FileEntry): Promise<Uint8Array>;
  readRange?(path: string, entry: FileEntry, start: number, end: number): Promise<Uint8Array>;
  stream?(path: string, entry: FileEntry): AsyncIterable<Uint8Array>;
}

/** A FileTree over a backend: cached listing, safe paths, sub-trees, missing-file errors. */
export function backedTree(backend: TreeBackend): FileTree {
  let listing: Promise<{ entries: FileEntry[]; byPath: Map<string, FileEntry> }> | undefined;
  const load = () => {
    listing ??= backend.listAll().then((entries) => {
      const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      return { entries: sorted, byPath: new Map(sorted.map((e) => [e.path, e])) };
    });
    return listing;
  };
  const entryOf = async (path: string): Promise<FileEntry> => {
    const p = safeRelativePath(path);
    const e = (await load()).byPath.get(p);
    if (!e) throw new DatasetError('not-found', 'file not found', { file: p });
    return e;
  };
  const root: FileTree = {
    name: backend.name,
    list: async () => (await load()).entries,
    stat: async (path) => (await load()).byPath.get(safeRelativePath(path)),
    exists: async (path) => (await load()).byPath.has(safeRelativePath(path)),
    read: async (path) => {
      const e = await entryOf(path);
      return backend.readFile(e.path, e);
    },
    readRange: async (path, start, end) => {
      const e = await entryOf(path);
      if (backend.readRange) return backend.readRange(e.path, e, start, Math.min(end, e.size));
      return (await backend.readFile(e.path, e)).subarray(start, end);
    },
    stream: (path) => ({
      async *[Symbol.asyncIterator]() {
        const e = await entryOf(path);
        if (backend.stream) yield* backend.stream(e.path, e);
        else yield await backend.readFile(e.path, e);
      },
    }),
    sub: (prefix) => subTree(root, prefix),
  };
  return root;
}

/** A view of `tree` below the folder `prefix`. */
export function subTree(tree: FileTree, prefix: string): FileTree {
  const p = safeRelativePath(prefix);
  if (p === '') return tree;
  const full = (path: string) => `${p}/${safeRelativePath(path)}`;
  let cached: Promise<FileEntry[]> | undefined;
  const view: FileTree = {
    name: `${tree.name}/${p}`,
    list: () => {
      cached ??= tree
        .list()
        .then((all) =>
          all
            .filter((e) => e.path.startsWith(`${p}/`))
            .map((e) => ({ path: e.path.slice(p.length + 1), size: e.size })),
        );
      return cached;
    },
    stat: async (path) => {
      const e = await tree.stat(full(path));
      return e && { path: safeRelativePath(path), size: e.size };
    },
    exists: (path) => tree.exists(full(path)),
    read: (path) => tree.read(full(path)).catch((e) => rethrowRelative(e, p)),
    readRange: (path, s, e) => tree.readRange(full(path), s, e),
    stream: (path) => tree.stream(full(path)),
    sub: (q) => subTree(view, q),
  };
  return view;
}

function rethrowRelative(e: unknown, prefix: string): never {
  if (e instanceof DatasetError && e.code === 'not-found' && e.file?.startsWith(`${prefix}/`)) {
    throw new DatasetError(e.code, e.detail, { file: e.file.slice(prefix.length + 1), place: e.place });
  }
  throw e;
}

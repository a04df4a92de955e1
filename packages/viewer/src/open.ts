/**
 * Where a dataset comes from, as a FileTree: the `labelport view` server (over HTTP), a dropped or
 * picked zip (read in slices, never loaded whole), or a dropped or picked folder.
 */
import {
  blobAccess,
  DatasetError,
  type FileEntry,
  type FileTree,
  type RandomAccess,
  zipTree,
} from '@labelport/core';
import { backedTree, subTree } from '@labelport/core/files';

const dataUrl = (path: string) => `data/${path.split('/').map(encodeURIComponent).join('/')}`;

async function fetchOk(url: string, init?: RequestInit): Promise<Response> {
  const res = await fetch(url, init);
  if (!res.ok && res.status !== 206) {
    throw new DatasetError(
      res.status === 404 ? 'not-found' : 'unsupported',
      `the server said ${res.status}`,
      {
        file: url,
      },
    );
  }
  return res;
}

async function fetchRange(url: string, start: number, end: number): Promise<Uint8Array> {
  if (end <= start) return new Uint8Array(0);
  const res = await fetchOk(url, { headers: { range: `bytes=${start}-${end - 1}` } });
  const bytes = new Uint8Array(await res.arrayBuffer());
  // A server that ignores Range sends the whole file.
  return res.status === 206 ? bytes : bytes.subarray(start, end);
}

/** Random access to a file on the server, through Range requests. */
function httpAccess(url: string, size: number): RandomAccess {
  return { size, read: (offset, length) => fetchRange(url, offset, Math.min(size, offset + length)) };
}

/**
 * The dataset served by `labelport view`, or undefined when the page is not served by it (a static
 * host, a file:// URL): then the page waits for a drop.
 */
export async function servedTree(): Promise<FileTree | undefined> {
  let description: { name: string; kind: 'dir' | 'zip' | 'file' };
  try {
    const res = await fetch('api/dataset');
    if (!res.ok || !res.headers.get('content-type')?.includes('json')) return undefined;
    description = await res.json();
  } catch {
    return undefined;
  }
  const files: FileEntry[] = await (await fetchOk('api/files')).json();
  if (description.kind === 'zip') {
    const entry = files[0];
    if (!entry) throw new DatasetError('not-found', 'the server lists no file', { file: description.name });
    return wholeEntryRanges(await zipTree(httpAccess(dataUrl(entry.path), entry.size), description.name));
  }
  return backedTree({
    name: description.name,
    listAll: async () => files,
    readFile: async (path) => new Uint8Array(await (await fetchOk(dataUrl(path))).arrayBuffer()),
    readRange: (path, _e, start, end) => fetchRange(dataUrl(path), start, end),
  });
}

/** A tree over files picked or dropped, by their paths relative to the folder chosen. */
export function filesTree(name: string, files: { path: string; file: File }[]): FileTree {
  const byPath = new Map(files.map((f) => [f.path, f.file]));
  const fileOf = (path: string) => byPath.get(path)!;
  return backedTree({
    name,
    listAll: async () => files.map((f) => ({ path: f.path, size: f.file.size })),
    readFile: async (path) => new Uint8Array(await fileOf(path).arrayBuffer()),
    readRange: async (path, _e, start, end) =>
      new Uint8Array(await fileOf(path).slice(start, end).arrayBuffer()),
  });
}

/** Files up to this size are inflated once for ranged reads (see `wholeEntryRanges`). */
const RANGE_CACHE_BYTES = 512 << 20;
const HEAD_BYTES = 1 << 20;

/**
 * A zip tree whose ranged reads of a compressed file come from one whole read of it, kept while the
 * reads stay on that file. Core's zip reader inflates an entry from its start for every range, so a
 * reader that walks a large file in 4 MiB ranges (COCO's streamed reader) inflates it again and
 * again: 20,000 images of COCO took 4x longer from a zip than from a folder. Files larger than
 * RANGE_CACHE_BYTES are read as before.
 */
export function wholeEntryRanges(tree: FileTree): FileTree {
  let held: { path: string; bytes: Promise<Uint8Array> } | undefined;
  const view: FileTree = {
    name: tree.name,
    list: () => tree.list(),
    stat: (path) => tree.stat(path),
    exists: (path) => tree.exists(path),
    read: (path) => tree.read(path),
    stream: (path) => tree.stream(path),
    async readRange(path, start, end) {
      const size = (await tree.stat(path))?.size ?? Number.POSITIVE_INFINITY;
      // A look at a file's head (format detection) is cheap as it is: only longer walks take the file whole.
      const head = start < HEAD_BYTES && end <= HEAD_BYTES;
      if (size > RANGE_CACHE_BYTES || (head && held?.path !== path)) return tree.readRange(path, start, end);
      if (held?.path !== path) held = { path, bytes: tree.read(path) };
      return (await held.bytes).subarray(start, Math.min(end, size));
    },
    sub: (prefix) => subTree(view, prefix),
  };
  return view;
}

/** A zip archive (a File) as a tree. */
export async function zipFileTree(file: File): Promise<FileTree> {
  return wholeEntryRanges(await zipTree(blobAccess(file), file.name));
}

/**
 * Files from an `<input type=file webkitdirectory>` (paths in `webkitRelativePath`, starting with the
 * folder's own name) or a plain multi-file input. A single zip opens as an archive.
 */
export async function treeOfPicked(list: FileList | File[]): Promise<FileTree> {
  const files = [...list];
  if (files.length === 1 && /\.zip$/i.test(files[0]!.name)) return zipFileTree(files[0]!);
  const rel = files.map((f) => ({ path: f.webkitRelativePath || f.name, file: f }));
  return filesTree(...stripTop(rel));
}

/** Paths that all start with one folder are taken relative to it; the folder names the tree. */
function stripTop(files: { path: string; file: File }[]): [string, { path: string; file: File }[]] {
  const top = files[0]?.path.split('/')[0] ?? 'files';
  if (files.length > 0 && files.every((f) => f.path.startsWith(`${top}/`))) {
    return [top, files.map((f) => ({ path: f.path.slice(top.length + 1), file: f.file }))];
  }
  return ['files', files];
}

/** What was dropped: a zip, a folder (walked through the entries API), or loose files. */
export async function treeOfDrop(data: DataTransfer): Promise<FileTree> {
  const entries = [...data.items]
    .map((i) => i.webkitGetAsEntry?.())
    .filter((e): e is FileSystemEntry => Boolean(e));
  if (entries.length === 0) return treeOfPicked(data.files);
  const out: { path: string; file: File }[] = [];
  for (const e of entries) await walkEntry(e, e.name, out);
  if (out.length === 1 && /\.zip$/i.test(out[0]!.path)) return zipFileTree(out[0]!.file);
  return filesTree(...stripTop(out));
}

async function walkEntry(entry: FileSystemEntry, path: string, out: { path: string; file: File }[]) {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    out.push({ path, file });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries hands out the children in batches until it returns an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) break;
    for (const child of batch) await walkEntry(child, `${path}/${child.name}`, out);
  }
}

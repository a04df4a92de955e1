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
import { backedTree } from '@labelport/core/files';

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
    return zipTree(httpAccess(dataUrl(entry.path), entry.size), description.name);
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

/** A zip archive (a File) as a tree. */
export function zipFileTree(file: File): Promise<FileTree> {
  return zipTree(blobAccess(file), file.name);
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

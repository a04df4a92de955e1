import {
  closeSync,
  createReadStream,
  promises as fs,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import * as nodePath from 'node:path';
import { DatasetError } from '../errors.js';
import { backedTree, subTree } from './backed-tree.js';
import { safeRelativePath } from './paths.js';
import type { FileEntry, FileSink, FileTree, FileWriter } from './tree.js';

/**
 * Files up to this size are read and written with synchronous calls: for the many small files of a
 * VOC or YOLO dataset, one `readFileSync` costs a tenth of an `fs.promises.readFile` (which takes
 * several thread-pool round trips and an idle wait each), and blocks the event loop for well under a
 * millisecond. Larger files go through the asynchronous calls.
 */
const SYNC_BYTES = 4 << 20;

/**
 * A directory on disk. Symbolic links are followed only while they stay inside the root; a link that
 * leaves it is an error when read and is left out of the listing.
 */
export function directoryTree(dir: string): FileTree {
  const root = nodePath.resolve(dir);
  let realRoot: string | undefined;
  let sawLink = false;
  const resolveInside = (rel: string): string => {
    const abs = nodePath.join(root, ...rel.split('/'));
    // Without a link in the listing every listed path is inside the root: no realpath per read.
    if (!sawLink) return abs;
    realRoot ??= realpathSync.native(root);
    let real: string;
    try {
      real = realpathSync.native(abs);
    } catch {
      real = abs;
    }
    if (real !== realRoot && !real.startsWith(realRoot + nodePath.sep)) {
      throw new DatasetError('unsafe-path', 'a link leads outside the dataset root', { file: rel });
    }
    return real;
  };
  return backedTree({
    name: dir,
    async listAll() {
      let r: string;
      try {
        r = realpathSync.native(root);
      } catch {
        throw new DatasetError('not-found', 'no such directory', { file: dir });
      }
      return listDirectory(r, () => {
        sawLink = true;
      });
    },
    async readFile(rel, entry) {
      const abs = resolveInside(rel);
      try {
        if (entry.size <= SYNC_BYTES) return readKnownSize(abs, entry.size);
        const b = await fs.readFile(abs);
        return new Uint8Array(b.buffer, b.byteOffset, b.byteLength); // a view, not a copy
      } catch (e) {
        // Node reads at most 2 GiB whole: a larger file is too large to read so, not a crash.
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ERR_FS_FILE_TOO_LARGE' || e instanceof RangeError)
          throw new DatasetError('too-large', `too large to read whole: ${(e as Error).message}`, {
            file: rel,
          });
        throw e;
      }
    },
    async readRange(rel, _e, start, end) {
      const abs = resolveInside(rel);
      if (end - start <= SYNC_BYTES) {
        const fd = openSync(abs, 'r');
        try {
          const buf = new Uint8Array(Math.max(0, end - start));
          const n = readSync(fd, buf, 0, buf.length, start);
          return buf.subarray(0, n);
        } finally {
          closeSync(fd);
        }
      }
      const fh = await fs.open(abs, 'r');
      try {
        const buf = new Uint8Array(Math.max(0, end - start));
        const { bytesRead } = await fh.read(buf, 0, buf.length, start);
        return buf.subarray(0, bytesRead);
      } finally {
        await fh.close();
      }
    },
    async *stream(rel) {
      const s = createReadStream(resolveInside(rel), { highWaterMark: 1 << 20 });
      // A Buffer is a Uint8Array: hand it out as it is, without a copy.
      for await (const chunk of s) yield chunk as Buffer;
    },
  });
}

/**
 * A small file read with the size the listing gave: open, one read, close (no fstat). A byte more is
 * asked for, so a file that grew since the listing is read again whole.
 */
function readKnownSize(abs: string, size: number): Uint8Array {
  const fd = openSync(abs, 'r');
  let n: number;
  const buf = new Uint8Array(size + 1);
  try {
    n = readSync(fd, buf, 0, size + 1, 0);
  } finally {
    closeSync(fd);
  }
  if (n <= size) return buf.subarray(0, n);
  const b = readFileSync(abs);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * Every file below the real root `r`, with its size. Links are followed while they stay inside the
 * root (`onLink` is told one was seen); one leaving it is left out. Synchronous calls: a listing of
 * 100,000 files takes a fraction of the time of one awaited `stat` per file.
 */
function listDirectory(r: string, onLink: () => void): FileEntry[] {
  const out: FileEntry[] = [];
  const linkedDirs = new Set<string>(); // a link back up the tree is followed once, not forever
  const walk = (abs: string, rel: string): void => {
    for (const ent of readdirSync(abs, { withFileTypes: true })) {
      const childAbs = nodePath.join(abs, ent.name);
      const childRel = rel ? `${rel}/${ent.name}` : ent.name;
      let isDir = ent.isDirectory();
      let isFile = ent.isFile();
      if (ent.isSymbolicLink()) {
        onLink();
        let real: string;
        try {
          real = realpathSync.native(childAbs);
        } catch {
          continue; // a dangling link
        }
        if (real !== r && !real.startsWith(r + nodePath.sep)) continue; // leaves the root
        const st = statSync(real);
        isDir = st.isDirectory();
        isFile = st.isFile();
        if (isDir && (linkedDirs.has(real) || r.startsWith(real + nodePath.sep) || real === r)) continue;
        if (isDir) linkedDirs.add(real);
      }
      if (isDir) walk(childAbs, childRel);
      else if (isFile) out.push({ path: childRel, size: statSync(childAbs).size });
    }
  };
  walk(r, '');
  return out;
}

/**
 * A single annotation file as a tree. Its listing is the file alone (detection and the file account see
 * only it), but the files beside it can be read by their relative paths (`a.jpg`, `images/a.jpg`): a
 * COCO or Label Studio file given directly finds its images as when its folder is given. Those reads go
 * straight to the file system (the folder is never listed: it may be a home folder), and a path that
 * leaves the folder, by `..` or by a link, is an error.
 */
export function singleFileTree(file: string): FileTree {
  const name = nodePath.basename(file);
  const folder = nodePath.dirname(nodePath.resolve(file));
  const own = backedTree({
    name: file,
    listAll: async () => [{ path: name, size: (await fs.stat(file)).size }],
    readFile: () => fs.readFile(file).then((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength)),
  });
  const beside = (path: string): string | undefined => {
    const rel = safeRelativePath(path);
    if (rel === name) return undefined;
    const abs = nodePath.join(folder, ...rel.split('/'));
    let real: string;
    try {
      real = realpathSync.native(abs);
    } catch {
      return abs; // not there: reading it says so
    }
    const realFolder = realpathSync.native(folder);
    if (!real.startsWith(realFolder + nodePath.sep)) {
      throw new DatasetError('unsafe-path', 'a link leads outside the folder of the file', { file: rel });
    }
    return real;
  };
  const statOf = async (path: string): Promise<FileEntry | undefined> => {
    const abs = beside(path);
    if (abs === undefined) return own.stat(path);
    const st = await fs.stat(abs).catch(() => undefined);
    return st?.isFile() ? { path: safeRelativePath(path), size: st.size } : undefined;
  };
  const notFound = (path: string) =>
    new DatasetError('not-found', 'file not found', { file: safeRelativePath(path) });
  const tree: FileTree = {
    name: file,
    list: () => own.list(),
    stat: statOf,
    exists: async (path) => (await statOf(path)) !== undefined,
    read: async (path) => {
      const abs = beside(path);
      if (abs === undefined) return own.read(path);
      if (!(await statOf(path))) throw notFound(path);
      const b = await fs.readFile(abs);
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    },
    readRange: async (path, start, end) => {
      const abs = beside(path);
      if (abs === undefined) return own.readRange(path, start, end);
      const st = await statOf(path);
      if (!st) throw notFound(path);
      const handle = await fs.open(abs, 'r');
      try {
        const out = new Uint8Array(Math.max(0, Math.min(end, st.size) - start));
        const { bytesRead } = await handle.read(out, 0, out.length, start);
        return out.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
    stream: (path) => ({
      async *[Symbol.asyncIterator]() {
        const abs = beside(path);
        if (abs === undefined) {
          yield* own.stream(path);
          return;
        }
        if (!(await statOf(path))) throw notFound(path);
        for await (const chunk of createReadStream(abs)) yield new Uint8Array(chunk as Buffer);
      },
    }),
    sub: (prefix) => subTree(tree, prefix),
  };
  return tree;
}

/**
 * Writes into a staging folder beside `dir` and renames it into place on commit, so a failed export
 * leaves no half-written output. An existing non-empty `dir` is an error unless `overwrite` is set.
 */
export async function directorySink(dir: string, options: { overwrite?: boolean } = {}): Promise<FileSink> {
  const target = nodePath.resolve(dir);
  const existing = await fs.readdir(target).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    if (e.code === 'ENOTDIR')
      throw new DatasetError('output-exists', 'the output path is a file, not a folder', { file: dir });
    throw e;
  });
  if (existing && existing.length > 0 && !options.overwrite) {
    throw new DatasetError(
      'output-exists',
      'the output folder is not empty (use --overwrite to replace it)',
      { file: dir },
    );
  }
  await fs.mkdir(nodePath.dirname(target), { recursive: true });
  // mkdir (not mkdtemp, which makes 0700): the output folder gets the user's umask, as any folder would.
  const staging = nodePath.join(
    nodePath.dirname(target),
    `.${nodePath.basename(target)}.partial-${Math.random().toString(36).slice(2, 10)}`,
  );
  await fs.mkdir(staging);
  const made = new Set<string>();
  let state: 'open' | 'done' = 'open';
  const prepare = async (path: string) => {
    if (state !== 'open')
      throw new DatasetError('unsupported', 'the output was already committed or aborted', { file: dir });
    const rel = safeRelativePath(path);
    const abs = nodePath.join(staging, ...rel.split('/'));
    const parent = nodePath.dirname(abs);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    return abs;
  };
  return {
    name: dir,
    async write(path, data) {
      const abs = await prepare(path);
      // small files synchronously (see SYNC_BYTES): a YOLO or VOC export is tens of thousands of them
      if (data.length <= SYNC_BYTES) writeFileSync(abs, data);
      else await fs.writeFile(abs, data);
    },
    async open(path): Promise<FileWriter> {
      // Synchronous writes of the pieces a streaming writer hands over (tens of KB each): an awaited
      // write per piece costs a thread-pool round trip and an idle wait, a writeSync a system call.
      const fd = openSync(await prepare(path), 'w');
      let closed = false;
      return {
        async write(chunk) {
          if (typeof chunk === 'string') writeSync(fd, chunk);
          else for (let at = 0; at < chunk.length; ) at += writeSync(fd, chunk, at);
        },
        async close() {
          if (closed) return;
          closed = true;
          closeSync(fd);
        },
      };
    },
    async commit() {
      if (state !== 'open')
        throw new DatasetError('unsupported', 'the output was already committed or aborted', { file: dir });
      state = 'done';
      const exists = await fs.stat(target).then(
        () => true,
        () => false,
      );
      if (exists) {
        const old = `${staging}.old`;
        await fs.rename(target, old);
        await fs.rename(staging, target);
        await fs.rm(old, { recursive: true, force: true });
      } else {
        await fs.rename(staging, target);
      }
    },
    async abort() {
      if (state !== 'open') return;
      state = 'done';
      await fs.rm(staging, { recursive: true, force: true });
    },
  };
}

import { DatasetError } from '../errors.js';
import { backedTree } from './backed-tree.js';
import { safeRelativePath } from './paths.js';
import type { FileSink, FileTree, FileWriter } from './tree.js';

const encoder = new TextEncoder();
const toBytes = (d: Uint8Array | string) => (typeof d === 'string' ? encoder.encode(d) : d);

/**
 * A tree held in memory: tests, the browser. `files` maps paths to contents (strings are UTF-8).
 */
export function memoryTree(
  files: Record<string, Uint8Array | string> | Map<string, Uint8Array>,
  name = 'memory',
): FileTree {
  const map = new Map<string, Uint8Array>();
  const entries = files instanceof Map ? files.entries() : Object.entries(files);
  for (const [path, data] of entries) map.set(safeRelativePath(path), toBytes(data));
  return backedTree({
    name,
    listAll: async () => [...map].map(([path, data]) => ({ path, size: data.byteLength })),
    readFile: async (path) => map.get(path)!,
  });
}

/** A sink that keeps what is written in memory; `files` is filled on commit. */
export interface MemorySink extends FileSink {
  readonly files: Map<string, Uint8Array>;
  /** A tree over what was committed, to read it back. */
  tree(): FileTree;
}

/** A sink that keeps what is written in memory (tests, the browser); `tree()` reads it back after commit. */
export function memorySink(name = 'memory'): MemorySink {
  const pending = new Map<string, Uint8Array>();
  const files = new Map<string, Uint8Array>();
  let closed = false;
  const check = () => {
    if (closed)
      throw new DatasetError('unsupported', 'the output was already committed or aborted', { file: name });
  };
  return {
    name,
    files,
    async write(path, data) {
      check();
      pending.set(safeRelativePath(path), toBytes(data));
    },
    async open(path): Promise<FileWriter> {
      check();
      const p = safeRelativePath(path);
      const chunks: Uint8Array[] = [];
      return {
        async write(chunk) {
          chunks.push(toBytes(chunk));
        },
        async close() {
          pending.set(p, concatBytes(chunks));
        },
      };
    },
    async commit() {
      check();
      closed = true;
      for (const [k, v] of pending) files.set(k, v);
    },
    async abort() {
      closed = true;
      pending.clear();
    },
    tree: () => memoryTree(files, name),
  };
}

export function concatBytes(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  let n = 0;
  for (const c of chunks) n += c.byteLength;
  const out = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.byteLength;
  }
  return out;
}

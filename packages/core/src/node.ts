// @labelport/core/node: file trees and sinks on the local disk, and opening any input path.
import { promises as fs } from 'node:fs';
import { DatasetError } from './errors.js';
import { directoryTree, singleFileTree } from './files/directory.js';
import type { FileTree } from './files/tree.js';
import { type RandomAccess, zipTree } from './files/zip.js';

export { directorySink, directoryTree, singleFileTree } from './files/directory.js';
export { packDirectory, zipSink } from './files/zip-sink.js';

/** Random access to a file on disk (for zip archives read without loading them whole). */
export async function fileAccess(path: string): Promise<RandomAccess> {
  const fh = await fs.open(path, 'r');
  const { size } = await fh.stat();
  return {
    size,
    async read(offset, length) {
      const buf = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
      return buf.subarray(0, bytesRead);
    },
    close: () => fh.close(),
  };
}

/** A directory, a zip archive, or a single annotation file, as a FileTree. */
export async function openTree(path: string): Promise<FileTree> {
  const st = await fs.stat(path).catch(() => {
    throw new DatasetError('not-found', 'no such file or directory', { file: path });
  });
  if (st.isDirectory()) return directoryTree(path);
  if (/\.zip$/i.test(path)) return zipTree(await fileAccess(path), path);
  return singleFileTree(path);
}

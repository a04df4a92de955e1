import { DatasetError } from '../errors.js';
import type { FileTree } from '../files/tree.js';

/**
 * A view of a tree in which files matching `match` (default: .json) cannot be read whole and are
 * streamed in small chunks: for tests that a reader streams its JSON rather than holding it, and
 * that it copes with values split across chunks.
 */
export function streamOnly(
  tree: FileTree,
  options: { chunkSize?: number; match?: (path: string) => boolean } = {},
): FileTree {
  const size = options.chunkSize ?? 7;
  const match = options.match ?? ((p: string) => p.endsWith('.json'));
  return {
    name: tree.name,
    list: () => tree.list(),
    stat: (p) => tree.stat(p),
    exists: (p) => tree.exists(p),
    read(p) {
      if (match(p))
        throw new DatasetError('too-large', 'read whole, where it should be streamed', { file: p });
      return tree.read(p);
    },
    readRange: (p, s, e) => tree.readRange(p, s, e),
    async *stream(p) {
      if (!match(p)) return yield* tree.stream(p);
      for await (const chunk of tree.stream(p))
        for (let i = 0; i < chunk.length; i += size) yield chunk.subarray(i, i + size);
    },
    sub: (prefix) => streamOnly(tree.sub(prefix), options),
  };
}

import { utf8Text } from '../env.js';
import type { FileTree } from './tree.js';

/**
 * Slices of text handed to the tokenizer: few finished elements then wait at any time (they die young
 * instead of being promoted with the result).
 */
const SLICE = 1 << 16;

/** The length of the longest prefix of `b` that does not end inside a UTF-8 sequence. */
function completeUtf8(b: Uint8Array): number {
  const n = b.length;
  // Look back at most 3 bytes for the lead byte of a sequence that may be cut.
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) {
    const c = b[i]!;
    if (c < 0x80) return n;
    if (c >= 0xc0) {
      const len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      return i + len <= n ? n : i;
    }
  }
  return n;
}

/**
 * The text of a UTF-8 file (an XML document, for `XmlTokenizer.write`) streamed from the tree in
 * slices of at most 64 Ki characters, whole characters only (a sequence cut by a chunk waits for the
 * next one; a slice never parts a surrogate pair). A byte order mark is dropped.
 */
export async function* xmlTextChunks(tree: FileTree, path: string): AsyncGenerator<string> {
  let first = true;
  let carry: Uint8Array | undefined;
  for await (const piece of tree.stream(path)) {
    let chunk = piece;
    if (carry) {
      chunk = new Uint8Array(carry.length + piece.length);
      chunk.set(carry, 0);
      chunk.set(piece, carry.length);
      carry = undefined;
    }
    const end = completeUtf8(chunk);
    if (end < chunk.length) carry = chunk.slice(end);
    let text = utf8Text(end < chunk.length ? chunk.subarray(0, end) : chunk);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    yield* slices(text);
  }
  if (carry) yield utf8Text(carry);
}

function* slices(text: string): Generator<string> {
  if (text.length <= SLICE) {
    if (text.length > 0) yield text;
    return;
  }
  for (let i = 0; i < text.length; ) {
    let end = Math.min(text.length, i + SLICE);
    const c = text.charCodeAt(end - 1);
    if (end < text.length && c >= 0xd800 && c <= 0xdbff) end--;
    yield text.slice(i, end);
    i = end;
  }
}

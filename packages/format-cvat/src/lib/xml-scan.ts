import type { FileTree } from '@labelport/core';

/**
 * Quick looks at the bytes of an XML file, without parsing it, and the fast way from bytes to text.
 */

interface NodeBufferView {
  toString(encoding: 'latin1'): string;
  indexOf(value: string, from: number, encoding: 'latin1'): number;
}
// Node's Buffer makes a one-byte-per-character string of a chunk many times faster than TextDecoder
// decodes UTF-8 (the same text, when the chunk is ASCII), and searches bytes without making a
// string; browsers have only TextDecoder.
const NodeBuffer = (
  globalThis as { Buffer?: { from(a: ArrayBufferLike, o: number, n: number): NodeBufferView } }
).Buffer;
const latin1 = new TextDecoder('latin1');

/** The bytes as one character per byte (exact for ASCII; a byte over 127 is one character too). */
export function byteText(b: Uint8Array): string {
  return NodeBuffer
    ? NodeBuffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1')
    : latin1.decode(b);
}

/** True when no byte is over 127 (looked at four bytes at a time). */
export function isAscii(b: Uint8Array): boolean {
  const n = b.length;
  let i = 0;
  while ((b.byteOffset + i) % 4 !== 0) {
    if (i === n) return true;
    if (b[i++]! > 127) return false;
  }
  const words = new Uint32Array(b.buffer, b.byteOffset + i, (n - i) >> 2);
  for (let k = 0; k < words.length; k++) if (words[k]! & 0x80808080) return false;
  for (i += words.length * 4; i < n; i++) if (b[i]! > 127) return false;
  return true;
}

/** UTF-8 bytes as text: an ASCII chunk the fast way (see byteText), any other through `decoder`. */
export function decodeUtf8(b: Uint8Array, decoder: { decode(b: Uint8Array): string }): string {
  return NodeBuffer && isAscii(b) ? byteText(b) : decoder.decode(b);
}

/** A search of the bytes for ASCII text: where `needle` starts at or after `from`, or -1. */
function asciiSearch(b: Uint8Array): (needle: string, from: number) => number {
  if (NodeBuffer) {
    const view = NodeBuffer.from(b.buffer, b.byteOffset, b.byteLength);
    return (needle, from) => view.indexOf(needle, from, 'latin1');
  }
  const text = byteText(b);
  return (needle, from) => text.indexOf(needle, from);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** True when the bytes of the file contain `needle` (ASCII), scanning chunk by chunk without parsing. */
export async function fileContains(tree: FileTree, path: string, needle: string): Promise<boolean> {
  let carry: Uint8Array | undefined;
  for await (const chunk of tree.stream(path)) {
    const buf = carry ? concat(carry, chunk) : chunk;
    if (asciiSearch(buf)(needle, 0) >= 0) return true;
    carry = buf.slice(Math.max(0, buf.length - needle.length + 1));
  }
  return false;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const utf8 = new TextDecoder('utf-8');

/**
 * The values of `attribute` on every `<element ...>` start tag of a file, found by scanning its text
 * (no parse, one chunk at a time): a cheap first look before the file is read item by item. The
 * bytes are searched for `<element`, and only the start tags found are made text.
 */
export async function scanAttributeValues(
  tree: FileTree,
  path: string,
  element: string,
  attribute: string,
): Promise<Set<string>> {
  const re = new RegExp(`<${element}\\b[^<>]*?\\s${attribute}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'y');
  const open = `<${element}`;
  const out = new Set<string>();
  let carry: Uint8Array | undefined;
  for await (const chunk of tree.stream(path)) {
    const buf = carry ? concat(carry, chunk) : chunk;
    const find = asciiSearch(buf);
    let end = 0;
    for (let at = find(open, 0); at >= 0; at = find(open, Math.max(at + 1, end))) {
      // the start tag as text, up to the next '<' (a value holds no '<' in well-formed XML)
      const next = find('<', at + 1);
      re.lastIndex = 0;
      const m = re.exec(byteText(buf.subarray(at, next < 0 ? buf.length : next)));
      if (!m) continue;
      end = at + re.lastIndex;
      let value = m[1] ?? m[2] ?? '';
      // Bytes over 127 are UTF-8 sequences: the value's bytes are decoded (it ends before the quote).
      if (/[^\0-\x7f]/.test(value)) value = utf8.decode(buf.subarray(end - 1 - value.length, end - 1));
      out.add(value.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e]!));
    }
    // a start tag cut by the chunk's end is looked at again with the next chunk (only one that may
    // be `<element`: copying every chunk's tail costs more than the scan)
    const last = buf.lastIndexOf(60);
    const tail =
      last >= end && buf.length - last < 65536 ? byteText(buf.subarray(last, last + open.length)) : '';
    carry = tail && open.startsWith(tail) ? buf.slice(last) : undefined;
  }
  return out;
}

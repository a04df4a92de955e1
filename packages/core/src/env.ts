/**
 * The one environment shim (as loaders.gl keeps one): Node's Buffer, where there is one, decodes and
 * searches bytes several times faster than TextDecoder; a browser has only TextDecoder and the plain
 * loops below. Every fast path on `globalThis.Buffer` lives here and nowhere else.
 */

interface NodeBufferView {
  toString(encoding: 'latin1' | 'utf8'): string;
  indexOf(value: string | Uint8Array, from: number, encoding?: 'latin1'): number;
}
interface NodeBufferClass {
  from(a: ArrayBufferLike, offset: number, length: number): NodeBufferView;
}

const NodeBuffer = (globalThis as { Buffer?: NodeBufferClass }).Buffer;
const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

const view = (b: Uint8Array): NodeBufferView => NodeBuffer!.from(b.buffer, b.byteOffset, b.byteLength);

/** True where Node's Buffer is there (the fast paths are taken). */
export const hasNodeBuffer: boolean = NodeBuffer !== undefined;

/** The bytes as one character per byte (exact for ASCII; a byte over 127 is one character too). */
export function latin1Text(b: Uint8Array): string {
  return NodeBuffer ? view(b).toString('latin1') : latin1.decode(b);
}

/** UTF-8 bytes as text (a BOM is kept: `decodeText` removes it). */
export function utf8Text(b: Uint8Array): string {
  return NodeBuffer ? view(b).toString('utf8') : utf8.decode(b);
}

/** Where the ASCII `needle` first is in `b` at or after `from`, or -1; no string is made of `b`. */
export function indexOfAscii(b: Uint8Array, needle: string, from = 0): number {
  if (NodeBuffer) return view(b).indexOf(needle, from, 'latin1');
  const n = needle.length;
  if (n === 0) return from <= b.length ? from : -1;
  const first = needle.charCodeAt(0);
  outer: for (let i = b.indexOf(first, from); i !== -1 && i + n <= b.length; i = b.indexOf(first, i + 1)) {
    for (let k = 1; k < n; k++) if (b[i + k] !== needle.charCodeAt(k)) continue outer;
    return i;
  }
  return -1;
}

import type { FileTree } from '@labelport/core';
import { concatBytes, indexOfAscii, latin1Text } from '@labelport/core/files';

/** Quick looks at the bytes of an XML file, without parsing it. */

/** True when the bytes of the file contain `needle` (ASCII), scanning chunk by chunk without parsing. */
export async function fileContains(tree: FileTree, path: string, needle: string): Promise<boolean> {
  let carry: Uint8Array | undefined;
  for await (const chunk of tree.stream(path)) {
    const buf = carry ? concatBytes([carry, chunk]) : chunk;
    if (indexOfAscii(buf, needle) >= 0) return true;
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
    const buf = carry ? concatBytes([carry, chunk]) : chunk;
    const find = (needle: string, from: number) => indexOfAscii(buf, needle, from);
    let end = 0;
    for (let at = find(open, 0); at >= 0; at = find(open, Math.max(at + 1, end))) {
      // the start tag as text, up to the next '<' (a value holds no '<' in well-formed XML)
      const next = find('<', at + 1);
      re.lastIndex = 0;
      const m = re.exec(latin1Text(buf.subarray(at, next < 0 ? buf.length : next)));
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
      last >= end && buf.length - last < 65536 ? latin1Text(buf.subarray(last, last + open.length)) : '';
    carry = tail && open.startsWith(tail) ? buf.slice(last) : undefined;
  }
  return out;
}

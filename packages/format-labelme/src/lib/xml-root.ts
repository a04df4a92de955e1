/**
 * The root element of an XML file, found past its prolog (declaration, comments, doctype,
 * processing instructions) however long that is: the file is read a piece at a time up to its first
 * start tag, never judged by a window of its first bytes.
 */
import type { FileTree } from '@labelport/core';
import { readRangeChunks } from '@labelport/core/json';

const PIECE = 4096;
const NAME_END = /[\s/>]/;

/** Where the prolog construct at `i` ends (past its closing), -1 when the text stops first. */
function skipConstruct(text: string, i: number): number {
  const close = (s: string) => {
    const at = text.indexOf(s, i);
    return at < 0 ? -1 : at + s.length;
  };
  if (text.startsWith('<?', i)) return close('?>');
  if (text.startsWith('<!--', i)) return close('-->');
  // <!DOCTYPE x [ ... ]>: an internal subset ends with ']>'
  const bracket = text.indexOf('[', i);
  const gt = text.indexOf('>', i);
  if (gt < 0) return -1;
  if (bracket >= 0 && bracket < gt) return close(']>');
  return gt + 1;
}

/** The root element's name; null when the text is not XML; undefined when more text is needed. */
export function rootAfterProlog(text: string): string | null | undefined {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) return undefined;
    if (text[i] !== '<') return null;
    if (i + 1 >= text.length) return undefined;
    const next = text[i + 1]!;
    if (next === '?' || next === '!') {
      i = skipConstruct(text, i);
      if (i < 0) return undefined;
      continue;
    }
    const rest = text.slice(i + 1);
    const end = rest.search(NAME_END);
    return end < 0 ? undefined : rest.slice(0, end);
  }
}

/** The root element's name of the XML file `path` (of `size` bytes), or undefined when it has none. */
export async function xmlRootName(tree: FileTree, path: string, size: number): Promise<string | undefined> {
  const decoder = new TextDecoder('utf-8');
  let text = '';
  for await (const piece of readRangeChunks(tree, path, 0, size, PIECE)) {
    text += decoder.decode(piece, { stream: true });
    const root = rootAfterProlog(text);
    if (root !== undefined) return root ?? undefined;
  }
  return rootAfterProlog(text + decoder.decode()) ?? undefined;
}

import { DatasetError, type FileTree } from '@labelport/core';
import { SaxesParser } from 'saxes';

/** One XML element held whole: the children of the root are built one at a time, then let go. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The text of a leaf element (elements with children keep no text). */
  text: string;
  /** The line of the element's start tag (1-based). */
  line: number;
}

export function child(el: XmlElement, name: string): XmlElement | undefined {
  for (const c of el.children) if (c.name === name) return c;
  return undefined;
}

export function childText(el: XmlElement, name: string): string | undefined {
  return child(el, name)?.text;
}

/** Every descendant called `name`, depth first, in document order. */
export function descendants(el: XmlElement, name: string, out: XmlElement[] = []): XmlElement[] {
  for (const c of el.children) {
    if (c.name === name) out.push(c);
    descendants(c, name, out);
  }
  return out;
}

export interface XmlStreamOptions {
  /** The root element's name; any other root is a DatasetError. */
  root: string;
  signal?: AbortSignal;
}

/**
 * Streams an XML file chunk by chunk through saxes and yields the root's children one at a time, each
 * built whole (with its subtree). Nothing else is kept: a 500 MB file of `<track>` elements is held one
 * track at a time. Syntax errors (an unclosed tag, a stray '<') are DatasetErrors naming the line and
 * column. Breaking out of the loop stops reading the file.
 */
export async function* streamXmlChildren(
  tree: FileTree,
  path: string,
  options: XmlStreamOptions,
): AsyncGenerator<XmlElement, void, undefined> {
  const parser = new SaxesParser({ position: true });
  const done: XmlElement[] = [];
  const stack: XmlElement[] = [];
  let depth = 0;
  let rootSeen = false;
  const fail = (message: string, line = parser.line, column = parser.column): never => {
    throw new DatasetError('bad-xml', message, { file: path, place: `line ${line}, column ${column}` });
  };
  parser.on('error', (e) => {
    const message = e.message.replace(/^\d+:\d+: /, '');
    fail(`invalid XML: ${message}`);
  });
  parser.on('opentag', (tag) => {
    depth++;
    if (depth === 1) {
      rootSeen = true;
      if (tag.name !== options.root) fail(`the root element is <${tag.name}>, expected <${options.root}>`);
      return;
    }
    const el: XmlElement = {
      name: tag.name,
      attrs: tag.attributes as Record<string, string>,
      children: [],
      text: '',
      line: parser.line,
    };
    if (stack.length > 0) stack[stack.length - 1]!.children.push(el);
    stack.push(el);
  });
  parser.on('closetag', () => {
    depth--;
    if (depth === 0) return;
    const el = stack.pop()!;
    if (el.children.length > 0) el.text = '';
    if (stack.length === 0) done.push(el);
  });
  const onText = (t: string) => {
    if (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.children.length === 0) top.text += t;
    }
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  const decoder = new TextDecoder('utf-8');
  let first = true;
  for await (const chunk of tree.stream(path)) {
    if (options.signal?.aborted) throw new DatasetError('aborted', 'reading was cancelled', { file: path });
    let text = decoder.decode(chunk, { stream: true });
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    parser.write(text);
    if (done.length > 0) {
      for (const el of done.splice(0)) yield el;
    }
  }
  const tail = decoder.decode();
  if (tail) parser.write(tail);
  if (!rootSeen) fail('the file has no XML root element (empty or not XML)');
  parser.close();
  for (const el of done.splice(0)) yield el;
}

/** True when the bytes of the file contain `needle` (ASCII), scanning chunk by chunk without parsing. */
export async function fileContains(tree: FileTree, path: string, needle: string): Promise<boolean> {
  const pattern = new TextEncoder().encode(needle);
  const first = pattern[0]!;
  let carry = new Uint8Array(0);
  for await (const chunk of tree.stream(path)) {
    let buf = chunk;
    if (carry.length > 0) {
      buf = new Uint8Array(carry.length + chunk.length);
      buf.set(carry, 0);
      buf.set(chunk, carry.length);
    }
    let i = buf.indexOf(first);
    while (i >= 0 && i + pattern.length <= buf.length) {
      let k = 1;
      while (k < pattern.length && buf[i + k] === pattern[k]) k++;
      if (k === pattern.length) return true;
      i = buf.indexOf(first, i + 1);
    }
    carry = buf.slice(Math.max(0, buf.length - pattern.length + 1));
  }
  return false;
}

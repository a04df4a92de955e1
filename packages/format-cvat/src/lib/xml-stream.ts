import { DatasetError, DEFAULT_LIMITS, type FileTree } from '@labelport/core';
import { SaxesParser } from 'saxes';
import { FastXml, type FastXmlHandlers, GIVE_UP } from './xml-fast.js';
import { decodeUtf8 } from './xml-scan.js';

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
  /**
   * Children of the root that are not built whole: for these an `open` event comes first, then
   * each of their children as it closes, then `close`. (A `<track>` of thousands of shapes is then
   * never held, only one shape at a time.)
   */
  split?: ReadonlySet<string>;
  signal?: AbortSignal;
  /** Read with saxes only (to check the fast tokenizer against it). */
  saxesOnly?: boolean;
}

const SLICE = 1 << 16;

export type XmlEvent =
  /** A child of the root, whole. */
  | { kind: 'element'; el: XmlElement }
  /** The start of a split child of the root (its children follow as `child` events). */
  | { kind: 'open'; el: XmlElement }
  | { kind: 'child'; el: XmlElement }
  | { kind: 'close'; el: XmlElement };

/** Builds the events of the root's children from the open, close and text calls of a tokenizer. */
class EventBuilder implements FastXmlHandlers {
  readonly done: XmlEvent[] = [];
  private readonly stack: XmlElement[] = [];
  depth = 0;
  /** The split element open at depth 2, if any: its children are handed out as they close. */
  private splitOpen: XmlElement | undefined;

  constructor(private readonly split: ReadonlySet<string> | undefined) {}

  open(name: string, attrs: Record<string, string>, line: number): void {
    const depth = ++this.depth;
    if (depth === 1) return;
    const el: XmlElement = { name, attrs, children: [], text: '', line };
    if (depth === 2 && this.split?.has(name)) {
      this.splitOpen = el;
      this.done.push({ kind: 'open', el });
      return;
    }
    const stack = this.stack;
    if (stack.length > 0) stack[stack.length - 1]!.children.push(el);
    stack.push(el);
  }

  close(): void {
    const depth = --this.depth;
    if (depth === 0) return;
    if (depth === 1 && this.splitOpen) {
      this.done.push({ kind: 'close', el: this.splitOpen });
      this.splitOpen = undefined;
      return;
    }
    const el = this.stack.pop()!;
    if (el.children.length > 0) el.text = '';
    if (this.stack.length === 0)
      this.done.push(this.splitOpen ? { kind: 'child', el } : { kind: 'element', el });
  }

  text(t: string): void {
    const stack = this.stack;
    if (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.children.length === 0) top.text += t;
    }
  }
}

/**
 * Streams an XML file chunk by chunk and yields the root's children (in batches, as each slice of
 * input completes them) one at a time, each built whole (with its subtree), or for `split` elements
 * child by child. Nothing else is kept. Plain XML goes through FastXml; a file it leaves (anything
 * else, errors included) is read again with saxes from the start, the events already handed out
 * skipped. Syntax errors (an unclosed tag, a stray '<') are DatasetErrors naming the line and column.
 * Breaking out of the loop stops reading the file.
 */
export async function* streamXml(
  tree: FileTree,
  path: string,
  options: XmlStreamOptions,
): AsyncGenerator<XmlEvent[], void, undefined> {
  let handedOut = 0;
  if (!options.saxesOnly) {
    try {
      for await (const batch of fastEvents(tree, path, options)) {
        handedOut += batch.length;
        yield batch;
      }
      return;
    } catch (e) {
      if (e !== GIVE_UP) throw e;
    }
  }
  let skip = handedOut;
  for await (const batch of saxesEvents(tree, path, options)) {
    if (skip >= batch.length) {
      skip -= batch.length;
      continue;
    }
    yield skip > 0 ? batch.slice(skip) : batch;
    skip = 0;
  }
}

async function* fastEvents(
  tree: FileTree,
  path: string,
  options: XmlStreamOptions,
): AsyncGenerator<XmlEvent[]> {
  const events = new EventBuilder(options.split);
  const tokenizer = new FastXml(events, options.root, DEFAULT_LIMITS.maxDepth);
  for await (const text of xmlTexts(tree, path, options.signal)) {
    tokenizer.feed(text);
    if (events.done.length > 0) yield events.done.splice(0);
  }
  tokenizer.end();
  if (events.done.length > 0) yield events.done.splice(0);
}

async function* saxesEvents(
  tree: FileTree,
  path: string,
  options: XmlStreamOptions,
): AsyncGenerator<XmlEvent[]> {
  const parser = new SaxesParser({ position: true });
  const events = new EventBuilder(options.split);
  let rootSeen = false;
  const fail = (message: string, line = parser.line, column = parser.column): never => {
    throw new DatasetError('bad-xml', message, { file: path, place: `line ${line}, column ${column}` });
  };
  parser.on('error', (e) => {
    const message = e.message.replace(/^\d+:\d+: /, '');
    fail(`invalid XML: ${message}`);
  });
  parser.on('opentag', (tag) => {
    // Elements are held (and walked) per record: a record nested 200,000 deep must not reach them.
    if (events.depth + 1 > DEFAULT_LIMITS.maxDepth) {
      throw new DatasetError(
        'too-large',
        `elements nested more than ${DEFAULT_LIMITS.maxDepth} deep (limits.maxDepth)`,
        { file: path, place: `line ${parser.line}` },
      );
    }
    if (events.depth === 0) {
      rootSeen = true;
      if (tag.name !== options.root) fail(`the root element is <${tag.name}>, expected <${options.root}>`);
    }
    events.open(tag.name, tag.attributes as Record<string, string>, parser.line);
  });
  parser.on('closetag', () => events.close());
  const onText = (t: string) => events.text(t);
  parser.on('text', onText);
  parser.on('cdata', onText);
  for await (const text of xmlTexts(tree, path, options.signal)) {
    parser.write(text);
    if (events.done.length > 0) yield events.done.splice(0);
  }
  if (!rootSeen) fail('the file has no XML root element (empty or not XML)');
  parser.close();
  if (events.done.length > 0) yield events.done.splice(0);
}

/**
 * The text of a file in slices of at most SLICE characters: few finished elements then wait at any
 * time (they die young instead of being promoted with the result).
 */
async function* xmlTexts(tree: FileTree, path: string, signal?: AbortSignal): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let first = true;
  let carry: Uint8Array | undefined;
  for await (const piece of tree.stream(path)) {
    if (signal?.aborted) throw new DatasetError('aborted', 'reading was cancelled', { file: path });
    // Whole UTF-8 sequences only (the rest waits for the next chunk): a plain decode is faster than
    // a streaming one, and an ASCII chunk is made a string faster still.
    let chunk = piece;
    if (carry) {
      chunk = new Uint8Array(carry.length + piece.length);
      chunk.set(carry, 0);
      chunk.set(piece, carry.length);
      carry = undefined;
    }
    const end = completeUtf8(chunk);
    if (end < chunk.length) carry = chunk.slice(end);
    let text = decodeUtf8(end < chunk.length ? chunk.subarray(0, end) : chunk, decoder);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    for (let i = 0; i < text.length; i += SLICE) yield text.length <= SLICE ? text : text.slice(i, i + SLICE);
  }
  if (carry) yield decoder.decode(carry);
}

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

/** The root's children, each whole: `streamXml` without splitting. */
export async function* streamXmlChildren(
  tree: FileTree,
  path: string,
  options: XmlStreamOptions,
): AsyncGenerator<XmlElement> {
  for await (const batch of streamXml(tree, path, { ...options, split: undefined })) {
    for (const ev of batch) if (ev.kind === 'element') yield ev.el;
  }
}

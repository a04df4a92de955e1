import type { FileTree } from '@labelport/core';
import { type XmlHandler, XmlTokenizer, xmlTextChunks } from '@labelport/core/files';

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
  /** Elements nested deeper are DatasetError 'too-large' (limits.maxDepth). */
  maxDepth?: number;
}

export type XmlEvent =
  /** A child of the root, whole. */
  | { kind: 'element'; el: XmlElement }
  /** The start of a split child of the root (its children follow as `child` events). */
  | { kind: 'open'; el: XmlElement }
  | { kind: 'child'; el: XmlElement }
  | { kind: 'close'; el: XmlElement };

/** Builds the events of the root's children from the tokens of core's XML tokenizer. */
class EventBuilder implements XmlHandler {
  readonly done: XmlEvent[] = [];
  private readonly stack: XmlElement[] = [];
  private depth = 0;
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
 * Streams an XML file chunk by chunk through core's tokenizer (strict XML 1.0) and yields the root's
 * children (in batches, as each slice of input completes them) one at a time, each built whole (with
 * its subtree), or for `split` elements child by child. Nothing else is kept. Malformed XML is
 * DatasetError 'bad-xml' naming the file, line and column. Breaking out of the loop stops reading.
 */
export async function* streamXml(
  tree: FileTree,
  path: string,
  options: XmlStreamOptions,
): AsyncGenerator<XmlEvent[], void, undefined> {
  const events = new EventBuilder(options.split);
  const tokenizer = new XmlTokenizer(events, {
    file: path,
    root: options.root,
    maxDepth: options.maxDepth,
    columns: true,
  });
  for await (const text of xmlTextChunks(tree, path)) {
    tokenizer.write(text);
    if (events.done.length > 0) yield events.done.splice(0);
  }
  tokenizer.close();
  if (events.done.length > 0) yield events.done.splice(0);
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

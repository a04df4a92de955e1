/**
 * A small XML element tree with line numbers, for the small annotation files of VOC, LabelMe and
 * KITTI raw, built from the tokens of the one XML tokenizer (`XmlTokenizer`, read tolerantly as such
 * files need: a tag's inside up to its '>', a bad reference left as written). It says where a file is
 * broken (a tag that does not close, a stray '<', text outside the root). Attributes are kept;
 * comments, processing instructions and doctypes are skipped (entities declared in a doctype are not
 * expanded, so no "billion laughs"); the predefined entities, character references and CDATA are
 * decoded. Nesting past `limits.maxDepth` is DatasetError 'too-large'. Streaming formats (CVAT) use
 * the tokenizer itself, strictly, over `xmlTextChunks`.
 */
import { type DatasetLimits, DEFAULT_LIMITS } from '../limits.js';
import { type XmlHandler, XmlTokenizer } from './xml-tokenizer.js';

export { xmlTextChunks } from './xml-chunks.js';
export { type XmlHandler, XmlTokenizer, type XmlTokenizerOptions } from './xml-tokenizer.js';

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (between its child elements), trimmed. */
  text: string;
  line: number;
}

/** Builds the tree from the tokens; no recursion, so depth costs no call stack. */
class TreeBuilder implements XmlHandler {
  root: XmlElement | undefined;
  private readonly stack: XmlElement[] = [];

  open(name: string, attributes: Record<string, string>, line: number): void {
    const el: XmlElement = { name, attributes, children: [], text: '', line };
    const stack = this.stack;
    if (stack.length > 0) stack[stack.length - 1]!.children.push(el);
    else this.root = el;
    stack.push(el);
  }

  close(): void {
    const el = this.stack.pop()!;
    el.text = el.text.trim();
  }

  text(text: string): void {
    this.stack[this.stack.length - 1]!.text += text;
  }
}

/**
 * The document's root element. Broken XML is a DatasetError 'bad-xml' naming the file and line;
 * elements nested deeper than `limits.maxDepth`, 'too-large'.
 */
export function parseXmlTree(xml: string, file: string, limits: DatasetLimits = DEFAULT_LIMITS): XmlElement {
  const tree = new TreeBuilder();
  const tokenizer = new XmlTokenizer(tree, { file, strict: false, maxDepth: limits.maxDepth });
  tokenizer.write(xml);
  tokenizer.close();
  return tree.root!;
}

export const xmlChild = (el: XmlElement, name: string): XmlElement | undefined =>
  el.children.find((c) => c.name === name);
export const xmlChildren = (el: XmlElement, name: string): XmlElement[] =>
  el.children.filter((c) => c.name === name);

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\n': '&#10;',
  '\r': '&#13;',
  '\t': '&#9;',
};
const escapeOne = (c: string) => ESCAPES[c]!;

/**
 * A value escaped for XML element content: `&`, `<` and `>` only, as lxml and Python's XMLGenerator
 * write text (quotes stay as they are). Takes any attribute value (a number or a boolean is written
 * as its text), so a writer given a non-string never fails with a TypeError.
 */
export function escapeXmlText(value: string | number | boolean): string {
  const s = String(value);
  return /[&<>]/.test(s) ? s.replace(/[&<>]/g, escapeOne) : s;
}

/**
 * A value escaped for a double-quoted XML attribute: `&`, `<`, `>`, `"`, and newlines and tabs as
 * character references so that they survive attribute-value normalisation (Python's `quoteattr`).
 */
export function escapeXmlAttribute(value: string | number | boolean): string {
  const s = String(value);
  return /[&<>"\n\r\t]/.test(s) ? s.replace(/[&<>"\n\r\t]/g, escapeOne) : s;
}

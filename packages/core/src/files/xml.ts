/**
 * A small, strict XML element tree with line numbers, for the small annotation files of VOC, LabelMe
 * and KITTI raw, built in one sticky-regex pass: about 10x faster than validating and building with
 * fast-xml-parser on such files (VOC2012 has 17,000 of them), and it says where a file is broken (a
 * tag that does not close, a stray '<', text outside the root). Attributes are kept; comments,
 * processing instructions and doctypes are skipped (entities declared in a doctype are not
 * expanded, so no "billion laughs"); the predefined entities, character references and CDATA are
 * decoded. Nesting past `limits.maxDepth` is DatasetError 'too-large'. Streaming formats (CVAT) use
 * saxes instead.
 */
import { DatasetError } from '../errors.js';
import { type DatasetLimits, DEFAULT_LIMITS } from '../limits.js';

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (between its child elements), trimmed. */
  text: string;
  line: number;
}

const TOKEN =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>|<(\/?)([A-Za-z_:][\w:.-]*)((?:\s+[^<>]*?)?)\s*(\/?)>|([^<]+)/y;
const ATTRIBUTE = /([A-Za-z_:][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITY = /&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (whole, e: string) => {
    switch (e) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default: {
        const cp = e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
        return cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
      }
    }
  });
}

function parseAttributes(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!s) return out;
  for (const m of s.matchAll(ATTRIBUTE)) out[m[1]!] = decodeEntities(m[2] ?? m[3] ?? '');
  return out;
}

/**
 * The document's root element. Broken XML is a DatasetError 'bad-xml' naming the file and line;
 * elements nested deeper than `limits.maxDepth`, 'too-large'. No recursion: the tree is built with
 * an explicit stack, so depth costs no call stack.
 */
export function parseXmlTree(xml: string, file: string, limits: DatasetLimits = DEFAULT_LIMITS): XmlElement {
  const doc: XmlElement = { name: '#document', attributes: {}, children: [], text: '', line: 1 };
  const stack: XmlElement[] = [doc];
  let line = 1;
  let counted = 0;
  const fail = (msg: string, code: 'bad-xml' | 'too-large' = 'bad-xml'): never => {
    throw new DatasetError(code, code === 'bad-xml' ? `invalid XML: ${msg}` : msg, {
      file,
      place: `line ${line}`,
    });
  };
  const re = new RegExp(TOKEN.source, 'y');
  while (re.lastIndex < xml.length) {
    const at = re.lastIndex;
    const m = re.exec(xml);
    for (let i = counted; i < (m ? m.index : at); i++) if (xml.charCodeAt(i) === 10) line++;
    counted = m ? m.index : at;
    if (!m) return fail(`unexpected '${xml.slice(at, at + 10).split('\n')[0]}'`);
    const top = stack[stack.length - 1]!;
    if (m[6] !== undefined) {
      if (top === doc) {
        if (m[6].trim() !== '') fail('text outside the root element');
      } else top.text += decodeEntities(m[6]);
    } else if (m[1] !== undefined) top.text += m[1];
    else if (m[3] !== undefined) {
      if (m[2] === '/') {
        if (top === doc || top.name !== m[3])
          fail(
            top === doc ? `</${m[3]}> closes nothing` : `</${m[3]}> closes <${top.name}> (line ${top.line})`,
          );
        top.text = top.text.trim();
        stack.pop();
      } else {
        if (top === doc && doc.children.length) fail(`a second root element <${m[3]}>`);
        const el: XmlElement = {
          name: m[3],
          attributes: parseAttributes(m[4]!),
          children: [],
          text: '',
          line,
        };
        top.children.push(el);
        if (m[5] !== '/') {
          stack.push(el);
          if (stack.length - 1 > limits.maxDepth)
            fail(`elements nested more than ${limits.maxDepth} deep (limits.maxDepth)`, 'too-large');
        }
      }
    }
  }
  for (let i = counted; i < xml.length; i++) if (xml.charCodeAt(i) === 10) line++;
  const open = stack[stack.length - 1]!;
  if (stack.length > 1) fail(`<${open.name}> (line ${open.line}) is not closed at the end of the file`);
  if (!doc.children.length) fail('no root element');
  return doc.children[0]!;
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

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
/** XML name characters as TOKEN's tag names take them: [A-Za-z_:] first, then [\w:.-]. */
const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58;
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 45;
/** A tag's inside (between '<' and '>'): the same as TOKEN's tag alternative, for the fast path. */
const SIMPLE_TAG = /^(\/?)([A-Za-z_:][\w:.-]*)((?:\s+[^<>]*?)?)\s*(\/?)$/;
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
  const openTag = (top: XmlElement, name: string, attrs: string, selfClosing: boolean) => {
    if (top === doc && doc.children.length) fail(`a second root element <${name}>`);
    const el: XmlElement = { name, attributes: parseAttributes(attrs), children: [], text: '', line };
    top.children.push(el);
    if (!selfClosing) {
      stack.push(el);
      if (stack.length - 1 > limits.maxDepth)
        fail(`elements nested more than ${limits.maxDepth} deep (limits.maxDepth)`, 'too-large');
    }
  };
  const closeTag = (top: XmlElement, name: string) => {
    if (top === doc || top.name !== name)
      fail(top === doc ? `</${name}> closes nothing` : `</${name}> closes <${top.name}> (line ${top.line})`);
    top.text = top.text.trim();
    stack.pop();
  };
  const addText = (top: XmlElement, text: string) => {
    if (top !== doc) top.text += decodeEntities(text);
    else if (text.trim() !== '') fail('text outside the root element');
  };
  let pos = 0;
  while (pos < xml.length) {
    const top = stack[stack.length - 1]!;
    // the common tokens (text, and tags without '<' or '>' inside) found with indexOf; the rest
    // (comments, CDATA, doctypes, processing instructions, anything odd) with the token regex
    if (xml.charCodeAt(pos) !== 60) {
      let end = xml.indexOf('<', pos);
      if (end < 0) end = xml.length;
      for (let i = counted; i < pos; i++) if (xml.charCodeAt(i) === 10) line++;
      counted = pos;
      addText(top, xml.slice(pos, end));
      pos = end;
      continue;
    }
    const tag = quickTag(xml, pos);
    if (tag) {
      for (let k = counted; k < pos; k++) if (xml.charCodeAt(k) === 10) line++;
      counted = pos;
      if (tag.closing) closeTag(top, tag.name);
      else openTag(top, tag.name, tag.attributes, tag.selfClosing);
      pos = tag.end + 1;
      continue;
    }
    re.lastIndex = pos;
    const m = re.exec(xml);
    for (let i = counted; i < (m ? m.index : pos); i++) if (xml.charCodeAt(i) === 10) line++;
    counted = m ? m.index : pos;
    if (!m) return fail(`unexpected '${xml.slice(pos, pos + 10).split('\n')[0]}'`);
    pos = re.lastIndex;
    if (m[6] !== undefined) addText(top, m[6]);
    else if (m[1] !== undefined) top.text += m[1];
    else if (m[3] !== undefined) {
      if (m[2] === '/') closeTag(top, m[3]);
      else openTag(top, m[3], m[4]!, m[5] === '/');
    }
  }
  for (let i = counted; i < xml.length; i++) if (xml.charCodeAt(i) === 10) line++;
  const open = stack[stack.length - 1]!;
  if (stack.length > 1) fail(`<${open.name}> (line ${open.line}) is not closed at the end of the file`);
  if (!doc.children.length) fail('no root element');
  return doc.children[0]!;
}

/**
 * The tag at `pos` (a '<'), read without the token regex: a bare one (<name>, </name>, <name/>) by
 * hand, one with attributes through SIMPLE_TAG; undefined for anything else (comments, CDATA,
 * doctypes, processing instructions, broken tags), which the token regex then takes.
 */
function quickTag(
  xml: string,
  pos: number,
): { closing: boolean; name: string; attributes: string; selfClosing: boolean; end: number } | undefined {
  const next = xml.charCodeAt(pos + 1);
  if (next === 33 || next === 63) return undefined;
  const closing = next === 47;
  let i = closing ? pos + 2 : pos + 1;
  const nameStart = i;
  if (isNameStart(xml.charCodeAt(i))) while (isNameChar(xml.charCodeAt(++i)));
  const after = xml.charCodeAt(i);
  if (i > nameStart && (after === 62 || (after === 47 && xml.charCodeAt(i + 1) === 62))) {
    const name = xml.slice(nameStart, i);
    return { closing, name, attributes: '', selfClosing: after === 47, end: after === 62 ? i : i + 1 };
  }
  const end = xml.indexOf('>', pos);
  const m = end < 0 ? null : SIMPLE_TAG.exec(xml.slice(pos + 1, end));
  if (!m) return undefined;
  return { closing: m[1] === '/', name: m[2]!, attributes: m[3]!, selfClosing: m[4] === '/', end };
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

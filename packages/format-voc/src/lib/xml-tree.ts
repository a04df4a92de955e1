/**
 * A small, strict element tree for VOC annotation files, built in one sticky-regex pass with line
 * numbers: about 10x faster than validating and building with fast-xml-parser on these small files
 * (VOC2012 has 17,000 of them), and it says where a file is broken (a tag that does not close, a
 * stray '<', text outside the root). Attributes, comments, processing instructions and doctypes are
 * skipped; entities and CDATA are decoded.
 */
import { DatasetError } from '@labelport/core';

export interface XmlElement {
  name: string;
  children: XmlElement[];
  /** The element's own text (between its child elements), trimmed. */
  text: string;
  line: number;
}

const TOKEN =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>|<(\/?)([A-Za-z_:][\w:.-]*)(?:\s+[^<>]*?)?\s*(\/?)>|([^<]+)/y;
const ENTITY = /&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (_, e: string) => {
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
      default:
        return String.fromCodePoint(e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)));
    }
  });
}

/** The document's root element. Broken XML is a DatasetError naming the file and line. */
export function parseXmlTree(xml: string, file: string): XmlElement {
  const doc: XmlElement = { name: '#document', children: [], text: '', line: 1 };
  const stack: XmlElement[] = [doc];
  let line = 1;
  let counted = 0;
  const fail = (msg: string): never => {
    throw new DatasetError('bad-xml', `invalid XML: ${msg}`, { file, place: `line ${line}` });
  };
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < xml.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(xml);
    for (let i = counted; i < (m ? m.index : at); i++) if (xml.charCodeAt(i) === 10) line++;
    counted = m ? m.index : at;
    if (!m) fail(`unexpected '${xml.slice(at, at + 10).split('\n')[0]}'`);
    const top = stack[stack.length - 1];
    if (m![5] !== undefined) {
      if (top === doc) {
        if (m![5].trim() !== '') fail('text outside the root element');
      } else top.text += decodeEntities(m![5]);
    } else if (m![1] !== undefined) top.text += m![1];
    else if (m![3] !== undefined) {
      if (m![2] === '/') {
        if (top === doc || top.name !== m![3])
          fail(
            top === doc
              ? `</${m![3]}> closes nothing`
              : `</${m![3]}> closes <${top.name}> (line ${top.line})`,
          );
        top.text = top.text.trim();
        stack.pop();
      } else {
        if (top === doc && doc.children.length) fail(`a second root element <${m![3]}>`);
        const el: XmlElement = { name: m![3], children: [], text: '', line };
        top.children.push(el);
        if (m![4] !== '/') stack.push(el);
      }
    }
  }
  for (let i = counted; i < xml.length; i++) if (xml.charCodeAt(i) === 10) line++;
  if (stack.length > 1)
    fail(
      `<${stack[stack.length - 1].name}> (line ${stack[stack.length - 1].line}) is not closed at the end of the file`,
    );
  if (!doc.children.length) fail('no root element');
  return doc.children[0];
}

export const child = (el: XmlElement, name: string): XmlElement | undefined =>
  el.children.find((c) => c.name === name);
export const childrenNamed = (el: XmlElement, name: string): XmlElement[] =>
  el.children.filter((c) => c.name === name);

import { describe, expect, it } from 'vitest';
import { parseXmlTree, type XmlElement } from '../../src/files/xml.js';

/**
 * The parser's reference: one sticky token regex for everything (what parseXmlTree did before its
 * indexOf fast path), with the same tree building. Both must give the same tree or the same error.
 */
const TOKEN =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>|<(\/?)([A-Za-z_:][\w:.-]*)((?:\s+[^<>]*?)?)\s*(\/?)>|([^<]+)/y;

function referenceShape(xml: string): string {
  const stack: { name: string; children: unknown[]; text: string; line: number }[] = [
    { name: '#doc', children: [], text: '', line: 1 },
  ];
  let line = 1;
  let counted = 0;
  const re = new RegExp(TOKEN.source, 'y');
  while (re.lastIndex < xml.length) {
    const at = re.lastIndex;
    const m = re.exec(xml);
    for (let i = counted; i < (m ? m.index : at); i++) if (xml.charCodeAt(i) === 10) line++;
    counted = m ? m.index : at;
    if (!m) return `error line ${line}`;
    const top = stack[stack.length - 1]!;
    if (m[6] !== undefined) {
      if (stack.length === 1) {
        if (m[6].trim() !== '') return `error line ${line}`;
      } else top.text += m[6];
    } else if (m[1] !== undefined) top.text += m[1];
    else if (m[3] !== undefined) {
      if (m[2] === '/') {
        if (stack.length === 1 || top.name !== m[3]) return `error line ${line}`;
        stack.pop();
      } else {
        if (stack.length === 1 && stack[0]!.children.length) return `error line ${line}`;
        const el = { name: m[3], attrs: m[4]!.trim(), children: [], text: '', line };
        top.children.push(el);
        if (m[5] !== '/') stack.push(el);
      }
    }
  }
  if (stack.length > 1 || !stack[0]!.children.length) return 'error at the end';
  return JSON.stringify(stack[0]!.children[0], (k, v) =>
    k === 'text'
      ? v
          .replace(/&(lt|gt|amp|quot|apos);/g, '')
          .replace(/[&<>"']/g, '')
          .trim()
      : k === 'attrs'
        ? undefined
        : v,
  );
}

function shape(xml: string): string {
  let root: XmlElement;
  try {
    root = parseXmlTree(xml, 'x.xml');
  } catch (e) {
    const m = /line (\d+)/.exec(JSON.stringify(e)) ?? /line (\d+)/.exec(String(e));
    if (/is not closed at the end|no root element/.test(String(e))) return 'error at the end';
    return `error line ${m?.[1]}`;
  }
  const strip = (el: XmlElement): unknown => ({
    name: el.name,
    children: el.children.map(strip),
    text: el.text.replace(/[&<>"']/g, ''),
    line: el.line,
  });
  return JSON.stringify(strip(root), (k, v) => (k === 'text' ? v.trim() : v));
}

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = [
  '<a>',
  '</a>',
  '<b>',
  '</b>',
  '<a/>',
  '<b />',
  '<a x="1">',
  '<b y=\'2\' z="3">',
  '</a >',
  '<a\n>',
  'text',
  ' ',
  '\n',
  '<!-- c -->',
  '<![CDATA[x<y]]>',
  '<?pi x?>',
  '&lt;',
  '<1>',
  '< a>',
  '<a',
  '>',
  '</>',
  '<a/ >',
  '<_:x.y-z>',
  '</_:x.y-z>',
  '<a b>',
  '</a/>',
];

describe('parseXmlTree fast path', () => {
  it("gives the token regex parser's tree or error on random documents", () => {
    const rnd = random(3);
    for (let c = 0; c < 3000; c++) {
      const n = 1 + Math.floor(rnd() * 12);
      let xml = '';
      for (let j = 0; j < n; j++) xml += PIECES[Math.floor(rnd() * PIECES.length)];
      const wrapped = rnd() < 0.7 ? `<r>${xml}</r>` : xml;
      expect(shape(wrapped), JSON.stringify(wrapped)).toBe(referenceShape(wrapped));
    }
  });
});

// CVAT reads its XML with core's tokenizer (strict XML 1.0). saxes, a conforming streaming parser, is
// the reference here (a test dependency only): the same elements, attributes and text on good files,
// an error on the files it refuses, whatever the chunks the file comes in.
import { isDatasetError } from '@labelport/core';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { streamXml, type XmlElement } from '../src/lib/xml-stream.js';
import { chunkedTree, IMAGES_XML, VIDEO_XML, withImage } from './samples.js';

/** Plain XML as CVAT writes it. */
const PLAIN = `<?xml version="1.0" encoding="utf-8"?>
<annotations>
  <version>1.1</version>
  <meta><task><labels><label><name>car</name><attributes></attributes></label></labels></task></meta>
  <image id="0" name="a.jpg" width="4"
         height="4">
    <box label="car" occluded="0" xtl="1" ytl="1.5" xbr="3" ybr="2" z_order="0"/>
    <polygon label='car' points="0,0;1,1;2,0" ></polygon >
    <tag label="car"><attribute name="note">some text</attribute><attribute name="e"></attribute></tag>
  </image>
  <track id="1" label="car"><box frame="0" xtl="1" ytl="1" xbr="2" ybr="2" outside="0" occluded="0" keyframe="1"/>
  </track>
</annotations>
`;

const SPLIT = new Set(['track']);

/** An element as JSON without its line (saxes places a tag at its end, the tokenizer at its '<'). */
const shape = (el: XmlElement): unknown => ({
  name: el.name,
  attrs: { ...el.attrs },
  text: el.text,
  children: el.children.map(shape),
});

/** The events of a file as JSON, or 'error: <message>'. */
async function events(text: string, step: number, split?: ReadonlySet<string>): Promise<string> {
  const out: unknown[] = [];
  const tree = chunkedTree('a.xml', new TextEncoder().encode(text), step);
  try {
    for await (const batch of streamXml(tree, 'a.xml', { root: 'annotations', split }))
      for (const ev of batch) out.push({ kind: ev.kind, el: shape(ev.el) });
  } catch (e) {
    if (!isDatasetError(e)) throw e;
    return `error: ${e.message}`; // the events before it depend on how the file comes in chunks
  }
  return JSON.stringify(out);
}

/** The same events built from saxes' (the reference), or 'error'. */
function saxesEvents(text: string, split?: ReadonlySet<string>): string {
  const parser = new SaxesParser();
  const out: unknown[] = [];
  const stack: XmlElement[] = [];
  let depth = 0;
  let splitOpen = false;
  let rootOk = true;
  parser.on('opentag', (tag) => {
    depth++;
    if (depth === 1) rootOk = tag.name === 'annotations';
    if (depth === 1) return;
    const el: XmlElement = {
      name: tag.name,
      attrs: { ...tag.attributes } as Record<string, string>,
      children: [],
      text: '',
      line: 0,
    };
    if (depth === 2 && split?.has(tag.name)) {
      splitOpen = true;
      out.push({ kind: 'open', el: shape(el) });
      return;
    }
    if (stack.length > 0) stack[stack.length - 1]!.children.push(el);
    stack.push(el);
  });
  parser.on('closetag', (tag) => {
    depth--;
    if (depth === 0) return;
    if (depth === 1 && splitOpen) {
      splitOpen = false;
      out.push({
        kind: 'close',
        el: shape({
          name: tag.name,
          attrs: { ...tag.attributes } as Record<string, string>,
          children: [],
          text: '',
          line: 0,
        }),
      });
      return;
    }
    const el = stack.pop()!;
    if (el.children.length > 0) el.text = '';
    if (stack.length === 0) out.push({ kind: splitOpen ? 'child' : 'element', el: shape(el) });
  });
  const onText = (t: string) => {
    const top = stack[stack.length - 1];
    if (top && top.children.length === 0) top.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  try {
    parser.write(text).close();
  } catch {
    return 'error';
  }
  return rootOk ? JSON.stringify(out) : 'error';
}

const docs: [string, string][] = [
  ['plain', PLAIN],
  ['images', IMAGES_XML],
  ['video', VIDEO_XML],
  [
    'entities and a comment later on',
    PLAIN.replace('some text', 'a &amp; b &#x263A; &#65;').replace('</track>', '<!-- x --></track>'),
  ],
  [
    'CDATA, a processing instruction, a doctype',
    PLAIN.replace('some text', 'a <![CDATA[<b> & ]]> c<?pi x?>').replace(
      '<annotations>',
      '<!DOCTYPE annotations [ <!ELEMENT annotations ANY> ]>\n<annotations>',
    ),
  ],
  ['characters past ASCII', PLAIN.replace('some text', 'café ☺ 𝄞').replace('a.jpg', 'é.jpg')],
  ['CR LF line ends', PLAIN.replace(/\n/g, '\r\n').replace('some text', 'two\r\nlines\rhere')],
  ['a tag left open', PLAIN.replace('</tag>', '')],
  ['a stray <', PLAIN.replace('some text', 'a < b')],
  ['a stray &', PLAIN.replace('some text', 'a & b')],
  ['an undefined entity', PLAIN.replace('some text', 'a &nbsp; b')],
  ['a duplicate attribute', PLAIN.replace('z_order="0"', 'z_order="0" z_order="1"')],
  ['attributes not parted', PLAIN.replace('xtl="1" ytl', 'xtl="1"ytl')],
  ['an unquoted value', PLAIN.replace('xtl="1"', 'xtl=1')],
  ['a < in a value', PLAIN.replace('a.jpg', 'a<b.jpg')],
  ['a cut file', PLAIN.slice(0, -30)],
  ['another root', PLAIN.replace(/annotations>/g, 'other>')],
  ['text after the root', `${PLAIN}x`],
  ['a second root', `${PLAIN}<annotations/>`],
  ['no declaration', PLAIN.replace(/^<\?xml[^>]*>\n/, '')],
  ['a declaration later', PLAIN.replace('<version>', '<?xml version="1.0"?><version>')],
  ['a bad declaration', PLAIN.replace('version="1.0"', 'version="one"')],
  [']]> in text', PLAIN.replace('some text', 'a ]]> b')],
  ['-- in a comment', PLAIN.replace('</track>', '<!-- a -- b --></track>')],
  ['a control character', PLAIN.replace('some text', 'a \u0001 b')],
  ['a shape', withImage('    <box label="car" xtl="0" ytl="0" xbr="1" ybr="1">')],
  [
    'values with a newline, a tab, an entity',
    PLAIN.replace('0,0;1,1;2,0', '0,0;\n1,1;\t2,0&#10;').replace('a.jpg', 'a&amp;b.jpg'),
  ],
  ['a newline between attributes, then in a value', PLAIN.replace('points="0,0', '\n points="0,0\n')],
  [
    'attributes named as Object.prototype members',
    PLAIN.replace('z_order="0"', 'constructor="1" __proto__="2" toString="3"'),
  ],
];

describe("CVAT's XML through core's tokenizer", () => {
  for (const [name, text] of docs) {
    it(`gives what saxes gives, in chunks of any size: ${name}`, async () => {
      for (const split of [undefined, SPLIT]) {
        const expected = saxesEvents(text, split);
        const whole = await events(text, 1 << 20, split);
        if (expected === 'error')
          expect(whole).toMatch(/^error: a\.xml: line \d+, column \d+: invalid XML: /);
        else expect(whole).toBe(expected);
        for (const step of [1, 3, 16]) expect(await events(text, step, split)).toBe(whole);
      }
    });
  }

  it('places an element at the line of its <, and an error at its line and column', async () => {
    const lines: [string, number][] = [];
    const tree = chunkedTree('a.xml', new TextEncoder().encode(PLAIN), 7);
    for await (const batch of streamXml(tree, 'a.xml', { root: 'annotations' }))
      for (const ev of batch) lines.push([ev.el.name, ev.el.line]);
    expect(lines).toEqual([
      ['version', 3],
      ['meta', 4],
      ['image', 5],
      ['track', 11],
    ]);
    expect(await events(PLAIN.replace('xtl="1" ytl', 'xtl="1"ytl'), 5)).toBe(
      'error: a.xml: line 7, column 42: invalid XML: the attributes of <box> must be parted by white space',
    );
    expect(await events(PLAIN.replace('some text', 'a &nbsp; b'), 5)).toMatch(
      /^error: a\.xml: line 9, column 47: invalid XML: the entity '&nbsp;' is not defined/,
    );
    expect(await events(PLAIN.replace('</tag>', ''), 5)).toBe(
      'error: a.xml: line 10, column 3: invalid XML: </image> closes <tag> (line 9)',
    );
  });
});

/** Random documents from pieces that are fine or broken: the tokenizer accepts what saxes accepts. */
const PIECES = [
  '<a>',
  '</a>',
  '<b x="1">',
  '</b>',
  '<a/>',
  '<b y=\'2\' z="3"/>',
  '</a >',
  '<a\n>',
  'text',
  ' ',
  '\n',
  '<!-- c -->',
  '<![CDATA[x<y]]>',
  '<?pi x?>',
  '&lt;',
  '&#65;',
  '&bad;',
  '&',
  ']]>',
  '<1>',
  '< a>',
  '<a',
  '>',
  '</>',
  '<a/ >',
  '<_:x.y-z>',
  '</_:x.y-z>',
  '<a b>',
  '<a b="1"c="2">',
  '<a b="1" b="2">',
  '"',
  '\r\n',
  '<é>',
  '</é>',
  '<!-->',
  '<!---->',
  '<?xml version="1.0"?>',
  '<!DOCTYPE a>',
];

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

describe('the tokenizer against saxes on random documents', () => {
  it('accepts and refuses the same documents, with the same elements', async () => {
    const rnd = random(7);
    for (let c = 0; c < 1500; c++) {
      let xml = '';
      for (let j = 1 + Math.floor(rnd() * 8); j > 0; j--) xml += PIECES[Math.floor(rnd() * PIECES.length)];
      const doc = rnd() < 0.8 ? `<annotations>${xml}</annotations>` : xml;
      const expected = saxesEvents(doc);
      const got = await events(doc, 1 << 20);
      if (expected === 'error') expect(got, JSON.stringify(doc)).toMatch(/^error: /);
      else expect(got, JSON.stringify(doc)).toBe(expected);
      expect(await events(doc, 2), JSON.stringify(doc)).toBe(got);
    }
  });
});

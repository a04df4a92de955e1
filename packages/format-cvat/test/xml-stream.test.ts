import { isDatasetError } from '@labelport/core';
import { describe, expect, it } from 'vitest';
import { FastXml, GIVE_UP } from '../src/lib/xml-fast.js';
import { streamXml, type XmlStreamOptions } from '../src/lib/xml-stream.js';
import { chunkedTree, IMAGES_XML, VIDEO_XML, withImage } from './samples.js';

/** Plain XML as CVAT writes it: what the fast tokenizer reads by itself. */
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

/** The events of a file as JSON, or its error's message. */
async function events(text: string, step: number, options: Partial<XmlStreamOptions>): Promise<string> {
  const out: unknown[] = [];
  try {
    for await (const batch of streamXml(chunkedTree('a.xml', new TextEncoder().encode(text), step), 'a.xml', {
      root: 'annotations',
      ...options,
    }))
      for (const ev of batch) out.push({ ...ev, el: { ...ev.el, attrs: { ...ev.el.attrs } } });
  } catch (e) {
    if (!isDatasetError(e)) throw e;
    return e.message; // the events before it depend on how the file comes in chunks
  }
  return JSON.stringify(out);
}

describe('the fast XML tokenizer', () => {
  it('reads plain XML by itself', () => {
    const tokenizer = new FastXml({ open() {}, close() {}, text() {} }, 'annotations', 100);
    tokenizer.feed(PLAIN);
    expect(() => tokenizer.end()).not.toThrow();
    for (const other of ['<!-- c -->', '&amp;', '<![CDATA[x]]>', 'caf\u00e9', '\r\n'])
      expect(() =>
        new FastXml({ open() {}, close() {}, text() {} }, 'annotations', 100).feed(`${PLAIN}${other}`),
      ).toThrow(GIVE_UP);
  });

  const docs: [string, string][] = [
    ['plain', PLAIN],
    ['images', IMAGES_XML],
    ['video', VIDEO_XML],
    [
      'entities and a comment later on',
      PLAIN.replace('some text', 'a &amp; b').replace('</track>', '<!-- x --></track>'),
    ],
    ['a tag left open', PLAIN.replace('</tag>', '')],
    ['a stray <', PLAIN.replace('some text', 'a < b')],
    ['a duplicate attribute', PLAIN.replace('z_order="0"', 'z_order="0" z_order="1"')],
    ['attributes not parted', PLAIN.replace('xtl="1" ytl', 'xtl="1"ytl')],
    ['a cut file', PLAIN.slice(0, -30)],
    ['another root', PLAIN.replace(/annotations>/g, 'other>')],
    ['text after the root', `${PLAIN}x`],
    ['a second root', `${PLAIN}<annotations/>`],
    ['no declaration', PLAIN.replace(/^<\?xml[^>]*>\n/, '')],
    ['a declaration later', PLAIN.replace('<version>', '<?xml version="1.0"?><version>')],
    ['a shape', withImage('    <box label="car" xtl="0" ytl="0" xbr="1" ybr="1">')],
    [
      'values with a newline, a tab, an entity',
      PLAIN.replace('0,0;1,1;2,0', '0,0;\n1,1;\t2,0').replace('a.jpg', 'a&amp;b.jpg'),
    ],
    ['a newline between attributes, then in a value', PLAIN.replace('points="0,0', '\n points="0,0\n')],
  ];
  for (const [name, text] of docs) {
    it(`gives what saxes gives: ${name}`, async () => {
      const expected = await events(text, 1 << 20, { saxesOnly: true });
      for (const step of [1, 3, 16, 1 << 20]) {
        expect(await events(text, step, {})).toBe(expected);
        expect(await events(text, step, { split: new Set(['track']) })).toBe(
          await events(text, 1 << 20, { split: new Set(['track']), saxesOnly: true }),
        );
      }
    });
  }
});

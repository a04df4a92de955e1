import { describe, expect, it } from 'vitest';
import { isDatasetError } from '../../src/errors.js';
import { memoryTree } from '../../src/files/memory.js';
import {
  type XmlHandler,
  XmlTokenizer,
  type XmlTokenizerOptions,
  xmlTextChunks,
} from '../../src/files/xml.js';

/** The tokens of a document fed `step` characters at a time, as text, or 'error: <message>'. */
function tokens(xml: string, step = 1 << 20, options: Partial<XmlTokenizerOptions> = {}): string {
  const out: string[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push(JSON.stringify(text));
    text = '';
  };
  const handler: XmlHandler = {
    open(name, attributes, line) {
      flush();
      out.push(
        `<${name}${Object.entries(attributes)
          .map(([k, v]) => ` ${k}=${JSON.stringify(v)}`)
          .join('')}>@${line}`,
      );
    },
    close(name) {
      flush();
      out.push(`</${name}>`);
    },
    text(t) {
      text += t;
    },
  };
  const tokenizer = new XmlTokenizer(handler, { file: 'a.xml', columns: true, ...options });
  try {
    for (let i = 0; i < xml.length; i += step) tokenizer.write(xml.slice(i, i + step));
    tokenizer.close();
  } catch (e) {
    if (!isDatasetError(e)) throw e;
    return `error: ${e.message}`;
  }
  return out.join(' ');
}

/** The same tokens (or error) whatever the chunks. */
function inChunks(xml: string, options: Partial<XmlTokenizerOptions> = {}): string {
  const whole = tokens(xml, 1 << 20, options);
  for (const step of [1, 2, 5, 13]) expect(tokens(xml, step, options), `step ${step}`).toBe(whole);
  return whole;
}

describe('XmlTokenizer (strict)', () => {
  it('hands out tags, attributes and text, with the line of each start tag', () => {
    expect(
      inChunks(
        '<?xml version="1.0" encoding="utf-8"?>\n<!-- c -->\n<r a="1" b=\'x &amp; y\'>\n  <e/>t&lt;&#x263A;&#65;<![CDATA[<c>]]>\n<f\n g="2"></f></r>\n',
      ),
    ).toBe('<r a="1" b="x & y">@3 "\\n  " <e>@4 </e> "t<☺A<c>\\n" <f g="2">@5 </f> </r>');
  });

  it('normalises CR LF and CR to LF, and tabs and LFs in values to spaces (not their references)', () => {
    expect(inChunks('<r a="x\ty\r\nz&#10;">a\r\nb\rc</r>')).toBe('<r a="x y z\\n">@1 "a\\nb\\nc" </r>');
    expect(inChunks('\uFEFF<r/>')).toBe('<r>@1 </r>');
  });

  it('keeps attributes named as members of Object.prototype as attributes', () => {
    const seen: Record<string, string>[] = [];
    const t = new XmlTokenizer({ open: (_, a) => seen.push(a), close() {}, text() {} }, { file: 'a.xml' });
    t.write('<r __proto__="1" constructor="2" toString="3"/>');
    t.close();
    expect(Object.entries(seen[0]!)).toEqual([
      ['__proto__', '1'],
      ['constructor', '2'],
      ['toString', '3'],
    ]);
    expect(Object.getPrototypeOf(seen[0])).toBe(Object.prototype);
  });

  it('says what is wrong, at which line and column, the same however the text comes', () => {
    const cases: [string, string][] = [
      ['<r>\n  <a></b></r>', 'line 2, column 6: invalid XML: </b> closes <a> (line 2)'],
      [
        '<r x="1"y="2"/>',
        'line 1, column 9: invalid XML: the attributes of <r> must be parted by white space',
      ],
      ['<r x="1" x="2"/>', "line 1, column 10: invalid XML: attribute 'x' of <r> is given twice"],
      ['<r x=1/>', "line 1, column 6: invalid XML: the value of attribute 'x' of <r> must be quoted"],
      ['<r x="<"/>', "line 1, column 7: invalid XML: '<' in the value of attribute 'x' of <r> (write &lt;)"],
      ['<r>a & b</r>', "line 1, column 6: invalid XML: '&' must start a reference such as &amp; (got '& ')"],
      [
        '<r>&nbsp;</r>',
        "line 1, column 4: invalid XML: the entity '&nbsp;' is not defined (only &lt; &gt; &amp; &quot; &apos; are)",
      ],
      ['<r>&#0;</r>', "line 1, column 4: invalid XML: '&#0;' is not a character XML allows"],
      ['<r>a]]>b</r>', "line 1, column 5: invalid XML: ']]>' is not allowed in text (write ]]&gt;)"],
      ['<r><!-- a -- b --></r>', "line 1, column 11: invalid XML: '--' is not allowed inside a comment"],
      ['<r>\u0001</r>', 'line 1, column 4: invalid XML: the character U+0001 is not allowed in XML'],
      [
        '<r/>\n<?xml version="1.0"?>',
        'line 2, column 1: invalid XML: the XML declaration (<?xml ...?>) must come first in the file',
      ],
      [
        '<?xml version="one"?><r/>',
        `line 1, column 1: invalid XML: the XML declaration '<?xml version="one"?>' is malformed`,
      ],
      ['<r/>x', 'line 1, column 5: invalid XML: text outside the root element'],
      ['<r/><r/>', 'line 1, column 5: invalid XML: a second root element <r>'],
      ['<r><![CDATA[x]]></r><![CDATA[y]]>', 'line 1, column 21: invalid XML: CDATA outside the root element'],
      ['<r>\n<a>', 'line 2, column 4: invalid XML: <a> (line 2) is not closed at the end of the file'],
      ['<r><a x="1', `line 1, column 4: invalid XML: '<a x="1' is cut off by the end of the file`],
      ['', 'line 1, column 1: invalid XML: no root element (the file is empty or not XML)'],
      ['<r>< a/></r>', "line 1, column 4: invalid XML: '<' must start a tag (write &lt;)"],
      [
        '<r><!x></r>',
        "line 1, column 4: invalid XML: '<!' must start a comment (<!--), CDATA (<![CDATA[) or a doctype (<!DOCTYPE)",
      ],
    ];
    for (const [xml, message] of cases) expect(inChunks(xml), xml).toBe(`error: a.xml: ${message}`);
  });

  it('checks the root, and refuses nesting past maxDepth (line only) without recursing', () => {
    expect(inChunks('<other/>', { root: 'r' })).toBe(
      'error: a.xml: line 1, column 1: invalid XML: the root element is <other>, expected <r>',
    );
    const n = 200_000;
    expect(tokens(`<r>\n${'<b>'.repeat(n)}${'</b>'.repeat(n)}</r>`, 1 << 16, { maxDepth: 100 })).toBe(
      'error: a.xml: line 2: elements nested more than 100 deep (limits.maxDepth)',
    );
  });

  it('skips a doctype (its internal subset too) and expands none of its entities', () => {
    expect(inChunks('<!DOCTYPE r [ <!ENTITY e "]>"> ]>\n<r/>')).toBe('<r>@2 </r>');
    expect(inChunks('<!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>')).toMatch(/the entity '&e;' is not defined/);
    expect(inChunks('<r/><!DOCTYPE r>')).toMatch(/a doctype must come once, before the root element/);
  });

  it('reads a token cut across many chunks in linear time (a value of 8 MiB in 64 KiB chunks)', () => {
    const value = '1,2;'.repeat(2 << 20);
    const xml = `<r><p points="${value}"/></r>`;
    let got = 0;
    const t = new XmlTokenizer(
      { open: (_, a) => (got += a.points?.length ?? 0), close() {}, text() {} },
      { file: 'a.xml' },
    );
    const start = performance.now();
    for (let i = 0; i < xml.length; i += 1 << 16) t.write(xml.slice(i, i + (1 << 16)));
    t.close();
    expect(got).toBe(value.length);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe('XmlTokenizer (tolerant, as parseXmlTree reads)', () => {
  it('takes a tag up to its > with the attributes it has, and leaves bad references as written', () => {
    expect(inChunks('<r a b="1" c=2 d="&amp;&x;"><e/ ></r>', { strict: false })).toMatch(
      /^error: a\.xml: line 1, column 29: invalid XML: unexpected '<e\/ >/,
    );
    expect(inChunks('<r a b="1" c=2 d="&amp;&x;">a & b &bad;</r >', { strict: false })).toBe(
      '<r b="1" d="&&x;">@1 "a & b &bad;" </r>',
    );
  });
});

describe('xmlTextChunks', () => {
  it('decodes UTF-8 cut anywhere by the chunks, drops a BOM, never parts a surrogate pair', async () => {
    const text = `\uFEFF<r>${'é☺𝄞'.repeat(30_000)}</r>`;
    const bytes = new TextEncoder().encode(text);
    const base = memoryTree({ 'a.xml': bytes });
    const tree = {
      ...base,
      async *stream() {
        for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
      },
    };
    const slices: string[] = [];
    for await (const s of xmlTextChunks(tree, 'a.xml')) slices.push(s);
    expect(slices.join('')).toBe(text.slice(1));
    for (const s of slices) {
      expect(s.length).toBeLessThanOrEqual(1 << 16);
      const last = s.charCodeAt(s.length - 1);
      expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
    }
  });
});

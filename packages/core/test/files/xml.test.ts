import { describe, expect, it } from 'vitest';
import { escapeXmlAttribute, escapeXmlText, parseXmlTree, xmlChild, xmlChildren } from '../../src/files/xml.js';

describe('parseXmlTree', () => {
  it('builds elements with text, attributes, lines; decodes entities and CDATA', () => {
    const root = parseXmlTree(
      '<?xml version="1.0"?>\n<!-- c -->\n<annotation v="1.1" q=\'a&amp;b\'>\n  <name>a &lt;b&gt; &#x263A;</name>\n  <o/><o><![CDATA[<x>]]></o>\n</annotation>\n',
      'a.xml',
    );
    expect(root.name).toBe('annotation');
    expect(root.attributes).toEqual({ v: '1.1', q: 'a&b' });
    expect(xmlChild(root, 'name')).toMatchObject({ text: 'a <b> ☺', line: 4 });
    expect(xmlChildren(root, 'o').map((o) => o.text)).toEqual(['', '<x>']);
  });

  it('says where broken XML is broken', () => {
    expect(() => parseXmlTree('<a>\n<b></a>', 'b.xml')).toThrow(
      /^b\.xml: line 2: invalid XML: <\/a> closes <b> \(line 2\)$/,
    );
    expect(() => parseXmlTree('<a>\n<b>', 'c.xml')).toThrow(
      /line 2: invalid XML: <b> \(line 2\) is not closed/,
    );
    expect(() => parseXmlTree('x<a/>', 'd.xml')).toThrow(/text outside the root/);
    expect(() => parseXmlTree('', 'e.xml')).toThrow(/no root element/);
    expect(() => parseXmlTree('<a/><b/>', 'f.xml')).toThrow(/a second root element/);
  });

  it('refuses nesting past the depth limit without recursing (200,000 levels)', () => {
    const n = 200_000;
    expect(() => parseXmlTree(`<a>${'<b>'.repeat(n)}${'</b>'.repeat(n)}</a>`, 'deep.xml')).toThrow(
      expect.objectContaining({
        code: 'too-large',
        message: expect.stringMatching(/^deep\.xml: line 1: elements nested more than 512/),
      }),
    );
    expect(parseXmlTree(`${'<b>'.repeat(100)}${'</b>'.repeat(100)}`, 'ok.xml').name).toBe('b');
  });

  it('does not expand entities declared in a doctype (no billion laughs)', () => {
    const root = parseXmlTree('<!DOCTYPE a [<!ENTITY e "&e;&e;">]><a>&e;</a>', 'x.xml');
    expect(root.text).toBe('&e;');
  });
});

describe('escapeXmlText and escapeXmlAttribute', () => {
  it('escapes text as lxml does: quotes stay', () => {
    expect(escapeXmlText(`a<b>&"c'`)).toBe(`a&lt;b&gt;&amp;"c'`);
    expect(escapeXmlText('line\nnext')).toBe('line\nnext');
    expect(escapeXmlText(3.5)).toBe('3.5');
    expect(escapeXmlText(false)).toBe('false');
  });
  it('escapes attributes as quoteattr does: double quotes and whitespace as references', () => {
    expect(escapeXmlAttribute(`a<b>&"c'`)).toBe(`a&lt;b&gt;&amp;&quot;c'`);
    expect(escapeXmlAttribute('x\ny\tz\r')).toBe('x&#10;y&#9;z&#13;');
    expect(escapeXmlAttribute(0)).toBe('0');
  });
  it('reads back through the parser', () => {
    const value = `<&>"' \n\t end`;
    const root = parseXmlTree(
      `<r a="${escapeXmlAttribute(value)}">${escapeXmlText(value)}</r>`,
      'x.xml',
    );
    expect(root.attributes.a).toBe(value);
    expect(root.text).toBe(value);
  });
});

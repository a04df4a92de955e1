import { isDatasetError } from '@labelport/core';
import { parseXmlTree } from '@labelport/core/files';
import { describe, expect, it } from 'vitest';
import { parseVocXml } from '../src/lib/voc-xml.js';

const fails = (xml: string) => {
  try {
    parseXmlTree(xml, 'f.xml');
  } catch (e) {
    expect(isDatasetError(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('expected a failure');
};

describe('the XML reader', () => {
  it('reads elements, text, entities, CDATA; skips attributes, comments, declarations, doctypes', () => {
    const root = parseXmlTree(
      '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE annotation>\n<!-- made by hand -->\n<annotation verified="yes">\n  <filename>a &amp; b&#46;jpg</filename>\n  <note><![CDATA[<x>]]></note>\n  <empty/>\n</annotation>\n',
      'f.xml',
    );
    expect(root.name).toBe('annotation');
    expect(root.children.map((c) => [c.name, c.text, c.line])).toEqual([
      ['filename', 'a & b.jpg', 5],
      ['note', '<x>', 6],
      ['empty', '', 7],
    ]);
  });

  it('names the line of what is broken', () => {
    expect(fails('<annotation>\n<object>\n</annotation>\n')).toBe(
      'f.xml: line 3: invalid XML: </annotation> closes <object> (line 2)',
    );
    expect(fails('<annotation>\n<a>1</a>\n')).toMatch(
      /line 3: invalid XML: <annotation> \(line 1\) is not closed/,
    );
    expect(fails('<annotation>\n<a>1 < 2</a>\n</annotation>')).toMatch(
      /line 2: invalid XML: unexpected '< 2/,
    );
    expect(fails('<a/>\n<b/>')).toMatch(/line 2: invalid XML: a second root element <b>/);
    expect(fails('junk')).toMatch(/line 1: invalid XML: text outside the root element/);
    expect(fails('')).toMatch(/no root element/);
  });

  it('reads a LabelImg-style VOC file (attributes on the root, a path, float boxes)', () => {
    const doc = parseVocXml(
      '<annotation verified="no">\n<folder>imgs</folder>\n<filename>x.png</filename>\n<path>/home/u/imgs/x.png</path>\n<size><width>640</width><height>480</height><depth>3</depth></size>\n<object><name>dog</name><pose>Unspecified</pose><truncated>0</truncated><difficult>0</difficult><bndbox><xmin>10.5</xmin><ymin>20</ymin><xmax>30.25</xmax><ymax>40</ymax></bndbox></object>\n</annotation>',
      'x.xml',
    );
    expect(doc).toMatchObject({ filename: 'x.png', path: '/home/u/imgs/x.png', width: 640, height: 480 });
    expect(doc.objects[0]).toMatchObject({ name: 'dog', box: { x: 10.5, y: 20, w: 19.75, h: 20 } });
  });

  it('rejects a size that is not a whole number and a root that is not <annotation>', () => {
    expect(() =>
      parseVocXml('<annotation><size><width>1.5</width><height>2</height></size></annotation>', 'a.xml'),
    ).toThrow(/a\.xml: line 1, <size>: <width> must be a whole number/);
    expect(() => parseVocXml('<annotations/>', 'a.xml')).toThrow(
      /a\.xml: the root element is not <annotation>/,
    );
  });
});

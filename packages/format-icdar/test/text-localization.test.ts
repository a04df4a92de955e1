import { Dataset, memoryTree } from '@labelport/core';
import { describeFormat, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { icdarTextLocalization } from '../src/index.js';
import { parseLocalizationLine } from '../src/lib/localization-lines.js';

const image = { kind: 'image' as const };
const PNG_1x1 = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABc3UBGAAAAABJRU5ErkJggg==',
    'base64',
  ),
);

describeFormat(icdarTextLocalization, {
  fixtures: [
    {
      name: 'ICDAR 2013, 2015 and Datumaro lines',
      tree: memoryTree({
        'loc/train/images/img_1.png': PNG_1x1,
        'loc/train/gt_img_1.txt': '0,0,3,1,4,6,1,7,"FOOD"',
        'loc/train/gt_img_2.txt': '0 0 2 3 "RED"\n3 3 5 6 "LION"\n',
        'loc/train/gt_img_3.txt':
          '\ufeff377,117,463,117,465,130,378,130,Genaxis Theatre\n374,155,409,155,409,170,374,170,###\n',
        'loc/test/a/gt_img_4.txt': '38, 43, 920, 215, "Tiredness"\n1,2,3,4\n',
      }),
      // img_1: 1 quadrilateral; img_2: 2 boxes; img_3: 2 quadrilaterals; a/img_4: 2 boxes.
      expect: { items: 4, subsets: { train: 3, test: 1 }, annotations: { polygon: 3, bbox: 4 } },
      check(ds) {
        expect(ds.get('train', 'img_1')?.annotations).toEqual([
          { type: 'polygon', points: [0, 0, 3, 1, 4, 6, 1, 7], attributes: { text: 'FOOD' } },
        ]);
        expect(ds.get('train', 'img_1')?.media).toMatchObject({
          path: 'train/images/img_1.png',
          width: 1,
          height: 1,
        });
        expect(ds.get('train', 'img_2')?.annotations[1]).toEqual({
          type: 'bbox',
          x: 3,
          y: 3,
          w: 2,
          h: 3,
          attributes: { text: 'LION' },
        });
        expect(ds.get('train', 'img_3')?.annotations.map((a) => a.attributes.text)).toEqual([
          'Genaxis Theatre',
          '###',
        ]);
        expect(ds.get('test', 'a/img_4')?.annotations).toEqual([
          { type: 'bbox', x: 38, y: 43, w: 882, h: 172, attributes: { text: 'Tiredness' } },
          { type: 'bbox', x: 1, y: 2, w: 2, h: 2, attributes: {} },
        ]);
      },
    },
  ],
  roundTrips: [
    {
      name: 'boxes and quadrilaterals, with and without text',
      source: () =>
        new Dataset({ labels: [] }, [
          {
            id: 'a/b/1',
            subset: 'train',
            media: image,
            annotations: [
              { type: 'bbox', x: 1, y: 3, w: 6, h: 10, attributes: {} },
              { type: 'bbox', x: 0, y: 1, w: 3, h: 5, attributes: { text: 'word 0' } },
            ],
            attributes: {},
          },
          {
            id: '2',
            subset: 'train',
            media: image,
            annotations: [
              { type: 'polygon', points: [0, 0, 3, 0, 4, 7, 1, 8], attributes: { text: 'word, 1' } },
              { type: 'polygon', points: [1.5, 2, 5, 3, 6, 8, 0, 7], attributes: {} },
            ],
            attributes: {},
          },
          { id: '3', subset: 'default', media: image, annotations: [], attributes: {} },
        ]),
    },
  ],
  badInputs: [
    {
      name: 'too few numbers',
      tree: memoryTree({ 'train/gt_1.txt': '1 2 3 "x"\n' }),
      message: /train\/gt_1\.txt: line 1: expected 4/,
    },
    {
      name: 'an unclosed quote',
      tree: memoryTree({ 'train/gt_1.txt': '0 0 1 1 "ok"\n1 2 3 4 "x\n' }),
      message: /line 2: unclosed quote/,
    },
    {
      name: 'not numbers',
      tree: memoryTree({ 'train/gt_1.txt': 'a,b,c,d\n' }),
      message: /train\/gt_1\.txt: line 1/,
    },
  ],
});

describe('icdar_text_localization details', () => {
  it('writes Datumaro lines, polygons of any size whole', async () => {
    const ds = new Dataset({ labels: [] }, [
      {
        id: 'x/1',
        subset: 's',
        annotations: [
          { type: 'bbox', x: 0, y: 0, w: 2, h: 3, attributes: { text: 'RED', occluded: true } },
          { type: 'polygon', points: [0, 0, 3, 1, 4, 6, 1, 7], attributes: { text: 'FOOD' } },
          { type: 'polygon', points: [0, 0, 4, 0, 4, 4], attributes: {} },
          { type: 'polygon', points: [0, 0, 4, 0], attributes: {} },
        ],
        attributes: {},
      },
    ]);
    const { report, tree } = await writeAndReadBack(icdarTextLocalization, ds);
    expect(new TextDecoder().decode(await tree.read('s/x/gt_1.txt'))).toBe(
      '0 0 2 3 "RED"\n0,0,3,1,4,6,1,7,"FOOD"\n0,0,4,0,4,4\n',
    );
    expect(report.dropped).toEqual({ attribute: 1, polygon: 1 });
    expect(report.converted).toEqual({});
  });

  it("counts a shape's label as an annotation label, writing the shape (ICDAR has no labels)", async () => {
    const ds = new Dataset({ labels: [{ name: 'text' }] }, [
      {
        id: '1',
        subset: 's',
        annotations: [
          { type: 'bbox', x: 0, y: 0, w: 2, h: 3, label: 0, attributes: { text: 'RED' } },
          { type: 'polygon', points: [0, 0, 3, 1, 4, 6], label: 0, attributes: {} },
        ],
        attributes: {},
      },
    ]);
    const { dataset, report } = await writeAndReadBack(icdarTextLocalization, ds);
    expect(report.dropped).toEqual({ 'annotation label': 2 });
    expect(report.warnings).toEqual([
      'ICDAR text localization has no labels: the label of a bbox is not written (the bbox is)',
      'ICDAR text localization has no labels: the label of a polygon is not written (the polygon is)',
    ]);
    expect(dataset.get('s', '1')?.annotations).toEqual([
      { type: 'bbox', x: 0, y: 0, w: 2, h: 3, attributes: { text: 'RED' } },
      { type: 'polygon', points: [0, 0, 3, 1, 4, 6], attributes: {} },
    ]);
  });

  it('reads space-separated quadrilaterals and numeric text', () => {
    expect(parseLocalizationLine('1 2 3 4 5 6 7 8 hello', 'f', 1)).toEqual({
      kind: 'polygon',
      points: [1, 2, 3, 4, 5, 6, 7, 8],
      text: 'hello',
    });
    expect(parseLocalizationLine('0 0 2 3 42', 'f', 1)).toEqual({
      kind: 'bbox',
      x: 0,
      y: 0,
      w: 2,
      h: 3,
      text: '42',
    });
    expect(parseLocalizationLine('   ', 'f', 1)).toBeUndefined();
    // Datumaro writes polygons of any size; they are read whole.
    expect(parseLocalizationLine('0.0,0.0,4.0,0.0,4.0,4.0,1,5,0,3,"five"', 'f', 1)).toEqual({
      kind: 'polygon',
      points: [0, 0, 4, 0, 4, 4, 1, 5, 0, 3],
      text: 'five',
    });
    expect(parseLocalizationLine('0.0 0.0 2.0 3.0', 'f', 1)).toEqual({
      kind: 'bbox',
      x: 0,
      y: 0,
      w: 2,
      h: 3,
      text: undefined,
    });
  });
});

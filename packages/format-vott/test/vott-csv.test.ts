import { type BboxAnnotation, Dataset, type DatasetItem, memoryTree } from '@labelport/core';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { vottCsv } from '../src/vott-csv.js';
import { csvTree, STREET_CSV } from './fixtures.js';

const item = (id: string, subset: string, annotations: DatasetItem['annotations']): DatasetItem => ({
  id,
  subset,
  media: { kind: 'image', path: `${id}.jpg` },
  annotations,
  attributes: {},
});

const boxes = () =>
  new Dataset({ labels: [{ name: 'car' }, { name: 'person' }, { name: 'sign' }] }, [
    item('a', 'default', [
      { type: 'bbox', label: 0, x: 1, y: 2, w: 3.5, h: 4, attributes: {} },
      // one VoTT region with two tags
      { type: 'bbox', label: 1, x: 10, y: 10, w: 5, h: 5, group: 1, attributes: {} },
      { type: 'bbox', label: 2, x: 10, y: 10, w: 5, h: 5, group: 1, attributes: {} },
    ]),
    item('b', 'train', [{ type: 'bbox', label: 1, x: 0.5, y: 0, w: 10.25, h: 5, attributes: {} }]),
    item('c', 'train', []),
  ]);

describeFormat(vottCsv, {
  fixtures: [
    {
      name: 'VoTT 2.2 CSV export with "include images" (vott-csv-export/)',
      tree: csvTree,
      expect: {
        items: 2,
        subsets: { 'Street-Scenes': 2 },
        annotations: { bbox: 6 },
        labels: ['car', 'person', 'sign', 'road'],
      },
      check(ds) {
        const s = ds.get('Street-Scenes', 'street 1')!;
        expect(s.media?.path).toBe('vott-csv-export/street 1.jpg');
        expect(s.annotations[0]).toMatchObject({ type: 'bbox', label: 0, x: 263.6046511627907, y: 136 });
        expect((s.annotations[0] as BboxAnnotation).w).toBeCloseTo(150.3875968992248, 9);
        expect(s.annotations.slice(1, 3)).toMatchObject([
          { label: 1, group: 1, x: 11.5, y: 12 },
          { label: 2, group: 1, x: 11.5, y: 12 },
        ]);
        expect(s.annotations[3]!.group).toBeUndefined();
      },
    },
    {
      name: "Datumaro's layout: <subset>-export.csv, an image-only row, CRLF",
      tree: memoryTree({
        'train-export.csv': 'image,xmin,ymin,xmax,ymax,label\r\nimg1.jpg,1,2,3,4,helmet\r\nimg2.jpg,,,,,\r\n',
        'img1.jpg': 'x',
      }),
      expect: { items: 2, subsets: { train: 2 }, annotations: { bbox: 1 }, labels: ['helmet'] },
    },
  ],
  roundTrips: [{ name: 'labelled boxes, a box with two labels, an empty image, two subsets', source: boxes }],
  badInputs: [
    {
      name: 'a box without its ymax',
      tree: memoryTree({
        'a-export.csv': '"image","xmin","ymin","xmax","ymax","label"\n"a.jpg",1,2,3,,"cat"',
      }),
      code: 'bad-field',
      message: /a-export\.csv.*line 2/,
    },
    {
      name: 'a coordinate that is no number',
      tree: memoryTree({
        'a-export.csv': '"image","xmin","ymin","xmax","ymax","label"\n"a.jpg",1,2,three,4,"cat"',
      }),
      message: /line 2, xmax/,
    },
    {
      name: 'xmax before xmin',
      tree: memoryTree({ 'a-export.csv': 'image,xmin,ymin,xmax,ymax,label\na.jpg,5,2,3,4,cat' }),
      message: 'line 2',
    },
    {
      name: "an export whose header is not VoTT's",
      tree: memoryTree({ 'a-export.csv': 'file,x,y\na.jpg,1,2' }),
      code: 'bad-csv',
    },
    {
      name: 'a broken quote',
      tree: memoryTree({
        'a-export.csv': '"image","xmin","ymin","xmax","ymax","label"\n"a.jpg,1,2,3,4,"cat"',
      }),
      code: 'bad-csv',
    },
  ],
});

describe('vott_csv details', () => {
  it("writes json2csv's rows: quoted strings, bare numbers, a row per tag", async () => {
    const { tree, report } = await writeAndReadBack(vottCsv, boxes());
    expect(report.dropped).toEqual({});
    expect(new TextDecoder().decode(await tree.read('default-export.csv'))).toBe(
      [
        '"image","xmin","ymin","xmax","ymax","label"',
        '"a.jpg",1,2,4.5,6,"car"',
        '"a.jpg",10,10,15,15,"person"',
        '"a.jpg",10,10,15,15,"sign"',
        '',
      ].join('\n'),
    );
    expect(new TextDecoder().decode(await tree.read('train/train-export.csv'))).toContain('"c.jpg",,,,,\n');
  });

  it('reads back what it reads: the fixture written again is the same rows', async () => {
    const ds = await readAll(vottCsv, csvTree());
    const { tree } = await writeAndReadBack(vottCsv, ds);
    const text = new TextDecoder().decode(await tree.read('Street-Scenes/Street-Scenes-export.csv'));
    expect(text).toBe(`${STREET_CSV}\n`);
  });

  it('counts what VoTT CSV cannot hold', async () => {
    const ds = new Dataset({ labels: [{ name: 'cat' }] }, [
      item('a', 'default', [
        { type: 'bbox', x: 0, y: 0, w: 1, h: 1, attributes: {} },
        { type: 'polygon', label: 0, points: [0, 0, 4, 0, 4, 4], attributes: {} },
        { type: 'bbox', label: 0, x: 0, y: 0, w: 2, h: 2, group: 2, attributes: {} },
        { type: 'bbox', label: 0, x: 5, y: 5, w: 2, h: 2, group: 2, attributes: {} },
        { type: 'ellipse', label: 0, x1: 0, y1: 0, x2: 2, y2: 2, attributes: {} },
      ]),
    ]);
    const { report } = await writeAndReadBack(vottCsv, ds);
    expect(report.dropped).toEqual({ bbox: 1, group: 2, ellipse: 1 });
    expect(report.converted).toEqual({ 'polygon->bbox': 1 });
    expect(report.warnings.join('\n')).toMatch(/without a label/);
  });

  it('is not taken for another CSV format', async () => {
    const other = memoryTree({ 'labels.csv': 'ImageID,LabelName,Confidence\na,/m/01,1\n' });
    await expect(readAll(vottCsv, other)).rejects.toThrow(/no VoTT CSV export/);
  });
});

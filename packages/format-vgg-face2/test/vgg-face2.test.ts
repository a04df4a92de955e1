import { createRegistry, Dataset, memorySink, memoryTree } from '@labelport/core';
import { csvRow, parseCsv } from '@labelport/core/files';
import { encodePng } from '@labelport/core/png';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { vggFace2 } from '../src/index.js';

const png = (width: number, height: number) =>
  encodePng({ width, height, colorType: 'gray', data: new Uint8Array(width * height) });

const tree = () =>
  memoryTree({
    'labels.txt': 'n001 Ann\nn002 Bob\n',
    'bb_landmark/loose_bb_train.csv': 'NAME_ID,X,Y,W,H\nn001/01,1,2,3,4\nn002/02,0.5,0.5,2,2\n',
    'bb_landmark/loose_landmark_train.csv':
      'NAME_ID,P1X,P1Y,P2X,P2Y,P3X,P3Y,P4X,P4Y,P5X,P5Y\nn001/01,1,1,2,2,3,3,4,4,5,5\nn002/03,,,,,,,,,,\nno_label/04,,,,,,,,,,\n',
    'bb_landmark/loose_landmark_test.csv':
      'NAME_ID,P1X,P1Y,P2X,P2Y,P3X,P3Y,P4X,P4Y,P5X,P5Y\r\nx,1,1,1,1,1,1,1,1,1,1\r\n',
    'train/n001/01.jpg': png(8, 6),
  });

const source = () =>
  new Dataset({ labels: [{ name: 'n001', parent: 'Ann' }, { name: 'n002' }] }, [
    {
      id: 'n001/a',
      subset: 'train',
      media: { kind: 'image', path: 'a.png', width: 4, height: 4, bytes: async () => png(4, 4) },
      annotations: [
        { type: 'bbox', x: 0.5, y: 1, w: 2, h: 2.25, label: 0, attributes: {} },
        {
          type: 'points',
          points: [1, 1, 2, 1, 1.5, 2, 1, 3, 2, 3],
          visibility: [2, 2, 2, 2, 2],
          label: 0,
          attributes: {},
        },
      ],
      attributes: {},
    },
    {
      id: 'n002/b',
      subset: 'test',
      media: { kind: 'image', path: 'b.jpg', width: 2, height: 2, bytes: async () => png(2, 2) },
      annotations: [{ type: 'label', label: 1, attributes: {} }],
      attributes: {},
    },
    {
      id: 'no_label/c',
      subset: 'test',
      annotations: [],
      attributes: {},
    },
  ]);

describeFormat(vggFace2, {
  fixtures: [
    {
      name: 'boxes, landmarks, labels from names',
      tree,
      // train: n001/01 (box + 5 points), n002/02 (box), n002/03 (label only), no_label/04 (nothing);
      // test: x (points without a label: no '/' in its name).
      expect: {
        items: 5,
        subsets: { train: 4, test: 1 },
        annotations: { bbox: 2, points: 2, label: 1 },
        labels: ['n001', 'n002'],
      },
      check(ds) {
        expect(ds.categories.labels[0]).toEqual({ name: 'n001', parent: 'Ann' });
        const a = ds.get('train', 'n001/01')!;
        expect(a.media).toMatchObject({ path: 'train/n001/01.jpg', width: 8, height: 6 });
        expect(a.annotations).toEqual([
          {
            type: 'points',
            points: [1, 1, 2, 2, 3, 3, 4, 4, 5, 5],
            visibility: [2, 2, 2, 2, 2],
            label: 0,
            attributes: {},
          },
          { type: 'bbox', x: 1, y: 2, w: 3, h: 4, label: 0, attributes: {} },
        ]);
        expect(ds.get('train', 'n002/03')!.annotations).toEqual([
          { type: 'label', label: 1, attributes: {} },
        ]);
        expect(ds.get('train', 'no_label/04')!.annotations).toEqual([]);
        expect(ds.get('train', 'n002/02')!.media).toBeUndefined();
      },
    },
  ],
  roundTrips: [{ name: 'boxes, landmarks, labels and images', source, writeOptions: { saveMedia: true } }],
  badInputs: [
    {
      name: 'a box value that is not a number',
      tree: () => memoryTree({ 'bb_landmark/loose_bb_train.csv': 'NAME_ID,X,Y,W,H\na/1,1,2,x,4\n' }),
      code: 'bad-csv',
      message: /^bb_landmark\/loose_bb_train\.csv: line 2: W 'x' is not a number$/,
    },
    {
      name: 'two boxes for one image',
      tree: () =>
        memoryTree({ 'bb_landmark/loose_bb_train.csv': 'NAME_ID,X,Y,W,H\na/1,1,2,3,4\na/1,1,2,3,4\n' }),
      message: /line 3: item 'a\/1' has a second box/,
    },
    {
      name: 'no NAME_ID column',
      tree: () => memoryTree({ 'bb_landmark/loose_bb_train.csv': 'ID,X,Y,W,H\n' }),
      message: /^bb_landmark\/loose_bb_train\.csv: line 1: the header has no NAME_ID column/,
    },
    {
      name: 'an unclosed quote',
      tree: () => memoryTree({ 'bb_landmark/loose_bb_train.csv': 'NAME_ID,X,Y,W,H\n"a/1,1,2,3,4\n' }),
      message: /line 2: invalid CSV: a quoted field is not closed/,
    },
  ],
});

describe('vgg_face2 details', () => {
  it('writes what Datumaro writes', async () => {
    const sink = memorySink();
    await vggFace2.write!(source(), sink, { saveMedia: true });
    await sink.commit();
    const text = (p: string) => new TextDecoder().decode(sink.files.get(p));
    expect([...sink.files.keys()].sort()).toEqual([
      'bb_landmark/loose_bb_train.csv',
      'bb_landmark/loose_landmark_test.csv',
      'bb_landmark/loose_landmark_train.csv',
      'labels.txt',
      'test/n002/b.jpg',
      'train/n001/a.png',
    ]);
    expect(text('labels.txt')).toBe('n001 Ann\nn002\n');
    expect(text('bb_landmark/loose_bb_train.csv')).toBe('NAME_ID,X,Y,W,H\r\nn001/a,0.5,1,2,2.25\r\n');
    expect(text('bb_landmark/loose_landmark_test.csv')).toBe(
      'NAME_ID,P1X,P1Y,P2X,P2Y,P3X,P3Y,P4X,P4Y,P5X,P5Y\r\nn002/b,,,,,,,,,,\r\nno_label/c,,,,,,,,,,\r\n',
    );
  });

  it('writes dataset_meta.json instead of labels.txt when asked', async () => {
    const sink = memorySink();
    const report = await vggFace2.write!(source(), sink, { saveDatasetMeta: true });
    await sink.commit();
    expect(sink.files.has('labels.txt')).toBe(false);
    expect(JSON.parse(new TextDecoder().decode(sink.files.get('dataset_meta.json')))).toEqual({
      labels: ['n001', 'n002'],
    });
    expect(report.dropped).toEqual({ 'label parent': 1 });
    expect(report.warnings).toEqual([
      'dataset_meta.json keeps label names only: the class names (parents) are not written',
    ]);
  });

  it('writes labels with a space to dataset_meta.json, which reads them back (labels.txt cannot)', async () => {
    const ds = new Dataset({ labels: [{ name: 'Ann Smith' }, { name: 'n1', parent: 'Karl' }] }, [
      {
        id: 'Ann Smith/a',
        subset: 'train',
        annotations: [{ type: 'bbox', x: 0, y: 0, w: 1, h: 1, label: 0, attributes: {} }],
        attributes: {},
      },
    ]);
    const { dataset, report } = await writeAndReadBack(vggFace2, ds);
    expect(report.dropped).toEqual({ 'label parent': 1 });
    expect(report.warnings).toEqual([
      "label 'Ann Smith' has a space, which labels.txt cannot hold: the labels are written to dataset_meta.json instead",
      'dataset_meta.json keeps label names only: the class names (parents) are not written',
    ]);
    expect(dataset.categories.labels).toEqual([{ name: 'Ann Smith' }, { name: 'n1' }]);
    expect(dataset.get('train', 'Ann Smith/a')!.annotations).toEqual([
      { type: 'bbox', x: 0, y: 0, w: 1, h: 1, label: 0, attributes: {} },
    ]);
  });

  it('counts a class name (parent) with a space, which labels.txt cannot hold', async () => {
    const ds = new Dataset({ labels: [{ name: 'n1', parent: 'Karl Marx' }] }, [
      {
        id: 'n1/a',
        subset: 'train',
        annotations: [{ type: 'label', label: 0, attributes: {} }],
        attributes: {},
      },
    ]);
    const { dataset, report } = await writeAndReadBack(vggFace2, ds);
    expect(report.dropped).toEqual({ 'label parent': 1 });
    expect(report.warnings).toEqual([
      "the class name (parent) 'Karl Marx' of label 'n1' has a space: labels.txt cannot hold it, so it is not written",
    ]);
    expect(dataset.categories.labels).toEqual([{ name: 'n1' }]);
  });

  it("counts the annotations of a label that cannot name a folder ('/m/0cmf2'), and keeps the item", async () => {
    const ds = new Dataset({ labels: [{ name: '/m/0cmf2' }] }, [
      {
        id: 'x',
        subset: 'train',
        annotations: [
          { type: 'label', label: 0, attributes: {} },
          { type: 'bbox', x: 0, y: 0, w: 1, h: 1, label: 0, attributes: {} },
        ],
        attributes: {},
      },
    ]);
    const sink = memorySink();
    const report = await vggFace2.write!(ds, sink, {});
    await sink.commit();
    expect(report.dropped).toEqual({ label: 1, bbox: 1 });
    expect(report.warnings).toEqual([
      "label '/m/0cmf2' has a '/' or '\\': it cannot be the folder of a NAME_ID that reads back as that label; its annotations are not written",
    ]);
    expect([...sink.files.keys()].sort()).toEqual(['bb_landmark/loose_landmark_train.csv', 'labels.txt']);
    const back = await readAll(vggFace2, sink.tree());
    expect(back.get('train', 'no_label/x')!.annotations).toEqual([]);
  });

  it('counts landmark visibility it cannot keep', async () => {
    const ds = source();
    const p = ds.get('train', 'n001/a')!.annotations[1]!;
    if (p.type === 'points') p.visibility = [2, 1, 0, 2, 2];
    const report = await vggFace2.write!(ds, memorySink(), {});
    expect(report.dropped).toEqual({ 'point visibility': 2 });
    expect(report.warnings).toEqual(['landmark visibility is not kept: every point reads back as visible']);
  });

  it('puts ids under their label folder', async () => {
    const ds = new Dataset({ labels: [{ name: 'p' }] }, [
      {
        id: 'img',
        subset: 'default',
        annotations: [{ type: 'bbox', x: 0, y: 0, w: 1, h: 1, label: 0, attributes: {} }],
        attributes: {},
      },
    ]);
    const sink = memorySink();
    await vggFace2.write!(ds, sink, {});
    await sink.commit();
    const back = await readAll(vggFace2, sink.tree());
    expect(back.get('default', 'p/img')!.annotations[0]).toMatchObject({ type: 'bbox', label: 0 });
  });

  it('reports what one image cannot hold', async () => {
    const ds = source();
    ds.get('train', 'n001/a')!.annotations.push(
      { type: 'bbox', x: 0, y: 0, w: 1, h: 1, attributes: {} },
      { type: 'points', points: [1, 1], visibility: [1], attributes: {} },
      { type: 'polygon', points: [0, 0, 1, 0, 1, 1], attributes: {} },
    );
    const report = await vggFace2.write!(ds, memorySink(), {});
    expect(report.dropped).toEqual({ bbox: 1, points: 1, polygon: 1 });
  });

  it('is found one level down', async () => {
    const { matches } = await createRegistry([vggFace2]).detect(
      memoryTree({ 'v/bb_landmark/loose_bb_train.csv': 'NAME_ID,X,Y,W,H\n' }),
    );
    expect(matches).toEqual([{ id: 'vgg_face2', confidence: 1, root: 'v' }]);
  });

  it('reads unquoted tables the same way as quoted ones', () => {
    const plain = 'A,B\r\nx,1\r\n\r\ny,\n';
    const quoted = 'A,"B"\r\nx,1\r\n\r\ny,\n';
    expect(parseCsv(plain, 'f')).toEqual(parseCsv(quoted, 'f'));
    expect(parseCsv(plain, 'f')).toEqual([
      { line: 1, fields: ['A', 'B'] },
      { line: 2, fields: ['x', '1'] },
      { line: 4, fields: ['y', ''] },
    ]);
  });

  it('reads and writes CSV quoting', () => {
    const text = csvRow(['a,b', 'say "hi"', 'plain'], '\r\n');
    expect(text).toBe('"a,b","say ""hi""",plain\r\n');
    expect(parseCsv(`${text}x,"multi\nline",\n`, 'f')).toEqual([
      { line: 1, fields: ['a,b', 'say "hi"', 'plain'] },
      { line: 2, fields: ['x', 'multi\nline', ''] },
    ]);
  });
});

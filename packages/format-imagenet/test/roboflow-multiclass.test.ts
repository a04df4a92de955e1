import { join } from 'node:path';
import { createRegistry, type DatasetItem, memorySink, memoryTree, sourceOf } from '@labelport/core';
import { openTree } from '@labelport/core/node';
import { encodePng } from '@labelport/core/png';
import {
  countAnnotations,
  describeFormat,
  fixturesDir,
  readAll,
  writeAndReadBack,
} from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formats, roboflowMulticlass } from '../src/index.js';

const png = (width: number, height: number) =>
  encodePng({ width, height, colorType: 'gray', data: new Uint8Array(width * height).fill(3) });

/**
 * Roboflow's "Multi-Label Classification CSV" export: a `_classes.csv` per split folder, a space after
 * every comma, the images (with Roboflow's `.rf.` names) beside it.
 */
const roboflowTree = () =>
  memoryTree({
    'README.roboflow.txt': 'Pets - v4\nThis dataset was exported via roboflow.com\n',
    'train/_classes.csv':
      'filename, dog, cat\na_jpg.rf.11aa.jpg, 1, 0\nb_jpg.rf.22bb.jpg, 1, 1\nc_jpg.rf.33cc.jpg, 0, 0\n',
    'train/a_jpg.rf.11aa.jpg': png(4, 3),
    'train/b_jpg.rf.22bb.jpg': png(2, 2),
    'train/c_jpg.rf.33cc.jpg': png(2, 2),
    'valid/_classes.csv': 'filename, dog, cat\nd_jpg.rf.44dd.jpg, 0, 1\n',
    'valid/d_jpg.rf.44dd.jpg': png(5, 5),
  });

const item = (id: string, subset: string, labels: number[]): DatasetItem => ({
  id,
  subset,
  media: { kind: 'image', path: `${id}.png`, width: 2, height: 2, bytes: async () => png(2, 2) },
  annotations: labels.map((label) => ({ type: 'label' as const, label, attributes: {} })),
  attributes: {},
});

const labelled = () =>
  sourceOf({ labels: [{ name: 'bird' }, { name: 'cat' }, { name: 'dog' }] }, [
    item('a', 'train', [0, 2]),
    item('b', 'train', []),
    item('c', 'valid', [1]),
    item('d', 'default', [0, 1, 2]),
  ]);

describeFormat(roboflowMulticlass, {
  fixtures: [
    {
      name: "Roboflow's export: _classes.csv per split folder, spaces after the commas",
      tree: roboflowTree,
      // labels in the header's order (Datumaro sorts them by name): dog 0, cat 1
      expect: {
        items: 4,
        subsets: { train: 3, valid: 1 },
        annotations: { label: 4 },
        labels: ['dog', 'cat'],
      },
      check(ds) {
        const b = ds.get('train', 'b_jpg.rf.22bb')!;
        expect(b.annotations.map((a) => a.label)).toEqual([0, 1]);
        expect(b.media).toMatchObject({ path: 'train/b_jpg.rf.22bb.jpg', width: 2, height: 2 });
        expect(ds.get('train', 'c_jpg.rf.33cc')!.annotations).toEqual([]);
        expect(ds.get('valid', 'd_jpg.rf.44dd')!.annotations.map((a) => a.label)).toEqual([1]);
      },
    },
    {
      name: 'one CSV at the top (the default subset), CRLF, no spaces, an image that is not there',
      tree: () =>
        memoryTree({
          '_classes.csv': 'filename,x,y\r\nq.png,0,1\r\nmissing.png,1,1\r\n',
          'q.png': png(1, 1),
        }),
      expect: { items: 2, subsets: { default: 2 }, annotations: { label: 3 }, labels: ['x', 'y'] },
      check(ds) {
        expect(ds.get('default', 'missing')!.media).toEqual({ kind: 'image', path: 'missing.png' });
      },
    },
    {
      name: 'the export inside a folder',
      tree: () =>
        memoryTree({
          'pets.v4i.multiclass/test/_classes.csv': 'filename, cat\ne.jpg, 1\n',
          'pets.v4i.multiclass/test/e.jpg': png(1, 1),
        }),
      expect: { items: 1, subsets: { test: 1 }, annotations: { label: 1 } },
    },
  ],
  roundTrips: [
    {
      name: 'several labels per image, none, every subset',
      source: labelled,
      writeOptions: { saveMedia: true },
    },
    {
      name: 'labels not in name order (kept in the order of the columns)',
      source: () =>
        sourceOf({ labels: [{ name: 'zebra' }, { name: 'ant' }] }, [
          item('a', 'train', [0]),
          item('b', 'train', [1]),
        ]),
      writeOptions: { saveMedia: true },
    },
  ],
  badInputs: [
    {
      name: 'a header without filename first',
      tree: () => memoryTree({ 'train/_classes.csv': 'image, cat\na.jpg, 1\n' }),
      code: 'bad-csv',
      message: /train\/_classes\.csv: line 1: the first column is 'image'/,
    },
    {
      name: 'a cell that is no number',
      tree: () => memoryTree({ 'train/_classes.csv': 'filename, cat\na.jpg, yes\n' }),
      code: 'bad-value',
      message: /line 2: column 'cat': expected 1 or 0, found ' yes'/,
    },
    {
      name: 'a row with fewer cells than the header',
      tree: () => memoryTree({ 'train/_classes.csv': 'filename, cat, dog\na.jpg, 1\n' }),
      code: 'bad-csv',
      message: /line 2: 2 fields, the header has 3/,
    },
    {
      name: 'a file name that leaves the folder',
      tree: () => memoryTree({ 'train/_classes.csv': 'filename, cat\n../../etc/passwd, 1\n' }),
      code: 'unsafe-path',
    },
    { name: 'no CSV', tree: () => memoryTree({ 'train/a.jpg': png(1, 1) }), code: 'bad-layout' },
  ],
});

describe('roboflow_multiclass details', () => {
  it("writes Roboflow's layout: <subset>/_classes.csv with a 1 or 0 per label, images beside", async () => {
    const sink = memorySink();
    const report = await roboflowMulticlass.write!(labelled(), sink, { saveMedia: true });
    await sink.commit();
    const out = sink.tree();
    expect((await out.list()).map((e) => e.path).sort()).toEqual([
      'default/_classes.csv',
      'default/d.png',
      'train/_classes.csv',
      'train/a.png',
      'train/b.png',
      'valid/_classes.csv',
      'valid/c.png',
    ]);
    expect(new TextDecoder().decode(await out.read('train/_classes.csv'))).toBe(
      'filename,bird,cat,dog\na.png,1,0,1\nb.png,0,0,0\n',
    );
    expect(report.dropped).toEqual({});
  });

  it('counts what the CSV cannot hold, with the reason', async () => {
    const source = sourceOf({ labels: [{ name: 'cat' }] }, [
      {
        ...item('a', 'train', [0, 0]),
        annotations: [
          { type: 'label', label: 0, attributes: { score: 0.5 } },
          { type: 'label', label: 0, attributes: {} },
          { type: 'bbox', x: 0, y: 0, w: 1, h: 1, label: 0, attributes: {} },
          { type: 'label', attributes: {} },
        ],
        attributes: { frame: 1 },
      },
    ]);
    const { report, dataset } = await writeAndReadBack(roboflowMulticlass, source);
    expect(report.dropped).toEqual({ label: 2, attribute: 1, bbox: 1, 'item attribute': 1 });
    expect(report.warnings.join('\n')).toMatch(/given twice/);
    expect(report.warnings.join('\n')).toMatch(/image labels only/);
    expect(countAnnotations(dataset)).toEqual({ label: 1 });
  });

  it('is detected alone at the top, and a bad cell is skipped when lenient', async () => {
    const { matches } = await createRegistry(formats).detect(roboflowTree());
    expect(matches.filter((m) => m.confidence === matches[0]!.confidence).map((m) => m.id)).toEqual([
      'roboflow_multiclass',
    ]);
    const warnings: string[] = [];
    const ds = await readAll(
      roboflowMulticlass,
      memoryTree({ 'train/_classes.csv': 'filename, cat, dog\na.jpg, x, 1\n' }),
      { lenient: true, onWarning: (w: string) => warnings.push(w) },
    );
    expect(ds.get('train', 'a')!.annotations.map((a) => a.label)).toEqual([1]);
    expect(warnings.join('\n')).toMatch(/column 'cat'/);
  });

  it('takes a CSV that does not start with filename for another format', async () => {
    const { matches, rejected } = await createRegistry([roboflowMulticlass]).detect(
      memoryTree({ 'train/_classes.csv': 'id,name\n1,cat\n' }),
    );
    expect(matches).toEqual([]);
    expect(rejected[0]!.reason).toMatch(/filename/);
  });
});

const corpus = fixturesDir();
describe.skipIf(!corpus)("roboflow_multiclass over Datumaro's test assets (LABELPORT_FIXTURES)", () => {
  it('roboflow_dataset/multiclass: train and val _classes.csv', async () => {
    const tree = await openTree(join(corpus!, 'datumaro', 'roboflow_dataset', 'multiclass'));
    const { matches } = await createRegistry(formats).detect(tree);
    expect(matches[0]).toMatchObject({ id: 'roboflow_multiclass', root: '' });
    const ds = await readAll(roboflowMulticlass, tree);
    // train_001: label_0; train_002: label_1; val_001: both
    expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).length]))).toEqual({
      train: 2,
      val: 1,
    });
    expect(ds.get('val', 'val_001')!.annotations.map((a) => a.label)).toEqual([0, 1]);
    expect(ds.get('train', 'train_002')!.annotations.map((a) => a.label)).toEqual([1]);
  });
});

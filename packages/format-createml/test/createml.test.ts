import { createRegistry, Dataset, memoryTree } from '@labelport/core';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { createml } from '../src/createml.js';

// As Roboflow exports Create ML: one file per subset folder, images beside, centre coordinates, the
// keys in Roboflow's order, the whole list on one line.
const train = [
  {
    image: 'cat_1.jpg',
    annotations: [
      { label: 'cat', coordinates: { x: 50, y: 40, width: 20, height: 10 } },
      { label: 'dog', coordinates: { x: 10.5, y: 10.5, width: 3, height: 3 } },
    ],
  },
  { image: 'empty.jpg', annotations: [] },
];
const valid = [
  { image: 'dog_2.jpg', annotations: [{ label: 'dog', coordinates: { x: 5, y: 5, width: 10, height: 10 } }] },
];
const roboflow = () =>
  memoryTree({
    'train/_annotations.createml.json': JSON.stringify(train),
    'train/cat_1.jpg': 'x',
    'train/empty.jpg': 'x',
    'valid/_annotations.createml.json': JSON.stringify(valid),
    'valid/dog_2.jpg': 'x',
    'README.roboflow.txt': 'exported from roboflow',
  });

const boxes = () =>
  new Dataset({ labels: [{ name: 'cat' }, { name: 'dog' }] }, [
    {
      id: 'a',
      subset: 'train',
      media: { kind: 'image', path: 'a.jpg' },
      annotations: [
        { type: 'bbox', label: 0, x: 1, y: 2, w: 3, h: 4, attributes: {} },
        { type: 'bbox', label: 1, x: 0, y: 0, w: 10.25, h: 5, attributes: {} },
      ],
      attributes: {},
    },
    { id: 'b', subset: 'default', media: { kind: 'image', path: 'b.png' }, annotations: [], attributes: {} },
  ]);

describeFormat(createml, {
  fixtures: [
    {
      name: 'Roboflow export',
      tree: roboflow,
      expect: { items: 3, subsets: { train: 2, valid: 1 }, annotations: { bbox: 3 }, labels: ['cat', 'dog'] },
      check(ds) {
        const a = ds.get('train', 'cat_1')!;
        expect(a.annotations[0]).toMatchObject({ type: 'bbox', label: 0, x: 40, y: 35, w: 20, h: 10 });
        expect(a.media?.path).toBe('train/cat_1.jpg');
      },
    },
    {
      name: 'Create ML app layout (one .json beside the images)',
      tree: memoryTree({ 'annotations.json': JSON.stringify(valid, null, 2), 'dog_2.jpg': 'x' }),
      expect: { items: 1, subsets: { default: 1 }, annotations: { bbox: 1 } },
    },
  ],
  roundTrips: [{ name: 'boxes with label 0, two subsets', source: boxes }],
  badInputs: [
    {
      name: 'a box without coordinates',
      tree: memoryTree({
        'a.json': JSON.stringify([{ image: 'a.jpg', annotations: [{ label: 'x', coordinates: { x: 1 } }] }]),
      }),
      code: 'bad-field',
      message: '[0].annotations[0].coordinates',
    },
    {
      name: 'truncated JSON',
      tree: memoryTree({ '_annotations.createml.json': '[{"image": "a.jpg", "ann' }),
    },
  ],
});

describe('createml details', () => {
  it("answers to Datumaro's roboflow_create_ml, and Roboflow's export is detected as createml", async () => {
    const registry = createRegistry([createml]);
    expect(registry.get('roboflow_create_ml')).toBe(createml);
    const { matches } = await registry.detect(roboflow());
    expect(matches.map((m) => m.id)).toEqual(['createml']);
  });

  it('writes what Roboflow and Create ML read: centre coordinates, one file per subset folder', async () => {
    const { tree, report } = await writeAndReadBack(createml, boxes());
    expect(report.dropped).toEqual({});
    const doc = JSON.parse(new TextDecoder().decode(await tree.read('train/_annotations.createml.json')));
    expect(doc[0]).toEqual({
      image: 'a.jpg',
      annotations: [
        { label: 'cat', coordinates: { x: 2.5, y: 4, width: 3, height: 4 } },
        { label: 'dog', coordinates: { x: 5.125, y: 2.5, width: 10.25, height: 5 } },
      ],
    });
    expect(await tree.exists('_annotations.createml.json')).toBe(true);
  });

  it('counts what Create ML cannot hold', async () => {
    const ds = new Dataset({ labels: [{ name: 'cat' }] }, [
      {
        id: 'a',
        subset: 'default',
        annotations: [
          { type: 'bbox', x: 0, y: 0, w: 1, h: 1, attributes: {} },
          { type: 'polygon', label: 0, points: [0, 0, 1, 0, 1, 1], attributes: {} },
        ],
        attributes: {},
      },
    ]);
    const { report } = await writeAndReadBack(createml, ds);
    expect(report.dropped).toEqual({ bbox: 1, polygon: 1 });
    expect(report.warnings.join('\n')).toMatch(/need a label/);
  });

  it('is not taken for another JSON format', async () => {
    const coco = memoryTree({
      'instances.json': JSON.stringify({ images: [], annotations: [], categories: [] }),
    });
    await expect(readAll(createml, coco)).rejects.toThrow(/no Create ML file/);
  });
});

import { bitmapMask, Dataset, loadMask, memoryTree } from '@labelport/core';
import { encodePng } from '@labelport/core/png';
import { describeFormat, expectSameDataset, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { ade20k2020 } from '../src/index.js';

const rgbPng = (width: number, pixels: number[][]) =>
  encodePng({ width, height: pixels.length / width, colorType: 'rgb', data: pixels.flat() });
const grayPng = (width: number, values: number[]) =>
  encodePng({ width, height: values.length / width, colorType: 'gray', data: values });
const mask = (width: number, height: number, ones: number[]) => {
  const data = new Uint8Array(width * height);
  for (const i of ones) data[i] = 1;
  return bitmapMask({ width, height, data });
};
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]);
const object = (id: number, ndx: number, name: string, level: number, extra: object = {}) => ({
  id,
  name,
  name_ndx: ndx,
  raw_name: name,
  attributes: [],
  occluded: 'no',
  parts: { part_level: level },
  instance_mask: `img/instance_${String(id).padStart(3, '0')}_img.png`,
  polygon: { x: [], y: [] },
  ...extra,
});

// 3x1: pixel 1 person (class 1831 = R 70, G 39), pixel 2 car (class 401 = R 10, G 145); a wheel part on pixel 2.
const fixture = () =>
  memoryTree({
    'ade/training/img.jpg': JPEG,
    'ade/training/img.json': JSON.stringify({
      annotation: {
        filename: 'img.jpg',
        object: [
          object(0, 1831, 'person', 0, { attributes: 'walkin', polygon: { x: [1, 2, 2], y: [0, 0, 1] } }),
          object(1, 401, 'car', 0),
          object(2, 3000, 'wheel', 1),
        ],
      },
    }),
    'ade/training/img_seg.png': rgbPng(3, [
      [0, 0, 0],
      [70, 39, 1],
      [10, 145, 2],
    ]),
    'ade/training/img_parts_1.png': rgbPng(3, [
      [0, 0, 0],
      [0, 0, 0],
      [110, 184, 1],
    ]),
    'ade/training/img/instance_000_img.png': grayPng(3, [0, 255, 0]),
    'ade/training/img/instance_001_img.png': grayPng(3, [0, 0, 255]),
    'ade/training/img/instance_002_img.png': grayPng(3, [0, 0, 255]),
  });

describeFormat(ade20k2020, {
  fixtures: [
    {
      name: 'class, object and part masks, a polygon',
      tree: fixture,
      // 3 objects -> 3 class masks (2 at level 0, 1 at level 1) + 3 object masks + 1 polygon (person).
      expect: {
        items: 1,
        subsets: { training: 1 },
        annotations: { mask: 6, polygon: 1 },
        labels: ['person', 'car', 'wheel'],
      },
      check(ds) {
        expect(ds.categories.labels.map((l) => l.id)).toEqual([1831, 401, 3000]);
        const anns = ds.get('training', 'img')?.annotations ?? [];
        expect(anns.map((a) => [a.type, a.label, a.id, a.zOrder, a.attributes])).toEqual([
          ['mask', 1, 401, 0, {}],
          ['mask', 0, 1831, 0, {}],
          ['mask', 2, 3000, 1, {}],
          ['mask', 0, 0, 0, { walkin: true }],
          ['polygon', 0, 0, 0, { walkin: true }],
          ['mask', 1, 1, 0, {}],
          ['mask', 2, 2, 1, {}],
        ]);
      },
    },
  ],
  roundTrips: [
    {
      name: 'read-made annotations: class masks, objects, parts and polygons',
      source: () =>
        new Dataset(
          {
            labels: [
              { name: 'person', id: 1831 },
              { name: 'car', id: 401 },
              { name: 'wheel', id: 3000 },
            ],
          },
          [
            {
              id: 'street/1',
              subset: 'training',
              media: { kind: 'image' },
              annotations: [
                {
                  type: 'mask',
                  label: 0,
                  id: 1831,
                  group: 1831,
                  zOrder: 0,
                  mask: mask(4, 1, [1]),
                  attributes: {},
                },
                {
                  type: 'mask',
                  label: 1,
                  id: 401,
                  group: 401,
                  zOrder: 0,
                  mask: mask(4, 1, [2, 3]),
                  attributes: {},
                },
                {
                  type: 'mask',
                  label: 2,
                  id: 3000,
                  group: 3000,
                  zOrder: 1,
                  mask: mask(4, 1, [3]),
                  attributes: {},
                },
                {
                  type: 'mask',
                  label: 0,
                  id: 1,
                  group: 1,
                  zOrder: 0,
                  mask: mask(4, 1, [1]),
                  attributes: { walkin: true },
                },
                {
                  type: 'polygon',
                  label: 0,
                  id: 1,
                  group: 1,
                  zOrder: 0,
                  points: [1, 0, 2, 0, 2, 1],
                  attributes: { walkin: true },
                },
                {
                  type: 'mask',
                  label: 1,
                  id: 2,
                  group: 2,
                  zOrder: 0,
                  mask: mask(4, 1, [2, 3]),
                  attributes: { occluded: true },
                },
                { type: 'mask', label: 2, id: 3, group: 3, zOrder: 1, mask: mask(4, 1, [3]), attributes: {} },
              ],
              attributes: {},
            },
          ],
        ),
    },
  ],
  badInputs: [
    {
      name: 'an object without a class index',
      tree: memoryTree({
        'training/1.jpg': JPEG,
        'training/1.json': JSON.stringify({
          annotation: {
            object: [{ id: 0, raw_name: 'x', parts: { part_level: 0 }, instance_mask: 'a.png' }],
          },
        }),
      }),
      message: /training\/1\.json: annotation\.object\[0\]\.name_ndx: expected a non-negative integer/,
    },
    {
      name: 'a truncated JSON',
      tree: memoryTree({ 'training/1.jpg': JPEG, 'training/1.json': '{"annotation": {"object": [' }),
      code: 'bad-json',
      message: /training\/1\.json/,
    },
    {
      name: 'an instance mask outside the dataset',
      tree: memoryTree({
        'training/1.jpg': JPEG,
        'training/1.json': JSON.stringify({
          annotation: { object: [object(0, 1, 'x', 0, { instance_mask: '../../../etc/x.png' })] },
        }),
      }),
      code: 'unsafe-path',
    },
  ],
});

describe('ade20k2020 details', () => {
  it('writes class masks from the objects when the source has none', async () => {
    const ds = new Dataset({ labels: [{ name: 'car' }, { name: 'tree' }] }, [
      {
        id: '1',
        subset: 'validation',
        annotations: [
          { type: 'mask', label: 0, mask: mask(3, 1, [0]), attributes: { parked: true, score: 0.9 } },
          { type: 'polygon', label: 1, points: [1, 0, 2, 0, 2, 1, 1, 1], attributes: {} },
          { type: 'bbox', label: 1, x: 0, y: 0, w: 1, h: 1, attributes: {} },
        ],
        attributes: {},
      },
    ]);
    const { dataset, report } = await writeAndReadBack(ade20k2020, ds);
    expect(report.dropped).toEqual({ attribute: 1, bbox: 1 });
    const anns = dataset.get('validation', '1')?.annotations ?? [];
    // Class masks for car (class 1) and tree (class 2), then the two objects and the tree's polygon.
    expect(
      anns.map((a) => [a.type, dataset.categories.labels[a.label as number].name, a.id, a.attributes]),
    ).toEqual([
      ['mask', 'car', 1, {}],
      ['mask', 'tree', 2, {}],
      ['mask', 'car', 0, { parked: true }],
      ['mask', 'tree', 1, {}],
      ['polygon', 'tree', 1, {}],
    ]);
  });

  it('says which file is bad when a lazy mask cannot be decoded', async () => {
    const tree = memoryTree({
      'training/1.jpg': JPEG,
      'training/1.json': JSON.stringify({ annotation: { object: [object(0, 1, 'x', 0)] } }),
      'training/1_seg.png': Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]),
      'training/img/instance_000_img.png': grayPng(1, [255]),
    });
    const ds = await readAll(ade20k2020, tree);
    const first = ds.get('training', '1')?.annotations[0];
    if (first?.type !== 'mask') throw new Error('expected a mask');
    await expect(loadMask(first.mask)).rejects.toMatchObject({
      name: 'DatasetError',
      code: 'bad-image',
      file: 'training/1_seg.png',
    });
  });

  it('reads the label order of the objects', async () => {
    const ds = await readAll(ade20k2020, fixture().sub('ade'));
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['person', 'car', 'wheel']);
  });

  it('escapes non-ASCII names in the JSON (Datumaro reads it as Latin-1)', async () => {
    const ds = new Dataset({ labels: [{ name: 'café' }] }, [
      {
        id: '1',
        subset: 'training',
        annotations: [{ type: 'mask', label: 0, mask: mask(2, 1, [0]), attributes: {} }],
        attributes: {},
      },
    ]);
    const { dataset, tree } = await writeAndReadBack(ade20k2020, ds);
    expect(new TextDecoder().decode(await tree.read('training/1.json'))).toContain(
      '"raw_name": "caf\\u00e9"',
    );
    expect(dataset.categories.labels.map((l) => l.name)).toEqual(['café']);
  });

  it('reads annotation files whose image is missing, and leaves other JSON alone', async () => {
    const tree = memoryTree({
      'training/1.json': JSON.stringify({ annotation: { object: [] } }),
      'training/notes.json': '{"author": "me"}',
    });
    const ds = await readAll(ade20k2020, tree);
    expect(ds.subset('training').map((i) => [i.id, i.media])).toEqual([['1', { kind: 'image' }]]);
  });

  it('pairs a polygon with its object mask when id 0 was left out (as the Datumaro format does)', async () => {
    const ds = await readAll(ade20k2020, fixture().sub('ade'));
    const stripped = ds.map((item) => ({
      ...item,
      annotations: item.annotations.map((a) => {
        if (a.id !== 0) return a;
        const { id: _id, ...rest } = a;
        return rest as typeof a;
      }),
    }));
    const { dataset, report } = await writeAndReadBack(ade20k2020, stripped);
    expect(report.dropped).toEqual({});
    await expectSameDataset(dataset, ds, { ignoreMedia: true });
  });
});

describe('ade20k2020 saveMedia (core saveMedia, mediaExtension)', () => {
  it('keeps the extension as written, reads the image back, and counts one referenced without bytes', async () => {
    const ds = new Dataset({ labels: [{ name: 'car' }] }, [
      {
        id: 'a',
        subset: 'training',
        attributes: {},
        media: { kind: 'image', path: 'x/a.JPG', width: 2, height: 1, bytes: async () => JPEG },
        annotations: [{ type: 'mask', label: 0, mask: mask(2, 1, [1]), attributes: {} }],
      },
      {
        id: 'b',
        subset: 'training',
        attributes: {},
        media: { kind: 'image', path: 'b.jpg', width: 2, height: 1 },
        annotations: [{ type: 'mask', label: 0, mask: mask(2, 1, [0]), attributes: {} }],
      },
    ]);
    const { dataset, report, tree } = await writeAndReadBack(ade20k2020, ds, { saveMedia: true });
    expect(await tree.read('training/a.JPG')).toEqual(JPEG);
    expect(await dataset.get('training', 'a')!.media!.bytes!()).toEqual(JPEG);
    expect(report.dropped).toEqual({ media: 1 });
  });
});

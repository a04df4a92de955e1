import { memoryTree } from '@labelport/core';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { datumaro } from '../src/index.js';
import { everyAnnotationType } from './sample.js';

const small = {
  'annotations/train.json': JSON.stringify({
    dm_format_version: '1.0',
    media_type: 2,
    infos: {},
    categories: {
      label: {
        labels: [
          { name: 'cat', parent: '', attributes: [] },
          { name: 'dog', parent: '', attributes: [] },
        ],
        attributes: [],
      },
    },
    items: [
      {
        id: 'img1',
        annotations: [
          {
            id: 1,
            type: 'bbox',
            attributes: { occluded: false },
            group: 0,
            label_id: 1,
            z_order: 0,
            bbox: [1, 2, 3, 4],
          },
          {
            id: 2,
            type: 'polygon',
            attributes: {},
            group: 0,
            label_id: 0,
            z_order: 0,
            points: [0, 0, 1, 0, 1, 1],
          },
          {
            id: 3,
            type: 'mask',
            attributes: {},
            group: 0,
            label_id: 0,
            z_order: 0,
            rle: { counts: '061', size: [1, 7] },
          },
        ],
        image: { path: 'img1.jpg', size: [10, 20] },
      },
    ],
  }),
  'annotations/test.json':
    '\uFEFF{"categories": {"label": {"labels": [{"name": "cat", "parent": ""}, {"name": "dog", "parent": ""}]}}, "items": [{"id": "x", "annotations": [{"type": "label", "label_id": 0}]}]}',
  'images/train/img1.jpg': new Uint8Array([0xff, 0xd8, 0xff]),
};

describeFormat(datumaro, {
  fixtures: [
    {
      name: 'inline, two subsets, BOM in one file',
      tree: memoryTree(small),
      expect: {
        items: 2,
        subsets: { train: 1, test: 1 },
        annotations: { bbox: 1, polygon: 1, mask: 1, label: 1 },
        labels: ['cat', 'dog'],
      },
      async check(ds) {
        const img = ds.get('train', 'img1')!;
        expect(img.media).toMatchObject({
          kind: 'image',
          path: 'images/train/img1.jpg',
          width: 20,
          height: 10,
        });
        expect(await img.media!.bytes!()).toHaveLength(3);
        expect(img.annotations[0]).toMatchObject({
          type: 'bbox',
          id: 1,
          label: 1,
          x: 1,
          y: 2,
          w: 3,
          h: 4,
          attributes: { occluded: false },
        });
      },
    },
    {
      name: 'nested one folder down',
      tree: memoryTree(Object.fromEntries(Object.entries(small).map(([k, v]) => [`export/${k}`, v]))),
      detect: true,
      expect: { items: 2 },
    },
  ],
  roundTrips: [
    { name: 'every annotation type', source: everyAnnotationType, compare: { ignoreMedia: true } },
  ],
  badInputs: [
    {
      name: 'truncated JSON',
      tree: memoryTree({ 'annotations/a.json': '{"items": [{"id": "x", ' }),
      code: 'bad-json',
      message: /annotations\/a\.json: line 1/,
    },
    {
      name: 'items not a list',
      tree: memoryTree({ 'annotations/a.json': '{"items": 5}' }),
      code: 'bad-value',
      message: 'items',
    },
    {
      name: 'bbox with 3 numbers',
      tree: memoryTree({
        'annotations/a.json': JSON.stringify({
          categories: { label: { labels: [{ name: 'a' }] } },
          items: [{ id: 'x', annotations: [{ type: 'bbox', label_id: 0, bbox: [1, 2, 3] }] }],
        }),
      }),
      message: 'annotations/a.json: items[0].annotations[0].bbox: expected 4 numbers',
    },
    {
      name: 'label out of range',
      tree: memoryTree({
        'annotations/a.json': JSON.stringify({
          categories: { label: { labels: [{ name: 'a' }] } },
          items: [{ id: 'x', annotations: [{ type: 'label', label_id: 3 }] }],
        }),
      }),
      message: /items\[0\]\.annotations\[0\]\.label_id/,
    },
    {
      name: 'image path leaving the root',
      tree: memoryTree({
        'annotations/a.json': JSON.stringify({ items: [{ id: 'x', image: { path: '../../etc/passwd' } }] }),
      }),
      code: 'unsafe-path',
    },
  ],
});

it('lenient reading skips a bad annotation and reports it', async () => {
  const warnings: string[] = [];
  const tree = memoryTree({
    'annotations/a.json': JSON.stringify({
      categories: { label: { labels: [{ name: 'a' }] } },
      items: [
        {
          id: 'x',
          annotations: [
            { type: 'bbox', label_id: 0, bbox: [1] },
            { type: 'label', label_id: 0 },
          ],
        },
      ],
    }),
  });
  const ds = await readAll(datumaro, tree, { lenient: true, onWarning: (w: string) => warnings.push(w) });
  expect(ds.get('a', 'x')!.annotations.map((a) => a.type)).toEqual(['label']);
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain('bbox');
});

it('writes what Datumaro writes: version, media type, compressed RLE, 1-based joints, image size as [h, w]', async () => {
  const { tree } = await writeAndReadBack(datumaro, everyAnnotationType());
  const doc = JSON.parse(new TextDecoder().decode(await tree.read('annotations/train.json')));
  expect(doc.dm_format_version).toBe('1.0');
  expect(doc.media_type).toBe(2);
  expect(doc.categories.points.items[0].joints).toEqual([
    [1, 2],
    [2, 3],
  ]);
  const item = doc.items[0];
  expect(item.image).toEqual({ path: 'a_1.jpg', size: [3, 4] });
  const mask = item.annotations.find((a: { type: string }) => a.type === 'mask');
  // Column-major pixels of the 4x3 mask in sample.ts: col0 0,0,1 / col1 1,1,1 / col2 1,0,1 / col3 0,0,1,
  // so the runs are [2,5,1,1,2,1]; compressed (spec section 6): '2','5','1', then deltas from index 3:
  // 1-5 = -4 -> 'L', 2-1 = 1 -> '1', 1-1 = 0 -> '0'.
  expect(mask.rle).toEqual({ counts: '251L10', size: [3, 4] });
  expect(item.annotations.find((a: { type: string }) => a.type === 'cuboid_3d')).toMatchObject({
    position: [1, 2, 3],
  });
});

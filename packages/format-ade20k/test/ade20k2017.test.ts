import { bitmapMask, Dataset, loadMask, memoryTree } from '@labelport/core';
import { encodePng } from '@labelport/core/png';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { ade20k2017 } from '../src/index.js';

/** An RGB PNG from [r, g, b] pixels, row by row. */
const rgbPng = (width: number, pixels: number[][]) =>
  encodePng({ width, height: pixels.length / width, colorType: 'rgb', data: pixels.flat() });
const mask = (width: number, height: number, ones: number[]) => {
  const data = new Uint8Array(width * height);
  for (const i of ones) data[i] = 1;
  return bitmapMask({ width, height, data });
};
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]);

// 3x1 image: pixel 0 background, pixel 1 instance B=5, pixel 2 instance B=9 (ranks 1 and 2).
const fixture = () =>
  memoryTree({
    'ade/dataset_meta.json': '{"labels": ["wall"]}',
    'ade/training/a/img.jpg': JPEG,
    'ade/training/a/img_atr.txt':
      '001 # 0 # 0 # person, individual # person # "walkin, sitting"\n002 # 0 # 1 # car # car # ""\n001 # 1 # 0 # wheel # wheel # ""\n',
    'ade/training/a/img_seg.png': rgbPng(3, [
      [0, 0, 0],
      [0, 10, 5],
      [10, 2, 9],
    ]),
    'ade/training/a/img_parts_1.png': rgbPng(3, [
      [0, 0, 0],
      [0, 0, 0],
      [0, 7, 3],
    ]),
    'ade/validation/other.jpg': JPEG,
    'ade/validation/other_atr.txt': '',
  });

describeFormat(ade20k2017, {
  fixtures: [
    {
      name: 'instances and parts, labels after the meta file',
      tree: fixture,
      // img: 2 objects at level 0 and 1 at level 1; other: none.
      expect: {
        items: 2,
        subsets: { training: 1, validation: 1 },
        annotations: { mask: 3 },
        labels: ['wall', 'person', 'car', 'wheel'],
      },
      check(ds) {
        const anns = ds.get('training', 'a/img')?.annotations ?? [];
        expect(anns.map((a) => [a.label, a.id, a.zOrder, a.group, a.attributes])).toEqual([
          [1, 1, 0, 1, { walkin: true, sitting: true }],
          [2, 2, 0, 2, {}],
          [3, 1, 1, 1, {}],
        ]);
      },
    },
  ],
  roundTrips: [
    {
      name: 'objects at two part levels',
      source: () =>
        new Dataset({ labels: [{ name: 'person' }, { name: 'car' }, { name: 'wheel' }] }, [
          {
            id: 'street/1',
            subset: 'training',
            media: { kind: 'image' },
            annotations: [
              {
                type: 'mask',
                label: 0,
                id: 1,
                group: 1,
                zOrder: 0,
                mask: mask(4, 2, [1, 5]),
                attributes: { walkin: true, occluded: true },
              },
              {
                type: 'mask',
                label: 1,
                id: 2,
                group: 2,
                zOrder: 0,
                mask: mask(4, 2, [2, 3, 6, 7]),
                attributes: {},
              },
              { type: 'mask', label: 2, id: 1, group: 1, zOrder: 1, mask: mask(4, 2, [3]), attributes: {} },
            ],
            attributes: {},
          },
          { id: '2', subset: 'validation', media: { kind: 'image' }, annotations: [], attributes: {} },
        ]),
    },
  ],
  badInputs: [
    {
      name: 'an _atr.txt line with 5 columns',
      tree: memoryTree({ 'training/1.jpg': JPEG, 'training/1_atr.txt': '001 # 0 # 0 # sky # "x"\n' }),
      message: /training\/1_atr\.txt: line 1: expected 6 columns/,
    },
    {
      name: 'attributes not in quotes',
      tree: memoryTree({ 'training/1.jpg': JPEG, 'training/1_atr.txt': '001 # 0 # 0 # sky # sky # x\n' }),
      message: /line 1: the attributes column must be in double quotes/,
    },
    {
      name: 'an image with no _atr.txt',
      tree: memoryTree({ 'training/1.jpg': JPEG, 'training/2.jpg': JPEG, 'training/2_atr.txt': '' }),
      code: 'not-found',
      message: /training\/1\.jpg: no training\/1_atr\.txt/,
    },
  ],
});

describe('ade20k2017 details', () => {
  it('renumbers instances so that the ranks of their B values are their ids', async () => {
    const ds = new Dataset({ labels: [{ name: 'x' }] }, [
      {
        id: '1',
        subset: 'training',
        annotations: [
          // Covers the whole image between them: no background, so the ranks start at 0.
          { type: 'mask', label: 0, id: 7, mask: mask(2, 1, [0]), attributes: {} },
          { type: 'mask', label: 0, id: 9, mask: mask(2, 1, [1]), attributes: { score: 0.5 } },
        ],
        attributes: {},
      },
    ]);
    const { dataset, report, tree } = await writeAndReadBack(ade20k2017, ds);
    expect(new TextDecoder().decode(await tree.read('training/1_atr.txt'))).toBe(
      '000 # 0 # 0 # x # x # ""\n001 # 0 # 0 # x # x # ""\n',
    );
    expect(dataset.get('training', '1')?.annotations.map((a) => a.id)).toEqual([0, 1]);
    expect(report.dropped).toEqual({ attribute: 1 });
  });

  it('warns about a missing part level file and keeps the rest', async () => {
    const warnings: string[] = [];
    const tree = memoryTree({
      'training/1.jpg': JPEG,
      'training/1_atr.txt': '001 # 0 # 0 # a # a # ""\n001 # 1 # 0 # b # b # ""\n',
      'training/1_seg.png': rgbPng(1, [[0, 1, 1]]),
    });
    const ds = await readAll(ade20k2017, tree, { onWarning: (m: string) => warnings.push(m) });
    expect(ds.get('training', '1')?.annotations).toHaveLength(1);
    expect(warnings).toEqual([expect.stringMatching(/training\/1_parts_1\.png: missing/)]);
  });

  it('draws polygons into masks, reporting the conversion', async () => {
    const ds = new Dataset({ labels: [{ name: 'x' }] }, [
      {
        id: '1',
        subset: 'training',
        media: { kind: 'image', width: 4, height: 2 },
        annotations: [{ type: 'polygon', label: 0, points: [0, 0, 2, 0, 2, 2, 0, 2], attributes: {} }],
        attributes: {},
      },
    ]);
    const { dataset, report } = await writeAndReadBack(ade20k2017, ds);
    expect(report.converted).toEqual({ 'polygon->mask': 1 });
    const a = dataset.get('training', '1')?.annotations[0];
    if (a?.type !== 'mask') throw new Error('expected a mask');
    expect([...(await loadMask(a.mask)).data]).toEqual([1, 1, 0, 0, 1, 1, 0, 0]);
  });
});

import { bitmapMask, Dataset, loadMask, memoryTree } from '@labelport/core';
import { decodePng, encodePng } from '@labelport/core/png';
import { describeFormat, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { KITTI_LABEL_MAP, kittiSegmentation } from '../src/index.js';

const png16 = (width: number, values: number[]) =>
  encodePng({ width, height: values.length / width, colorType: 'gray', bitDepth: 16, data: values });
const bits = (width: number, data: number[]) =>
  bitmapMask({ width, height: data.length / width, data: Uint8Array.from(data) });
const v = (label: number, instance: number) => label * 256 + instance;

const source = () =>
  new Dataset(
    {
      labels: [{ name: 'background' }, { name: 'car' }, { name: 'road' }],
      colors: new Map([
        [0, [0, 0, 0]],
        [1, [0, 0, 142]],
        [2, [128, 64, 128]],
      ]),
    },
    [
      {
        id: '000000_10',
        subset: 'training',
        attributes: {},
        media: { kind: 'image', width: 3, height: 2 },
        annotations: [
          {
            type: 'mask',
            id: 0,
            label: 2,
            mask: bits(3, [1, 1, 1, 0, 0, 0]),
            attributes: { is_crowd: true },
          },
          {
            type: 'mask',
            id: 1,
            label: 1,
            mask: bits(3, [0, 0, 0, 1, 1, 0]),
            attributes: { is_crowd: false },
          },
          {
            type: 'mask',
            id: 2,
            label: 1,
            mask: bits(3, [0, 0, 0, 0, 0, 1]),
            attributes: { is_crowd: false },
          },
        ],
      },
    ],
  );

describeFormat(kittiSegmentation, {
  fixtures: [
    {
      name: 'instance PNGs with the KITTI label map',
      tree: () =>
        memoryTree({
          'data_semantics/training/instance/a.png': png16(2, [v(7, 0), v(26, 1), v(26, 2), v(26, 1)]),
          'data_semantics/training/image_2/a.png': png16(2, [0, 0, 0, 0]),
          'data_semantics/training/image_2/b.png': png16(2, [0, 0, 0, 0]),
        }),
      // a.png: road (7) crowd, car (26) instances 1 and 2; b has an image only.
      expect: { items: 2, annotations: { mask: 3 }, labels: KITTI_LABEL_MAP.map(([n]) => n) },
      async check(ds) {
        const anns = ds.get('training', 'a')?.annotations ?? [];
        expect(anns.map((a) => [a.label, a.id, a.attributes.is_crowd])).toEqual([
          [7, 0, true],
          [26, 1, false],
          [26, 2, false],
        ]);
        const m = anns[1];
        if (m.type !== 'mask') throw new Error('mask expected');
        expect(Array.from((await loadMask(m.mask)).data)).toEqual([0, 1, 0, 1]);
        expect(ds.get('training', 'b')?.media).toMatchObject({ width: 2, height: 2 });
      },
    },
    {
      name: 'custom labels from label_colors.txt',
      tree: () =>
        memoryTree({
          'label_colors.txt': '0 0 0 bg\n255 0 0 cat\n',
          'x/instance/1.png': png16(1, [v(1, 3)]),
        }),
      expect: { items: 1, subsets: { x: 1 }, annotations: { mask: 1 }, labels: ['bg', 'cat'] },
      check(ds) {
        expect(ds.categories.colors?.get(1)).toEqual([255, 0, 0]);
      },
    },
  ],
  roundTrips: [{ name: 'crowd and instances', source }],
  badInputs: [
    {
      name: 'a truncated PNG',
      tree: () => memoryTree({ 'instance/1.png': png16(2, [1, 2, 3, 4]).slice(0, 40) }),
      message: /instance\/1\.png/,
    },
    {
      name: 'label past the label map',
      tree: memoryTree({ 'label_colors.txt': '0 0 0 bg\n', 'instance/1.png': png16(1, [v(5, 1)]) }),
      message: /instance\/1\.png: pixel value 1281 is label 5/,
    },
    {
      name: 'bad label_colors.txt',
      tree: memoryTree({ 'label_colors.txt': '0 0 bg x y\n', 'instance/1.png': png16(1, [0]) }),
      message: /label_colors\.txt: line 1/,
    },
  ],
});

describe('kitti_segmentation details', () => {
  it('writes instance (label * 256 + n), semantic and semantic_rgb PNGs and label_colors.txt', async () => {
    const { tree } = await writeAndReadBack(kittiSegmentation, source());
    const inst = decodePng(await tree.read('training/instance/000000_10.png'));
    expect([inst.bitDepth, ...inst.data]).toEqual([16, 512, 512, 512, 257, 257, 258]);
    expect(Array.from(decodePng(await tree.read('training/semantic/000000_10.png')).data)).toEqual([
      2, 2, 2, 1, 1, 1,
    ]);
    expect(
      Array.from(decodePng(await tree.read('training/semantic_rgb/000000_10.png')).data.slice(0, 6)),
    ).toEqual([128, 64, 128, 128, 64, 128]);
    expect(new TextDecoder().decode(await tree.read('label_colors.txt'))).toBe(
      '0 0 0 background\n0 0 142 car\n128 64 128 road\n',
    );
  });

  it('numbers instances KITTI cannot hold, and says so', async () => {
    const ds = new Dataset({ labels: [{ name: 'car' }] }, [
      {
        id: '1',
        subset: 'default',
        attributes: {},
        annotations: [
          { type: 'mask', id: 1000, label: 0, mask: bits(2, [1, 0]), attributes: {} },
          { type: 'mask', label: 0, mask: bits(2, [0, 1]), attributes: {} },
        ],
      },
    ]);
    const { dataset, report } = await writeAndReadBack(kittiSegmentation, ds);
    expect(report.warnings.join()).toMatch(/2 masks got a new instance number/);
    expect(dataset.get('default', '1')?.annotations.map((a) => a.id)).toEqual([1, 2]);
  });
});

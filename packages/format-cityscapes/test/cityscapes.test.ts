import { bitmapMask, Dataset, loadMask, memoryTree } from '@labelport/core';
import { decodePng, encodePng } from '@labelport/core/png';
import { describeFormat, expectSameDataset, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { CITYSCAPES_LABELS, cityscapes } from '../src/index.js';

const png16 = (width: number, values: number[]) =>
  encodePng({ width, height: values.length / width, colorType: 'gray', bitDepth: 16, data: values });
const png8 = (width: number, values: number[]) =>
  encodePng({ width, height: values.length / width, colorType: 'gray', data: values });
const bits = (width: number, data: number[]) =>
  bitmapMask({ width, height: data.length / width, data: Uint8Array.from(data) });
const NAMES = CITYSCAPES_LABELS.map((l) => l.name);
const CAR = NAMES.indexOf('car');
const ROAD = NAMES.indexOf('road');

const source = () =>
  new Dataset(
    {
      labels: CITYSCAPES_LABELS.map((l) => ({ name: l.name })),
      colors: new Map(CITYSCAPES_LABELS.map((l, i) => [i, l.color])),
    },
    [
      {
        id: 'aachen/aachen_000000_000019',
        subset: 'train',
        attributes: {},
        media: { kind: 'image', width: 3, height: 2 },
        annotations: [
          { type: 'mask', label: ROAD, mask: bits(3, [1, 1, 1, 0, 0, 0]), attributes: { is_crowd: true } },
          {
            type: 'mask',
            id: 0,
            label: CAR,
            mask: bits(3, [0, 0, 0, 1, 0, 0]),
            attributes: { is_crowd: false },
          },
          {
            type: 'mask',
            id: 7,
            label: CAR,
            mask: bits(3, [0, 0, 0, 0, 1, 1]),
            attributes: { is_crowd: false },
          },
        ],
      },
      {
        id: 'bonn/bonn_000001_000019',
        subset: 'val',
        attributes: {},
        media: { kind: 'image', width: 1, height: 1 },
        annotations: [{ type: 'mask', label: ROAD, mask: bits(1, [1]), attributes: { is_crowd: true } }],
      },
    ],
  );

describeFormat(cityscapes, {
  fixtures: [
    {
      name: 'instanceIds with crowd and instances, images',
      tree: () =>
        memoryTree({
          'cs/gtFine/val/frankfurt/frankfurt_000000_000294_gtFine_instanceIds.png': png16(
            2,
            [7, 26000, 26001, 26001],
          ),
          'cs/gtFine/val/frankfurt/frankfurt_000000_000294_gtFine_labelIds.png': png8(2, [7, 26, 26, 26]),
          'cs/leftImg8bit/val/frankfurt/frankfurt_000000_000294_leftImg8bit.png': png8(2, [0, 0, 0, 0]),
          'cs/leftImg8bit/test/berlin/berlin_000000_000019_leftImg8bit.png': png8(2, [0, 0, 0, 0]),
        }),
      // One annotated val image (road crowd, car #0, car #1) and one test image with no annotations.
      expect: { items: 2, subsets: { test: 1, val: 1 }, annotations: { mask: 3 }, labels: NAMES },
      async check(ds) {
        const item = ds.get('val', 'frankfurt/frankfurt_000000_000294');
        expect(item?.media).toMatchObject({
          path: 'leftImg8bit/val/frankfurt/frankfurt_000000_000294_leftImg8bit.png',
          width: 2,
          height: 2,
        });
        expect(item?.annotations.map((a) => [a.label, a.id, a.attributes.is_crowd])).toEqual([
          [ROAD, undefined, true],
          [CAR, 0, false],
          [CAR, 1, false],
        ]);
        const m = item?.annotations[2];
        if (m?.type !== 'mask') throw new Error('mask expected');
        expect(Array.from((await loadMask(m.mask)).data)).toEqual([0, 0, 1, 1]);
        expect(ds.get('test', 'berlin/berlin_000000_000019')?.media).toMatchObject({ width: 2, height: 2 });
      },
    },
    {
      name: 'images in imgsFine/leftImg8bit',
      tree: () =>
        memoryTree({
          'gtFine/val/c/c_1_2_gtFine_instanceIds.png': png16(1, [7]),
          'imgsFine/leftImg8bit/val/c/c_1_2_leftImg8bit.png': png8(1, [0]),
        }),
      expect: { items: 1, annotations: { mask: 1 } },
      check(ds) {
        expect(ds.get('val', 'c/c_1_2')?.media?.path).toBe(
          'imgsFine/leftImg8bit/val/c/c_1_2_leftImg8bit.png',
        );
      },
    },
    {
      name: 'labelTrainIds (preferred, as Datumaro) with void 255',
      tree: () =>
        memoryTree({
          'gtFine/train/c/c_1_2_gtFine_instanceIds.png': png16(2, [26001, 7, 7, 0]),
          'gtFine/train/c/c_1_2_gtFine_labelTrainIds.png': png8(2, [13, 0, 0, 255]),
        }),
      expect: { items: 1, annotations: { mask: 2 } },
      check(ds) {
        expect(ds.categories.labels[13].name).toBe('car');
        expect(ds.categories.labels[19].name).toBe('background');
      },
    },
    {
      name: 'polygons.json',
      tree: () =>
        memoryTree({
          'gtFine/val/x/x_1_2_gtFine_polygons.json': JSON.stringify({
            imgHeight: 4,
            imgWidth: 4,
            objects: [
              {
                label: 'road',
                polygon: [
                  [0, 0],
                  [4, 0],
                  [4, 4],
                  [0, 4],
                ],
              },
              {
                label: 'cargroup',
                polygon: [
                  [1, 1],
                  [3, 1],
                  [3, 3],
                ],
              },
              {
                label: 'traffic light',
                polygon: [
                  [0, 0],
                  [1, 0],
                  [1, 1],
                ],
                deleted: 1,
              },
            ],
          }),
        }),
      expect: { items: 1, annotations: { polygon: 2 } },
      check(ds) {
        const [road, car] = ds.get('val', 'x/x_1_2')?.annotations ?? [];
        expect([road.label, road.attributes.is_crowd, car.label, car.attributes.is_crowd]).toEqual([
          ROAD,
          true, // road has no instances: its polygons are class-only regions, as its mask pixels are
          CAR,
          true, // 'cargroup'
        ]);
      },
    },
  ],
  roundTrips: [{ name: 'crowd and instance masks in two subsets', source }],
  badInputs: [
    {
      name: 'a truncated PNG',
      tree: () => memoryTree({ 'gtFine/a/c/b_gtFine_instanceIds.png': png16(2, [7, 7, 7, 7]).slice(0, 50) }),
      message: /b_gtFine_instanceIds\.png/,
    },
    {
      name: 'label past the label map',
      tree: memoryTree({
        'label_colors.txt': '0 0 0 bg\n',
        'gtFine/a/b_gtFine_instanceIds.png': png16(1, [5001]),
      }),
      message: /gtFine\/a\/b_gtFine_instanceIds\.png: pixel value 5001 is label 5/,
    },
    {
      name: 'broken polygons JSON',
      tree: memoryTree({ 'gtFine/a/b_gtFine_polygons.json': '{"objects": [' }),
      message: /b_gtFine_polygons\.json: .*(ends too early|line 1)/,
    },
    {
      name: 'polygon with two points',
      tree: memoryTree({
        'gtFine/a/b_gtFine_polygons.json': '{"objects": [{"label": "road", "polygon": [[0,0],[1,1]]}]}',
      }),
      message: /objects\[0\]\.polygon/,
    },
  ],
});

describe('cityscapes details', () => {
  it('writes instanceIds (class * 1000 + n, class for crowds), labelIds, color and label_colors.txt', async () => {
    const { tree } = await writeAndReadBack(cityscapes, source());
    const base = 'gtFine/train/aachen/aachen_000000_000019_gtFine_';
    const inst = decodePng(await tree.read(`${base}instanceIds.png`));
    expect([inst.bitDepth, ...inst.data]).toEqual([16, 7, 7, 7, 26000, 26007, 26007]);
    expect(Array.from(decodePng(await tree.read(`${base}labelIds.png`)).data)).toEqual([7, 7, 7, 26, 26, 26]);
    expect(Array.from(decodePng(await tree.read(`${base}color.png`)).data.slice(9, 12))).toEqual([0, 0, 142]);
    expect(new TextDecoder().decode(await tree.read('label_colors.txt')).split('\n')[7]).toBe(
      '128 64 128 road',
    );
  });

  it('rasterises polygons into masks and adds a background label when there is none', async () => {
    const ds = new Dataset({ labels: [{ name: 'car' }] }, [
      {
        id: 'a',
        subset: 'default',
        attributes: {},
        media: { kind: 'image', width: 4, height: 4 },
        annotations: [{ type: 'polygon', label: 0, points: [0, 0, 4, 0, 4, 2, 0, 2], attributes: {} }],
      },
    ]);
    const { dataset, report } = await writeAndReadBack(cityscapes, ds);
    expect(report.converted).toEqual({ 'polygon->mask': 1 });
    expect(report.warnings.join()).toMatch(/background/);
    // The background is label id 0 (Cityscapes' unlabeled), and its pixels are no mask.
    expect(dataset.categories.labels.map((l) => l.name)).toEqual(['background', 'car']);
    const masks = dataset.get('default', 'a')?.annotations ?? [];
    expect(masks).toHaveLength(1);
    expect(masks[0]).toMatchObject({ label: 1, attributes: { is_crowd: true } });
    if (masks[0]?.type !== 'mask') throw new Error('mask expected');
    expect([...(await loadMask(masks[0].mask)).data].map((v) => (v ? 1 : 0))).toEqual([
      ...[1, 1, 1, 1, 1, 1, 1, 1],
      ...[0, 0, 0, 0, 0, 0, 0, 0],
    ]);
  });

  it('keeps polygons in *_gtFine_polygons.json beside the masks', async () => {
    const ds = new Dataset(
      {
        labels: CITYSCAPES_LABELS.map((l) => ({ name: l.name })),
        colors: new Map(CITYSCAPES_LABELS.map((l, i) => [i, l.color])),
      },
      [
        {
          id: 'c/c_1_2',
          subset: 'val',
          attributes: {},
          media: { kind: 'image', width: 4, height: 4 },
          annotations: [
            {
              type: 'polygon',
              label: ROAD,
              zOrder: 0,
              points: [0, 0, 4, 0, 4, 4, 0, 4],
              attributes: { is_crowd: true },
            },
            {
              type: 'polygon',
              label: CAR,
              zOrder: 1,
              points: [1, 1, 3, 1, 3, 3],
              attributes: { is_crowd: false },
            },
            {
              type: 'polygon',
              label: CAR,
              zOrder: 2,
              points: [0, 2, 1, 2, 1, 3],
              attributes: { is_crowd: true },
            },
          ],
        },
      ],
    );
    const { tree } = await writeAndReadBack(cityscapes, ds);
    const doc = JSON.parse(
      new TextDecoder().decode(await tree.read('gtFine/val/c/c_1_2_gtFine_polygons.json')),
    );
    expect(doc.objects.map((o: { label: string }) => o.label)).toEqual(['road', 'car', 'cargroup']);
    await expectSameDataset(await readAll(cityscapes, tree, { masks: 'polygons' }), ds, {
      labelNamesOnly: true,
    });
  });

  it('reads what it can when lenient', async () => {
    const warnings: string[] = [];
    const ds = await readAll(
      cityscapes,
      memoryTree({
        'label_colors.txt': '0 0 0 bg\n1 1 1 x\n',
        'gtFine/a/b_gtFine_instanceIds.png': png16(2, [5001, 1]),
      }),
      {
        lenient: true,
        onWarning: (w: string) => warnings.push(w),
      },
    );
    expect(ds.get('a', 'b')?.annotations).toHaveLength(1);
    expect(warnings).toHaveLength(1);
  });

  it('adds polygon labels the label map lacks after its labels, in order of first use', async () => {
    const poly = (label: string) => ({
      label,
      polygon: [
        [0, 0],
        [2, 0],
        [2, 2],
      ],
    });
    const ds = await readAll(
      cityscapes,
      memoryTree({
        'label_colors.txt': '0 0 0 bg\n',
        'gtFine/a/b_gtFine_polygons.json': JSON.stringify({
          objects: [poly('pole'), poly('bg'), poly('wall'), poly('pole')],
        }),
      }),
    );
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['bg', 'pole', 'wall']);
    expect(ds.get('a', 'b')?.annotations.map((a) => a.label)).toEqual([1, 0, 2, 1]);
  });
});

import { bitmapMask, type Categories, memoryTree, sourceOf } from '@labelport/core';
import { decodeRle, rasterizePolygons } from '@labelport/core/geometry';
import { describeFormat, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { yoloUltralytics } from '../src/index.js';
import { png, poseTree, ultralyticsTree } from './fixtures/trees.js';

const categories: Categories = { labels: [{ name: 'person' }, { name: 'car' }] };
const media = (width: number, height: number) => ({ kind: 'image' as const, width, height });

describeFormat(yoloUltralytics, {
  fixtures: [
    {
      name: 'boxes, a polygon and an oriented box; names as a map',
      tree: ultralyticsTree,
      // train/a: a box, a 3-point polygon, a 4-corner (OBB) line; val/b: a box; val/empty: no label file
      expect: {
        items: 3,
        subsets: { train: 1, val: 2 },
        annotations: { bbox: 2, polygon: 2 },
        labels: ['person', 'car'],
      },
      check(ds) {
        const [box, tri, obb] = ds.get('train', 'a')!.annotations as any[];
        expect(box).toMatchObject({ label: 0, x: 4, y: 3, w: 2, h: 4 });
        expect(tri.points.map((v: number) => Number(v.toFixed(9)))).toEqual([1, 1, 9, 1, 9, 9]);
        expect(obb.points.length).toBe(8);
        expect(ds.get('val', 'empty')!.annotations).toEqual([]);
      },
    },
    {
      name: 'pose: kpt_shape [3, 3]',
      tree: poseTree,
      // one line: box and 3 keypoints (visible, hidden, absent) in one group
      expect: { items: 1, annotations: { bbox: 1, points: 1 } },
      check(ds) {
        const [box, pts] = ds.get('train', 'p')!.annotations as any[];
        expect(box).toMatchObject({ x: 30, y: 10, w: 40, h: 30, group: 1 });
        expect(pts).toMatchObject({
          type: 'points',
          points: [40, 15, 60, 15, 0, 0],
          visibility: [2, 1, 0],
          group: 1,
          label: 0,
        });
      },
    },
    {
      name: "Roboflow's <subset>/images and <subset>/labels, yaml paths that point elsewhere",
      tree: () =>
        memoryTree({
          'data.yaml': "train: ../train/images\nval: ../valid/images\nnc: 1\nnames: ['thing']\n",
          'train/images/t.png': png(4, 4),
          'train/labels/t.txt': '0 0.5 0.5 0.5 0.5\n',
          'valid/images/v.png': png(4, 4),
          'valid/labels/v.txt': '',
        }),
      expect: { items: 2, subsets: { train: 1, val: 1 }, annotations: { bbox: 1 } },
    },
    {
      name: 'one images/ folder split by subset lists (train: train.txt)',
      tree: () =>
        memoryTree({
          'data.yaml': 'train: train.txt\nval: val.txt\nnames: [thing]\n',
          'train.txt': './images/a.png\n./images/b.png\n',
          'val.txt': './images/c.png\n',
          'images/a.png': png(4, 4),
          'images/b.png': png(4, 4),
          'images/c.png': png(4, 4),
          'labels/a.txt': '0 0.5 0.5 0.5 0.5\n',
          'labels/c.txt': '0 0.5 0.5 0.5 0.5\n0 0.5 0.5 0.5 0.5\n',
        }),
      expect: { items: 3, subsets: { train: 2, val: 1 }, annotations: { bbox: 3 } },
    },
  ],
  roundTrips: [
    {
      name: 'boxes and polygons (an OBB is a 4-point polygon)',
      source: () =>
        sourceOf(categories, [
          {
            id: 'a',
            subset: 'train',
            attributes: {},
            media: media(641, 479),
            annotations: [
              {
                type: 'polygon',
                points: [1, 2, 300.5, 2.25, 300.5, 400.75, 1, 400.75],
                label: 1,
                attributes: {},
              },
              { type: 'polygon', points: [5, 5, 50, 7, 20, 60], label: 0, attributes: {} },
            ],
          },
          { id: 'dir/b', subset: 'val', attributes: {}, media: media(3, 3), annotations: [] },
          {
            // boxes in a file of their own: a file with any polygon is all polygons in Ultralytics
            id: 'c',
            subset: 'train',
            attributes: {},
            media: media(641, 479),
            annotations: [
              { type: 'bbox', x: 10.25, y: 20.5, w: 100.125, h: 50.0625, label: 0, attributes: {} },
            ],
          },
        ]),
    },
    {
      name: 'pose: boxes with keypoints in their group',
      source: () =>
        sourceOf({ labels: [{ name: 'person' }] }, [
          {
            id: 'p',
            subset: 'train',
            attributes: {},
            media: media(100, 50),
            annotations: [
              { type: 'bbox', x: 30, y: 10, w: 40, h: 30, label: 0, group: 1, attributes: {} },
              {
                type: 'points',
                points: [40, 15, 60, 15, 0, 0],
                visibility: [2, 1, 0],
                label: 0,
                group: 1,
                attributes: {},
              },
              { type: 'bbox', x: 1, y: 1, w: 2, h: 2, label: 0, group: 2, attributes: {} },
              {
                type: 'points',
                points: [0, 0, 0, 0, 0, 0],
                visibility: [0, 0, 0],
                label: 0,
                group: 2,
                attributes: {},
              },
            ],
          },
        ]),
    },
  ],
  badInputs: [
    {
      name: 'a 4-field line',
      tree: () =>
        memoryTree({
          'data.yaml': 'names: [a]\n',
          'images/train/x.png': png(4, 4),
          'labels/train/x.txt': '0 0.5 0.5\n0 0.5 0.5 0.5\n',
        }),
      code: 'bad-line',
      message: /labels\/train\/x\.txt: line 1: expected 5 fields/,
    },
    {
      name: 'a class index that is not whole',
      tree: () =>
        memoryTree({
          'data.yaml': 'names: [a, b]\n',
          'images/train/x.png': png(4, 4),
          'labels/train/x.txt': '1.0 0.5 0.5 0.5 0.5\n1.5 0.5 0.5 0.5 0.5\n',
        }),
      message: /labels\/train\/x\.txt: line 2: the class index must be a whole number, got '1\.5'/,
    },
    {
      name: 'a class past names',
      tree: () =>
        memoryTree({
          'data.yaml': 'names: {0: a}\n',
          'images/train/x.png': png(4, 4),
          'labels/train/x.txt': '1 0.5 0.5 0.5 0.5\n',
        }),
      message: /labels\/train\/x\.txt: line 1: class index 1 is past the 1 names in data\.yaml/,
    },
    {
      name: 'a pose line of the wrong length',
      tree: () =>
        memoryTree({
          'data.yaml': 'names: [a]\nkpt_shape: [2, 3]\n',
          'images/train/x.png': png(4, 4),
          'labels/train/x.txt': '0 0.5 0.5 0.5 0.5 0.1 0.1 2\n',
        }),
      message: /line 1: expected 11 fields/,
    },
    {
      name: 'broken YAML',
      tree: () => memoryTree({ 'data.yaml': 'names: [a\n', 'labels/train/x.txt': '' }),
      code: 'bad-yaml',
      message: /data\.yaml: line \d+: invalid YAML/,
    },
  ],
});

describe('yolo_ultralytics writing', () => {
  it('without skeleton categories, the first keypoints met make it a pose dataset (written again)', async () => {
    let passes = 0;
    const base = sourceOf(categories, [
      {
        id: 'a',
        subset: 'train',
        attributes: {},
        media: media(10, 10),
        annotations: [{ type: 'bbox', x: 1, y: 1, w: 2, h: 2, label: 0, attributes: {} }],
      },
      {
        id: 'b',
        subset: 'train',
        attributes: {},
        media: media(10, 10),
        annotations: [
          { type: 'bbox', x: 0, y: 0, w: 10, h: 10, label: 0, group: 1, attributes: {} },
          { type: 'points', points: [5, 5], visibility: [2], label: 0, group: 1, attributes: {} },
        ],
      },
      {
        id: 'c',
        subset: 'train',
        attributes: {},
        media: media(10, 10),
        annotations: [
          { type: 'bbox', x: 0, y: 0, w: 10, h: 10, label: 0, group: 1, attributes: {} },
          { type: 'points', points: [1, 1, 2, 2], visibility: [2, 2], label: 0, group: 1, attributes: {} },
        ],
      },
    ]);
    const source = { ...base, items: () => (passes++, base.items()) };
    const { tree, report } = await writeAndReadBack(yoloUltralytics, source);
    expect(passes).toBe(2);
    expect(report.items).toBe(3);
    // c has 2 keypoints, the first pose object (b) 1: kpt_shape [1, 3], the second is dropped, saying so
    expect(report.dropped).toEqual({ point: 1 });
    expect(report.warnings).toContainEqual(expect.stringMatching(/kpt_shape holds 1 keypoints per object/));
    expect(new TextDecoder().decode(await tree.read('labels/train/a.txt'))).toBe('0 0.2 0.2 0.2 0.2 0 0 0\n');
    expect(new TextDecoder().decode(await tree.read('data.yaml'))).toMatch(/kpt_shape: \[ 1, 3 \]/);
  });

  it('the keypoints option skips the first pass and fixes the pose line length', async () => {
    let passes = 0;
    const base = sourceOf(categories, [
      {
        id: 'a',
        subset: 'train',
        attributes: {},
        media: media(10, 10),
        annotations: [{ type: 'bbox', x: 1, y: 1, w: 2, h: 2, label: 0, attributes: {} }],
      },
    ]);
    const source = { ...base, items: () => (passes++, base.items()) };
    const { tree } = await writeAndReadBack(yoloUltralytics, source, { keypoints: 2 });
    expect(passes).toBe(1);
    expect(new TextDecoder().decode(await tree.read('labels/train/a.txt'))).toBe(
      '0 0.2 0.2 0.2 0.2 0 0 0 0 0 0\n',
    );
  });

  it('writes a mask as one outline of all its parts (one line per object), saying so', async () => {
    const data = Uint8Array.from('1100011000000001', Number);
    const { dataset, report } = await writeAndReadBack(
      yoloUltralytics,
      sourceOf(categories, [
        {
          id: 'm',
          subset: 'train',
          attributes: {},
          media: media(4, 4),
          annotations: [
            { type: 'mask', mask: bitmapMask({ width: 4, height: 4, data }), label: 1, attributes: {} },
          ],
        },
      ]),
    );
    expect(report.converted).toEqual({ 'mask->polygon': 1 });
    const polys = dataset.get('train', 'm')!.annotations;
    // two parts (an L-shaped one and a single pixel in the far corner) in one outline
    expect(polys.map((p) => p.type)).toEqual(['polygon']);
    const rle = rasterizePolygons(
      polys.map((p: any) => p.points),
      4,
      4,
    );
    expect(decodeRle(rle).data).toEqual(data);
  });

  it('writes a skeleton (CVAT, Datumaro) as the keypoints of its group, saying so', async () => {
    const el = (x: number, y: number, v: 0 | 1 | 2) => ({
      type: 'points' as const,
      points: [x, y],
      visibility: [v],
      attributes: {},
    });
    const { dataset, report } = await writeAndReadBack(
      yoloUltralytics,
      sourceOf({ labels: [{ name: 'hand' }] }, [
        {
          id: 's',
          subset: 'train',
          attributes: {},
          media: media(10, 10),
          annotations: [
            { type: 'bbox', x: 1, y: 1, w: 8, h: 8, label: 0, group: 4, attributes: {} },
            {
              type: 'skeleton',
              elements: [el(2, 2, 2), el(5, 5, 1), el(0, 0, 0)],
              label: 0,
              group: 4,
              attributes: {},
            },
          ],
        },
      ]),
    );
    expect(report.converted).toEqual({ 'skeleton->points': 1 });
    const [, pts] = dataset.get('train', 's')!.annotations;
    expect(pts).toMatchObject({ type: 'points', points: [2, 2, 5, 5, 0, 0], visibility: [2, 1, 0] });
  });

  it('writes data.yaml with names as a map, images/<subset> folders, kpt_shape for pose', async () => {
    const { tree } = await writeAndReadBack(
      yoloUltralytics,
      sourceOf({ labels: [{ name: 'person' }] }, [
        {
          id: 'p',
          subset: 'default',
          attributes: {},
          media: media(10, 10),
          annotations: [{ type: 'points', points: [5, 5], visibility: [2], label: 0, attributes: {} }],
        },
      ]),
    );
    const text = async (p: string) => new TextDecoder().decode(await tree.read(p));
    expect(await text('data.yaml')).toBe(
      'train: images/train\nval: images/train\nnames:\n  0: person\nkpt_shape: [ 1, 3 ]\n',
    );
    // a points annotation without a box gets the box around its visible points
    expect(await text('labels/train/p.txt')).toBe('0 0.5 0.5 0 0 0.5 0.5 2\n');
  });
});

describe('yolo_ultralytics media', () => {
  it('saveMedia writes images under images/<subset>/ and sizes come back from their headers', async () => {
    const image = png(8, 6);
    const { dataset, tree } = await writeAndReadBack(
      yoloUltralytics,
      sourceOf(categories, [
        {
          id: 'x',
          subset: 'val',
          attributes: {},
          media: { kind: 'image', path: 'somewhere/x.png', bytes: async () => image },
          annotations: [{ type: 'bbox', x: 2, y: 1.5, w: 4, h: 3, label: 1, attributes: {} }],
        },
      ]),
      { saveMedia: true },
    );
    expect(await tree.read('images/val/x.png')).toEqual(image);
    const item = dataset.get('val', 'x')!;
    expect(item.media).toMatchObject({ path: 'images/val/x.png', width: 8, height: 6 });
    expect(item.annotations[0]).toMatchObject({ x: 2, y: 1.5, w: 4, h: 3 });
  });
});

import { bitmapMask, createRegistry, Dataset, loadMask, memoryTree, readAccounted } from '@labelport/core';
import { encodeBase64 } from '@labelport/core/files';
import { maskBbox } from '@labelport/core/geometry';
import { encodePng } from '@labelport/core/png';
import { describeFormat, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formats, labelmeJson } from '../src/index.js';

const shape = (label: string, shape_type: string, points: number[][], extra: object = {}) => ({
  label,
  points,
  group_id: null,
  description: '',
  shape_type,
  flags: {},
  ...extra,
});

/** A 2x2 gray mask with its diagonal set, as labelme stores a mask shape (a PNG of its box). */
const maskShape = () =>
  shape(
    'blob',
    'mask',
    [
      [3, 1],
      [4, 2],
    ],
    { mask: encodeBase64(encodePng({ width: 2, height: 2, colorType: 'gray', data: [255, 0, 0, 255] })) },
  );

// 8 shapes: rectangle, polygon, circle, line, linestrip, point, mask, and a second rectangle in group 2.
const DOC = {
  version: '5.5.0',
  flags: { night: true },
  shapes: [
    shape('car', 'rectangle', [
      [4, 5],
      [1, 2],
    ]),
    shape(
      'road',
      'polygon',
      [
        [0, 0],
        [5, 0],
        [5, 5],
      ],
      { flags: { crowded: true }, description: 'wet' },
    ),
    shape('wheel', 'circle', [
      [3, 3],
      [5, 3],
    ]),
    shape('lane', 'line', [
      [0, 1],
      [2, 3],
    ]),
    shape('lane', 'linestrip', [
      [0, 1],
      [2, 3],
      [4, 1],
    ]),
    shape('eye', 'point', [[1.5, 2.5]]),
    maskShape(),
    shape(
      'car',
      'rectangle',
      [
        [0, 0],
        [1, 1],
      ],
      { group_id: 2 },
    ),
  ],
  imagePath: 'pic.jpg',
  imageData: null,
  imageHeight: 6,
  imageWidth: 8,
};

describeFormat(labelmeJson, {
  fixtures: [
    {
      name: 'every labelme shape type',
      tree: memoryTree({ 'frames/pic.json': JSON.stringify(DOC), 'frames/pic.jpg': new Uint8Array([9]) }),
      expect: {
        items: 1,
        annotations: { bbox: 2, polygon: 1, ellipse: 1, polyline: 2, points: 1, mask: 1 },
        labels: ['car', 'road', 'wheel', 'lane', 'eye', 'blob'],
      },
      async check(ds) {
        const item = ds.get('default', 'frames/pic')!;
        expect(item.attributes).toEqual({ night: true });
        expect(item.media).toMatchObject({ path: 'frames/pic.jpg', width: 8, height: 6 });
        expect(await item.media!.bytes!()).toEqual(new Uint8Array([9]));
        const [box, poly, circle] = item.annotations;
        expect(box).toEqual({ type: 'bbox', x: 1, y: 2, w: 3, h: 3, label: 0, attributes: {} });
        expect(poly).toMatchObject({ attributes: { crowded: true, description: 'wet' } });
        expect(circle).toMatchObject({ type: 'ellipse', x1: 1, y1: 1, x2: 5, y2: 5 });
        const mask = item.annotations[6]!;
        if (mask.type !== 'mask') throw new Error('expected a mask');
        const m = await loadMask(mask.mask);
        expect([m.width, m.height, m.data[1 * 8 + 3], m.data[2 * 8 + 4], m.data[1 * 8 + 4]]).toEqual([
          8, 6, 1, 1, 0,
        ]);
        expect(item.annotations[7]!.group).toBe(2);
      },
    },
    {
      name: 'the image embedded as imageData',
      tree: memoryTree({
        'a.json': JSON.stringify({
          ...DOC,
          shapes: [],
          imagePath: 'missing.jpg',
          imageData: encodeBase64(new Uint8Array([1, 2, 3])),
        }),
      }),
      expect: { items: 1 },
      async check(ds) {
        expect(await ds.get('default', 'a')!.media!.bytes!()).toEqual(new Uint8Array([1, 2, 3]));
      },
    },
  ],
  roundTrips: [
    {
      name: 'boxes, polygons, polylines, points, circles, masks, flags',
      source: () => {
        const data = new Uint8Array(8 * 6);
        data[2 * 8 + 3] = 1;
        data[3 * 8 + 4] = 1;
        return new Dataset({ labels: [{ name: 'a' }, { name: 'b' }] }, [
          {
            id: 'sub/x',
            subset: 'default',
            media: { kind: 'image', path: 'x.png', width: 8, height: 6 },
            attributes: { checked: false },
            annotations: [
              {
                type: 'bbox',
                x: 1.5,
                y: 2,
                w: 3,
                h: 4,
                label: 0,
                group: 3,
                attributes: { truncated: true, description: 'd' },
              },
              { type: 'polygon', points: [0, 0, 3, 0, 3, 3], label: 1, attributes: {} },
              { type: 'polyline', points: [0, 0, 3, 3], label: 1, attributes: {} },
              { type: 'points', points: [2, 2], visibility: [2], label: 0, attributes: {} },
              { type: 'ellipse', x1: 1, y1: 1, x2: 3, y2: 3, label: 0, attributes: {} },
              { type: 'mask', mask: bitmapMask({ width: 8, height: 6, data }), label: 1, attributes: {} },
            ],
          },
        ]);
      },
    },
  ],
  badInputs: [
    {
      name: 'truncated JSON',
      tree: memoryTree({ 'a.json': '{"imagePath": "a.jpg",\n "shapes": [ {"label": "x", "points": [[1, 2]' }),
      code: 'bad-json',
      message: /a\.json: line 2/,
    },
    {
      name: 'a rectangle of one point',
      tree: memoryTree({ 'a.json': JSON.stringify({ ...DOC, shapes: [shape('x', 'rectangle', [[1, 1]])] }) }),
      message: /a\.json: shapes\[0\]: a rectangle needs 2 points/,
    },
    {
      name: 'an unknown shape type',
      tree: memoryTree({ 'a.json': JSON.stringify({ ...DOC, shapes: [shape('x', 'spline', [[1, 1]])] }) }),
      message: /shapes\[0\]: unknown shape_type 'spline'/,
    },
    {
      name: 'points that are not pairs',
      tree: memoryTree({
        'a.json': JSON.stringify({ ...DOC, shapes: [shape('x', 'polygon', [[1, 1, 1]])] }),
      }),
      message: /shapes\[0\]: points must be \[x, y\] pairs/,
    },
  ],
});

describe('labelme_json', () => {
  it('reports what labelme cannot hold', async () => {
    const ds = new Dataset({ labels: [{ name: 'x' }] }, [
      {
        id: 'a',
        subset: 'default',
        attributes: {},
        annotations: [
          { type: 'ellipse', x1: 0, y1: 0, x2: 4, y2: 2, label: 0, attributes: {} },
          { type: 'label', label: 0, attributes: {} },
          { type: 'bbox', x: 0, y: 0, w: 1, h: 1, label: 0, attributes: { score: 0.5 } },
        ],
      },
    ]);
    const { report } = await writeAndReadBack(labelmeJson, ds);
    expect(report.dropped).toEqual({ ellipse: 1, label: 1, attribute: 1 });
  });

  it('is told apart from LabelMe XML and from COCO', async () => {
    const registry = createRegistry(formats);
    expect(
      (await registry.detect(memoryTree({ 'a.json': JSON.stringify(DOC) }))).matches.map((m) => m.id),
    ).toEqual(['labelme_json']);
    const coco = { images: [], annotations: [], categories: [] };
    expect((await registry.detect(memoryTree({ 'instances.json': JSON.stringify(coco) }))).matches).toEqual(
      [],
    );
  });

  it('keeps the mask box tight', async () => {
    const data = new Uint8Array(16);
    data[5] = 1;
    const ds = new Dataset({ labels: [{ name: 'm' }] }, [
      {
        id: 'a',
        subset: 'default',
        media: { kind: 'image', width: 4, height: 4 },
        attributes: {},
        annotations: [
          { type: 'mask', mask: bitmapMask({ width: 4, height: 4, data }), label: 0, attributes: {} },
        ],
      },
    ]);
    const { dataset, tree } = await writeAndReadBack(labelmeJson, ds);
    const doc = JSON.parse(new TextDecoder().decode(await tree.read('a.json')));
    expect(doc.shapes[0].points).toEqual([
      [1, 1],
      [1, 1],
    ]);
    const m = dataset.get('default', 'a')!.annotations[0]!;
    if (m.type === 'mask') expect(maskBbox(await loadMask(m.mask))).toEqual([1, 1, 1, 1]);
  });
});

describe('labelme_json image paths', () => {
  it('finds the image by name when imagePath leaves the dataset or is a Windows path', async () => {
    for (const imagePath of ['../../elsewhere/pic.jpg', 'C:\\data\\pic.jpg']) {
      const tree = memoryTree({
        'ann/pic.json': JSON.stringify({ ...DOC, imagePath }),
        'ann/pic.jpg': new Uint8Array([4]),
      });
      const ds = await (await import('@labelport/core/testing')).readAll(labelmeJson, tree);
      const item = ds.get('default', 'ann/pic')!;
      expect(item.media?.path).toBe('ann/pic.jpg');
      expect(await item.media!.bytes!()).toEqual(new Uint8Array([4]));
    }
  });
});

describe('labelme_json points', () => {
  it('reports a points annotation split into point shapes, and visibility it cannot keep', async () => {
    const ds = new Dataset({ labels: [{ name: 'k' }] }, [
      {
        id: 'a',
        subset: 'default',
        attributes: {},
        annotations: [{ type: 'points', points: [1, 1, 2, 2], visibility: [2, 0], label: 0, attributes: {} }],
      },
    ]);
    const { dataset, report } = await writeAndReadBack(labelmeJson, ds);
    expect(report.converted).toEqual({ 'points->point shapes': 1 });
    expect(report.dropped).toEqual({ 'point visibility': 1 });
    expect(report.warnings).toContainEqual(expect.stringMatching(/labelme points have no visibility/));
    expect(dataset.get('default', 'a')!.annotations).toHaveLength(2);
  });
});

describe('labelme_json file account', () => {
  it('names a JSON of another kind beside the labelme files as not used, though it was opened', async () => {
    const tree = memoryTree({
      'a.json': JSON.stringify({
        version: '5.2.1',
        flags: {},
        shapes: [
          {
            label: 'cat',
            points: [
              [0, 0],
              [1, 1],
            ],
            group_id: null,
            description: '',
            shape_type: 'rectangle',
            flags: {},
            mask: null,
          },
        ],
        imagePath: 'a.jpg',
        imageData: null,
        imageHeight: 4,
        imageWidth: 4,
      }),
      'instances.json': JSON.stringify({ images: [], annotations: [], categories: [] }),
    });
    const source = await readAccounted(labelmeJson, tree);
    for await (const _ of source.items());
    expect((await source.files()).unused).toEqual([
      { path: 'instances.json', reason: 'not a file of this format' },
    ]);
  });
});

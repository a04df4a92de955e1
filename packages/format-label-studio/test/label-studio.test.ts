import { bitmapMask, Dataset, type DatasetItem, loadMask, memoryTree } from '@labelport/core';
import { describeFormat } from '@labelport/core/testing';
import { expect } from 'vitest';
import { labelStudio } from '../src/index.js';
import { brushPyRle, dumps, JSON_MIN, MASK_4X3, rgbaOf, TASK_1, TASK_2 } from './fixtures.js';

const exportTree = () =>
  memoryTree({ 'project-3-at-2024-05-02-10-30-1b2c3d4e.json': dumps([TASK_1, TASK_2]) });

/** A project's labeling config saved beside a pre-annotation file. */
const CONFIG = `<View>
  <Image name="img" value="$photo" zoom="true"/>
  <RectangleLabels name="boxes" toName="img">
    <Label value="Cat" background="#FF0000"/>
    <Label value="Dog" background="#00ff00"/>
    <Label value="Bird"/>
  </RectangleLabels>
</View>
`;

const PRE_ANNOTATIONS = [
  {
    data: { photo: 's3://bucket/pets/cat.jpg', source: 'camera 2' },
    predictions: [
      {
        model_version: 'detector-7',
        score: 0.5,
        result: [
          {
            id: 'a',
            type: 'rectanglelabels',
            from_name: 'boxes',
            to_name: 'img',
            original_width: 640,
            original_height: 480,
            value: { x: 50, y: 50, width: 25, height: 25, rotation: 0, rectanglelabels: ['Cat'] },
            score: 0.9,
          },
          {
            id: 'b',
            type: 'rectanglelabels',
            from_name: 'boxes',
            to_name: 'img',
            original_width: 640,
            original_height: 480,
            value: { x: 0, y: 0, width: 10, height: 10, rotation: 0, rectanglelabels: ['Dog'] },
          },
        ],
      },
    ],
  },
];

/** A Label Studio 0.x completions folder: one task per file, `completions` instead of `annotations`. */
const COMPLETION = {
  id: 4,
  data: { image: 'https://example.com/img/4.jpg' },
  completions: [
    {
      id: 4001,
      lead_time: 15.053,
      result: [
        {
          from_name: 'tag',
          id: 'Dx_aB91ISN',
          source: '$image',
          to_name: 'img',
          type: 'rectanglelabels',
          value: { height: 10, rectanglelabels: ['Moonwalker'], rotation: 0, width: 12.5, x: 50, y: 5 },
        },
      ],
    },
  ],
};

const png = () => new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

function richSource(): Dataset {
  const mask = new Uint8Array(8 * 6);
  mask.set([1, 1, 1], 8 + 2);
  mask.set([1, 1], 16 + 3);
  const items: DatasetItem[] = [
    {
      id: 'dir/a',
      subset: 'train',
      media: { kind: 'image', path: 'images/a b.png', width: 8, height: 6, bytes: async () => png() },
      attributes: { weather: 'rain', frame: 3, night: false },
      annotations: [
        {
          type: 'bbox',
          id: 1,
          x: 1,
          y: 1,
          w: 4,
          h: 2,
          label: 0,
          attributes: { rotation: 30, occluded: true, note: 'x' },
        },
        {
          type: 'bbox',
          id: 2,
          x: 0.5,
          y: 0,
          w: 2,
          h: 2,
          label: 1,
          attributes: { score: 0.75, relations: '[{"to":1,"direction":"bi"}]' },
        },
        {
          type: 'polygon',
          id: 3,
          points: [0, 0, 4, 0, 4, 4],
          label: 1,
          group: 0,
          attributes: { depth: 2.5 },
        },
        { type: 'polyline', id: 4, points: [1, 1, 2, 2, 3, 1], label: 2, group: 0, attributes: {} },
        { type: 'points', id: 5, points: [3, 3], visibility: [1], label: 2, attributes: {} },
        { type: 'ellipse', id: 6, x1: 1, y1: 1, x2: 5, y2: 3, label: 0, attributes: { rotation: 45 } },
        {
          type: 'mask',
          id: 7,
          mask: bitmapMask({ width: 8, height: 6, data: mask }),
          label: 1,
          attributes: {},
        },
        { type: 'label', label: 2, attributes: {} },
        { type: 'caption', caption: 'two shapes', attributes: {} },
      ],
    },
    {
      id: 'b',
      subset: 'default',
      media: { kind: 'image', path: 'https://example.com/b.jpg', width: 10, height: 10 },
      attributes: {},
      annotations: [
        { type: 'bbox', x: 0, y: 0, w: 5, h: 5, label: 0, attributes: { annotator: 1 } },
        { type: 'bbox', x: 5, y: 5, w: 5, h: 5, label: 0, attributes: { annotator: 'bob@example.com' } },
      ],
    },
  ];
  const colors = new Map<number, [number, number, number]>([[0, [255, 0, 0]]]);
  return new Dataset(
    { labels: [{ name: 'car' }, { name: 'road' }, { name: 'sign' }, { name: 'unused' }], colors },
    items,
  );
}

function normalizedSource(): Dataset {
  return new Dataset({ labels: [{ name: 'cat' }] }, [
    {
      id: 'n',
      subset: 'default',
      media: { kind: 'image', path: 'n.jpg' },
      attributes: {},
      annotations: [
        { type: 'bbox', x: 0.1, y: 0.2, w: 0.3, h: 0.4, normalized: true, label: 0, attributes: {} },
        {
          type: 'polygon',
          points: [0.1, 0.1, 0.9, 0.1, 0.5, 0.9],
          normalized: true,
          label: 0,
          attributes: {},
        },
      ],
    },
  ]);
}

function predictionSource(): Dataset {
  return new Dataset({ labels: [{ name: 'cat' }, { name: 'dog' }] }, [
    {
      id: 'p',
      subset: 'default',
      media: { kind: 'image', path: 'p.jpg', width: 100, height: 50 },
      attributes: {},
      annotations: [
        {
          type: 'bbox',
          x: 10,
          y: 10,
          w: 20,
          h: 20,
          label: 0,
          attributes: { score: 0.9, model_version: 'm1' },
        },
        {
          type: 'bbox',
          x: 50,
          y: 10,
          w: 20,
          h: 20,
          label: 1,
          attributes: { score: 0.4, model_version: 'm2' },
        },
        { type: 'label', label: 1, attributes: { score: 0.7, model_version: 'm1' } },
      ],
    },
  ]);
}

describeFormat(labelStudio, {
  fixtures: [
    {
      name: 'a Label Studio 1.x JSON export',
      tree: exportTree,
      expect: {
        items: 2,
        subsets: { default: 2 },
        annotations: { bbox: 2, polygon: 1, points: 1, ellipse: 1, mask: 1, label: 1, caption: 1 },
        labels: ['Car', 'Road', 'Person', 'Sign', 'Day'],
      },
      async check(ds) {
        const street = ds.get('default', 'a1b2c3d4-street')!;
        expect(street.media).toMatchObject({
          path: '/data/upload/3/a1b2c3d4-street.jpg',
          width: 200,
          height: 100,
        });
        const [box, polygon, point, ellipse] = street.annotations;
        // (20, 20) 50x20 turned 90 degrees about its corner: centre (10, 45), the box about it.
        expect(box).toMatchObject({ type: 'bbox', w: 50, h: 20, label: 0 });
        expect([box!.type === 'bbox' && box.x, box!.type === 'bbox' && box.y]).toEqual([
          expect.closeTo(-15),
          35,
        ]);
        expect(box!.attributes).toMatchObject({ rotation: 90, note: 'a parked car', annotator: 1 });
        expect(JSON.parse(box!.attributes.relations as string)).toEqual([
          { to: polygon!.id, direction: 'right', labels: ['on'] },
        ]);
        expect(polygon).toMatchObject({ type: 'polygon', points: [20, 10, 100, 10, 100, 50] });
        expect(point).toMatchObject({ type: 'points', points: [100, 50], visibility: [2] });
        expect(ellipse).toMatchObject({
          type: 'ellipse',
          x1: 80,
          y1: 20,
          x2: 120,
          y2: 60,
          attributes: { rotation: 30 },
        });
        const masked = ds.get('default', 'images/mask me')!;
        expect(masked.media).toMatchObject({ path: 'images/mask me.png', width: 4, height: 3 });
        const mask = masked.annotations.find((a) => a.type === 'mask')!;
        expect(mask.attributes).toEqual({ annotator: 1 });
        if (mask.type === 'mask') expect([...(await loadMask(mask.mask)).data]).toEqual(MASK_4X3);
        expect(masked.annotations.find((a) => a.type === 'bbox')!.attributes).toEqual({ annotator: 2 });
      },
    },
    {
      name: 'JSON-MIN',
      tree: () => memoryTree({ 'result.json': dumps(JSON_MIN) }),
      expect: { items: 2, annotations: { bbox: 4, label: 1 }, labels: ['Outdoor', 'Dog', 'Cat'] },
      check(ds) {
        const dog = ds.get('default', 'images/dog')!;
        expect(dog.annotations[0]).toMatchObject({ type: 'bbox', x: 64, y: 48, w: 320, h: 240 });
        const cat = ds.get('default', 'images/cat')!;
        expect(cat.annotations.map((a) => a.attributes.annotator)).toEqual(['bob@example.com', 1, 1]);
      },
    },
    {
      name: 'a Label Studio 0.x completions folder',
      tree: () => memoryTree({ 'completions/4.json': dumps(COMPLETION) }),
      expect: { items: 1, annotations: { bbox: 1 }, labels: ['Moonwalker'] },
      check(ds) {
        const item = ds.get('default', '4')!;
        // No original size: the box is kept in fractions of the image.
        expect(item.annotations[0]).toMatchObject({ normalized: true, x: 0.5, y: 0.05, w: 0.125, h: 0.1 });
        expect(item.media?.path).toBe('https://example.com/img/4.jpg');
      },
    },
    {
      name: 'pre-annotations with the labeling config beside them',
      tree: () => memoryTree({ 'pets.json': dumps(PRE_ANNOTATIONS), 'pets.label_config.xml': CONFIG }),
      expect: { items: 1, annotations: { bbox: 2 }, labels: ['Cat', 'Dog', 'Bird'] },
      check(ds) {
        expect(ds.categories.colors).toEqual(
          new Map([
            [0, [255, 0, 0]],
            [1, [0, 255, 0]],
          ]),
        );
        const item = ds.get('default', 'cat')!;
        expect(item.attributes).toEqual({ source: 'camera 2' });
        expect(item.media).toMatchObject({ path: 's3://bucket/pets/cat.jpg', width: 640, height: 480 });
        expect(item.annotations.map((a) => a.attributes)).toEqual([
          { score: 0.9, model_version: 'detector-7' },
          { score: 0.5, model_version: 'detector-7' },
        ]);
      },
    },
  ],
  roundTrips: [
    { name: 'every region type, attributes, relations, subsets and annotators', source: richSource },
    { name: 'shapes in fractions of images of unknown size', source: normalizedSource },
    {
      name: 'predictions of two model versions',
      source: predictionSource,
      writeOptions: { to: 'predictions' },
    },
  ],
  badInputs: [
    {
      name: 'a truncated export',
      tree: () => memoryTree({ 'export.json': dumps([TASK_1, TASK_2]).slice(0, 400) }),
      code: 'bad-json',
      message: /export\.json/,
    },
    {
      name: 'a rectangle without x',
      tree: () =>
        memoryTree({
          'export.json': dumps([
            {
              data: { image: 'a.jpg' },
              annotations: [{ result: [{ type: 'rectanglelabels', value: { y: 1, width: 2, height: 3 } }] }],
            },
          ]),
        }),
      code: 'bad-field',
      message: "export.json: [0].annotations[0].result[0].value: 'x' is missing",
    },
    {
      name: 'a result list that is not a list',
      tree: () =>
        memoryTree({ 'export.json': dumps([{ data: { image: 'a.jpg' }, annotations: [{ result: 7 }] }]) }),
      message: '[0].annotations[0].result',
    },
    {
      name: 'a brush RLE of another size than the image',
      tree: () =>
        memoryTree({
          'export.json': dumps([
            {
              data: { image: 'a.png' },
              annotations: [
                {
                  result: [
                    {
                      original_width: 5,
                      original_height: 3,
                      type: 'brushlabels',
                      value: { format: 'rle', rle: brushPyRle(rgbaOf(MASK_4X3)), brushlabels: ['x'] },
                    },
                  ],
                },
              ],
            },
          ]),
        }),
      code: 'bad-value',
      message:
        /\[0\]\.annotations\[0\]\.result\[0\]\.value\.rle: the brush RLE holds 48 values, not 5 x 3 x 4 = 60/,
    },
    {
      name: 'a rotated rectangle without the image size',
      tree: () =>
        memoryTree({
          'export.json': dumps([
            {
              data: { image: 'a.jpg' },
              annotations: [
                {
                  result: [
                    { type: 'rectanglelabels', value: { x: 1, y: 1, width: 2, height: 3, rotation: 10 } },
                  ],
                },
              ],
            },
          ]),
        }),
      code: 'bad-value',
      message: /needs original_width and original_height/,
    },
  ],
});

import { type Annotation, Dataset, type DatasetItem, memoryTree, rleMask, sourceOf } from '@labelport/core';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { COCO_AREA, COCO_RLE_STRING, cocoInstances } from '../src/index.js';
import { cocoTree, image, instancesTrain } from './fixtures/samples.js';

let nextImageId = 1;
/** An item as the COCO reader gives it: the image id in the attribute `id` (Datumaro's convention). */
const item = (
  id: string,
  annotations: Annotation[],
  subset = 'train',
  size = { width: 4, height: 3 },
): DatasetItem => ({
  id,
  subset,
  media: { kind: 'image', path: `images/${subset}/${id}.jpg`, ...size },
  annotations,
  attributes: { id: nextImageId++ },
});

/** A dataset built in the model: objects as groups, as Datumaro builds them. */
const modelSource = () =>
  sourceOf(
    {
      labels: [
        { name: 'cat', id: 3 },
        { name: 'dog', id: 5 },
      ],
    },
    [
      item('a', [
        {
          type: 'polygon',
          points: [1, 0, 3, 0, 3, 1, 1, 1],
          label: 0,
          id: 1,
          group: 1,
          attributes: { color: 'red' },
        },
        {
          type: 'bbox',
          x: 1,
          y: 0,
          w: 2,
          h: 1,
          label: 0,
          id: 1,
          group: 1,
          attributes: { color: 'red' },
        },
        {
          type: 'mask',
          mask: rleMask({ size: [3, 4], counts: [0, 3, 9] }),
          label: 1,
          id: 2,
          group: 2,
          attributes: { is_crowd: true },
        },
        { type: 'bbox', x: 0, y: 0, w: 1, h: 3, label: 1, id: 2, group: 2, attributes: { is_crowd: true } },
        {
          type: 'bbox',
          x: 0.123456,
          y: 1.5,
          w: 2.25,
          h: 1,
          label: 1,
          id: 3,
          group: 3,
          attributes: { score: 0.5 },
        },
      ]),
      item('b', [], 'val'),
    ],
  );

describeFormat(cocoInstances, {
  fixtures: [
    {
      name: 'annotations/instances_train.json with category ids with gaps, both RLE forms, polygons in parts',
      tree: cocoTree({ 'annotations/instances_train.json': instancesTrain, 'images/train/a.jpg': 'x' }),
      // polygons: 2 parts of object 11; masks: objects 12 and 13; boxes: all 4 objects
      expect: {
        items: 2,
        subsets: { train: 2 },
        annotations: { polygon: 2, mask: 2, bbox: 4 },
        labels: ['person', 'cat', 'toothbrush'],
      },
      check(ds) {
        const a = ds.get('train', 'a')!;
        expect(a.attributes).toEqual({ id: 1 });
        expect(a.media).toMatchObject({ path: 'images/train/a.jpg', width: 4, height: 3 });
        expect(a.media?.bytes).toBeDefined();
        expect(ds.get('train', 'sub/b')?.media?.bytes).toBeUndefined();
        const polys = a.annotations.filter((x) => x.type === 'polygon');
        expect(polys.map((p) => [p.id, p.group, p.label])).toEqual([
          [11, 11, 1],
          [11, 11, 1],
        ]);
        const big = a.annotations.find((x) => x.id === 904600516168)!;
        expect(big).toMatchObject({
          type: 'bbox',
          label: 2,
          attributes: { occluded: true, note: 'x', n: 2, score: 0.75 },
        });
        expect(ds.categories.labels.map((l) => [l.id, l.parent])).toEqual([
          [1, 'human'],
          [3, 'animal'],
          [90, undefined],
        ]);
      },
    },
    {
      name: 'a loose JSON file with another name, images beside it',
      tree: cocoTree({ 'my_export.json': instancesTrain, 'a.jpg': 'x' }),
      expect: { items: 2, subsets: { default: 2 }, annotations: { polygon: 2, mask: 2, bbox: 4 } },
      check(ds) {
        expect(ds.get('default', 'a')?.media?.path).toBe('a.jpg');
      },
    },
    {
      name: 'roboflow: <subset>/_annotations.coco.json',
      tree: cocoTree({ 'valid/_annotations.coco.json': instancesTrain, 'valid/a.jpg': 'x' }),
      expect: { items: 2, subsets: { valid: 2 } },
      check(ds) {
        expect(ds.get('valid', 'a')?.media?.path).toBe('valid/a.jpg');
      },
    },
    {
      name: 'nested one level down, no sizes in the JSON: sizes from the image headers',
      tree: () => {
        const png = new Uint8Array([
          0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 9, 0,
          0, 0, 8, 8, 2, 0, 0, 0, 0, 0, 0, 0,
        ]);
        const json = {
          images: [{ id: 1, file_name: 'a.png' }],
          categories: [{ id: 1, name: 'x' }],
          annotations: [],
        };
        return cocoTree({ 'export/annotations/instances_default.json': json, 'export/images/a.png': png });
      },
      expect: { items: 1, subsets: { default: 1 } },
      check(ds) {
        expect(ds.get('default', 'a')?.media).toMatchObject({ width: 9, height: 8 });
      },
    },
  ],
  roundTrips: [
    { name: 'objects of polygons, masks and boxes with attributes and score', source: modelSource },
    {
      name: 'the fixture file, read then written',
      source: () => readAll(cocoInstances, cocoTree({ 'annotations/instances_train.json': instancesTrain })),
    },
  ],
  badInputs: [
    {
      name: 'truncated JSON',
      tree: memoryTree({ 'annotations/instances_train.json': '{"images": [' }),
      code: 'bad-json',
      message: /instances_train\.json/,
    },
    {
      name: 'a box of 3 numbers',
      tree: cocoTree({
        'annotations/instances_train.json': {
          ...instancesTrain,
          annotations: [{ ...instancesTrain.annotations[0], bbox: [1, 2, 3] }],
        },
      }),
      message: /instances_train\.json: annotations\[0\]\.bbox: expected 4 numbers/,
    },
    {
      name: 'a polygon of 2 points',
      tree: cocoTree({
        'annotations/instances_train.json': {
          ...instancesTrain,
          annotations: [{ ...instancesTrain.annotations[0], segmentation: [[1, 2, 3, 4]] }],
        },
      }),
      message: /annotations\[0\]\.segmentation\[0\]: a polygon needs at least 3 points/,
    },
    {
      name: 'an unknown category',
      tree: cocoTree({
        'annotations/instances_train.json': {
          ...instancesTrain,
          annotations: [{ ...instancesTrain.annotations[0], category_id: 77 }],
        },
      }),
      message: /annotations\[0\]\.category_id: category 77 is not in 'categories'/,
    },
    {
      name: 'an annotation of an unknown image',
      tree: cocoTree({
        'annotations/instances_train.json': {
          ...instancesTrain,
          annotations: [{ ...instancesTrain.annotations[0], image_id: 99 }],
        },
      }),
      message: /annotations\[0\]: image_id number 99 is not in 'images'/,
    },
    {
      name: 'RLE counts that do not add up to the size',
      tree: cocoTree({
        'annotations/instances_train.json': {
          ...instancesTrain,
          annotations: [
            { ...instancesTrain.annotations[1], segmentation: { counts: [0, 3, 8], size: [3, 4] } },
          ],
        },
      }),
      message: /annotations\[0\]\.segmentation: RLE counts add up to 11/,
    },
    {
      name: 'an RLE of another size than its image',
      tree: cocoTree({
        'annotations/instances_train.json': {
          ...instancesTrain,
          annotations: [
            { ...instancesTrain.annotations[1], segmentation: { counts: [0, 3, 21], size: [3, 8] } },
          ],
        },
      }),
      message: /annotations\[0\]\.segmentation\.size: mask size \[3,8\] differs/,
    },
    {
      name: 'images is not a list',
      tree: cocoTree({ 'annotations/instances_train.json': { ...instancesTrain, images: {} } }),
      message: /instances_train\.json: images: expected a list/,
    },
    {
      name: 'a file_name leaving the dataset',
      tree: cocoTree({
        'annotations/instances_train.json': {
          ...instancesTrain,
          images: [image(1, '../../etc/passwd')],
          annotations: [],
        },
      }),
      code: 'unsafe-path',
    },
    {
      name: 'a duplicate image id',
      tree: cocoTree({
        'annotations/instances_train.json': {
          ...instancesTrain,
          images: [image(1, 'a.jpg'), image(1, 'b.jpg')],
        },
      }),
      message: /images\[1\]\.id: image id 1 is used twice/,
    },
  ],
});

describe('coco_instances reading', () => {
  it('keeps the compressed RLE string and the area beside the model', async () => {
    const ds = await readAll(cocoInstances, cocoTree({ 'annotations/instances_train.json': instancesTrain }));
    const mask = ds.get('train', 'sub/b')!.annotations.find((a) => a.type === 'mask')!;
    expect(mask.type === 'mask' && mask.mask.kind === 'rle' && mask.mask.rle.counts).toEqual([5, 3, 16]);
    expect(
      mask.type === 'mask' && mask.mask.kind === 'rle' && (mask.mask.rle as never)[COCO_RLE_STRING],
    ).toBe('53`0');
    expect((mask as never)[COCO_AREA]).toBe(3);
    expect(Object.keys(mask)).not.toContain(String(COCO_AREA));
  });

  it('skips bad records with lenient, saying why', async () => {
    const warnings: string[] = [];
    const bad = {
      ...instancesTrain,
      annotations: [
        { ...instancesTrain.annotations[0], bbox: 'x' },
        instancesTrain.annotations[1],
        { ...instancesTrain.annotations[1], image_id: 42 },
      ],
    };
    const ds = await readAll(cocoInstances, cocoTree({ 'annotations/instances_train.json': bad }), {
      lenient: true,
      onWarning: (m: string) => warnings.push(m),
    });
    expect(ds.get('train', 'a')!.annotations.map((a) => a.type)).toEqual(['mask', 'bbox']);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/image_id number 42/);
    expect(warnings[1]).toMatch(/annotations\[0\]\.bbox/);
  });

  it('reads segmentation [] and [[]] as no shape, and a box-less object as its shape only', async () => {
    const json = {
      images: [image(1, 'a.jpg')],
      categories: [{ id: 1, name: 'x' }],
      annotations: [
        { id: 1, image_id: 1, category_id: 1, iscrowd: 0, bbox: [0, 0, 1, 1], segmentation: [[]] },
        { id: 2, image_id: 1, category_id: 1, iscrowd: 0, bbox: [], segmentation: [[0, 0, 1, 0, 1, 1]] },
        { id: 3, image_id: 1, category_id: 0, iscrowd: 0, bbox: [0, 0, 2, 2] },
      ],
    };
    const ds = await readAll(cocoInstances, cocoTree({ 'annotations/instances_default.json': json }));
    const anns = ds.get('default', 'a')!.annotations;
    expect(anns.map((a) => [a.type, a.id, a.label])).toEqual([
      ['bbox', 1, 0],
      ['polygon', 2, 0],
      ['bbox', 3, undefined],
    ]);
  });
});

describe('coco_instances writing', () => {
  it('keeps ids, category ids, areas and the RLE forms of the source', async () => {
    const source = await readAll(
      cocoInstances,
      cocoTree({ 'annotations/instances_train.json': instancesTrain }),
    );
    const { tree } = await writeAndReadBack(cocoInstances, source);
    const out = JSON.parse(new TextDecoder().decode(await tree.read('annotations/instances_train.json')));
    expect(out.categories.map((c: { id: number }) => c.id)).toEqual([1, 3, 90]);
    expect(out.images.map((i: { id: number; file_name: string }) => [i.id, i.file_name])).toEqual([
      [1, 'a.jpg'],
      [7, 'sub/b.png'],
    ]);
    const byId = new Map(out.annotations.map((a: { id: number }) => [a.id, a]));
    for (const src of instancesTrain.annotations) {
      const got = byId.get(src.id) as Record<string, unknown>;
      expect(got, `annotation ${src.id}`).toBeDefined();
      for (const k of [
        'image_id',
        'category_id',
        'iscrowd',
        'area',
        'bbox',
        'segmentation',
        'score',
        'attributes',
      ] as const) {
        expect(got[k], `annotation ${src.id}.${k}`).toEqual((src as Record<string, unknown>)[k]);
      }
    }
  });

  it('computes area as pycocotools does when the source has none, and the box from the shapes when there is no box', async () => {
    const source = sourceOf({ labels: [{ name: 'x' }] }, [
      item('a', [
        { type: 'polygon', points: [1, 0, 3, 0, 3, 1, 1, 1], label: 0, attributes: {} },
        { type: 'mask', mask: rleMask({ size: [3, 4], counts: [0, 3, 9] }), label: 0, attributes: {} },
      ]),
    ]);
    const { tree } = await writeAndReadBack(cocoInstances, source);
    const out = JSON.parse(new TextDecoder().decode(await tree.read('annotations/instances_train.json')));
    expect(out.categories).toEqual([{ id: 1, name: 'x', supercategory: '' }]);
    expect(out.annotations.map((a: Record<string, unknown>) => [a.id, a.area, a.bbox, a.iscrowd])).toEqual([
      // the spec's example: the polygon covers 2 pixels, the mask the first column
      [1, 2, [1, 0, 2, 1], 0],
      [2, 3, [0, 0, 1, 3], 1],
    ]);
  });

  it("segmentation: 'mask' rasterises polygons, 'polygons' traces masks, and both say so", async () => {
    const asMasks = await writeAndReadBack(cocoInstances, modelSource(), {
      segmentation: 'mask',
      rle: 'compressed',
    });
    expect(asMasks.report.converted).toEqual({ 'polygon->mask': 1 });
    const masks = [...asMasks.dataset].flatMap((i) => i.annotations).filter((a) => a.type === 'mask');
    expect(masks).toHaveLength(2);
    const asPolys = await writeAndReadBack(cocoInstances, modelSource(), { segmentation: 'polygons' });
    expect(asPolys.report.converted).toEqual({ 'mask->polygon': 1 });
    const polys = [...asPolys.dataset].flatMap((i) => i.annotations).filter((a) => a.type === 'polygon');
    expect(polys.map((p) => p.type === 'polygon' && p.points)).toEqual([
      [1, 0, 3, 0, 3, 1, 1, 1],
      [0, 0, 1, 0, 1, 3, 0, 3],
    ]);
  });

  it('reindex numbers images, annotations and categories from 1', async () => {
    const source = await readAll(
      cocoInstances,
      cocoTree({ 'annotations/instances_train.json': instancesTrain }),
    );
    const { tree } = await writeAndReadBack(cocoInstances, source, { reindex: true });
    const out = JSON.parse(new TextDecoder().decode(await tree.read('annotations/instances_train.json')));
    expect(out.categories.map((c: { id: number }) => c.id)).toEqual([1, 2, 3]);
    expect(out.images.map((i: { id: number }) => i.id)).toEqual([1, 2]);
    expect(out.annotations.map((a: { id: number }) => a.id)).toEqual([1, 2, 3, 4]);
  });

  it('copies images with saveMedia, per subset or merged', async () => {
    const source = new Dataset({ labels: [] }, [
      {
        id: 'a',
        subset: 'train',
        media: {
          kind: 'image',
          path: 'x/a.png',
          width: 1,
          height: 1,
          bytes: async () => new Uint8Array([1, 2]),
        },
        annotations: [],
        attributes: {},
      },
    ]);
    const bySubset = await writeAndReadBack(cocoInstances, source, { saveMedia: true });
    expect(await bySubset.tree.read('images/train/a.png')).toEqual(new Uint8Array([1, 2]));
    const merged = await writeAndReadBack(cocoInstances, source, { saveMedia: true, mergeImages: true });
    expect(await merged.tree.exists('images/a.png')).toBe(true);
  });

  it('reports what it cannot keep', async () => {
    const source = sourceOf({ labels: [{ name: 'x' }] }, [
      {
        ...item('a', [
          { type: 'polyline', points: [0, 0, 1, 1], label: 0, attributes: {} },
          { type: 'caption', caption: 'hi', attributes: {} },
        ]),
        attributes: { id: 40, weather: 'rain' },
      },
    ]);
    const { report } = await writeAndReadBack(cocoInstances, source);
    expect(report.dropped).toEqual({ polyline: 1, caption: 1, 'item attribute': 1 });
  });
});

describe('coco_instances writing without attributes', () => {
  it('allowAttributes: false leaves the attributes object out and reports it', async () => {
    const source = await readAll(
      cocoInstances,
      cocoTree({ 'annotations/instances_train.json': instancesTrain }),
    );
    const { tree, report } = await writeAndReadBack(cocoInstances, source, { allowAttributes: false });
    const out = JSON.parse(new TextDecoder().decode(await tree.read('annotations/instances_train.json')));
    expect(out.annotations.some((a: Record<string, unknown>) => 'attributes' in a)).toBe(false);
    // occluded, note, n of object 904600516168; its score stays a top-level field
    expect(report.dropped).toEqual({ attribute: 3 });
    expect(out.annotations.find((a: { id: number }) => a.id === 904600516168).score).toBe(0.75);
  });
});

describe('coco_instances lenient images', () => {
  it('skips an image entry with a bad file_name, with its annotations', async () => {
    const warnings: string[] = [];
    const json = {
      ...instancesTrain,
      images: [instancesTrain.images[0], { ...instancesTrain.images[1], file_name: '/etc/x.png' }],
    };
    const ds = await readAll(cocoInstances, cocoTree({ 'annotations/instances_train.json': json }), {
      lenient: true,
      onWarning: (m: string) => warnings.push(m),
    });
    expect(ds.size).toBe(1);
    expect(warnings).toEqual([
      // core's item loop says what was skipped: the image entry's error, where it is
      expect.stringMatching(
        /instances_train\.json: images\[1\]\.file_name: path '\/etc\/x\.png' is absolute/,
      ),
    ]);
  });
});

describe('coco_instances ellipses', () => {
  it('writes an ellipse as the 720-point polygon Datumaro writes, and says so', async () => {
    const source = sourceOf({ labels: [{ name: 'x' }] }, [
      item('e', [{ type: 'ellipse', x1: 0, y1: 0, x2: 4, y2: 2, label: 0, id: 9, attributes: {} }], 'train', {
        width: 10,
        height: 10,
      }),
    ]);
    const { report, dataset } = await writeAndReadBack(cocoInstances, source);
    expect(report.converted).toEqual({ 'ellipse->polygon': 1 });
    const [poly, box] = dataset.get('train', 'e')!.annotations;
    expect(poly.type === 'polygon' && poly.points.length).toBe(1440);
    expect(poly.type === 'polygon' && poly.points.slice(0, 4).map((v) => Number(v.toFixed(6)))).toEqual([
      4, 1, 3.999924, 1.008739,
    ]);
    expect(box).toMatchObject({ type: 'bbox', x: 0, y: 0, w: 4, h: 2, id: 9 });
  });
});

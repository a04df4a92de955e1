// Ids from 0 (Roboflow, labelme2coco and most exporters): 0 is an id, a group and a category.
import { convert, defineFormat, memorySink, type WriteReport } from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { cocoInstances } from '../src/index.js';
import { cocoTree } from './fixtures/samples.js';

/**
 * A Roboflow split as Roboflow writes it: `<split>/_annotations.coco.json`, images, annotations and
 * categories numbered from 0 in every split, category 0 the dataset's own name (supercategory
 * "none"), a polygon and a box per object, `iscrowd: 0`.
 */
function roboflowSplit(images: number, perImage: number) {
  const out = {
    info: { year: '2023', version: '1', description: 'Exported from roboflow.com' },
    licenses: [{ id: 1, url: 'https://creativecommons.org/licenses/by/4.0/', name: 'CC BY 4.0' }],
    categories: [
      { id: 0, name: 'cells', supercategory: 'none' },
      { id: 1, name: 'red', supercategory: 'cells' },
      { id: 2, name: 'white', supercategory: 'cells' },
    ],
    images: [] as object[],
    annotations: [] as object[],
  };
  let ann = 0;
  for (let i = 0; i < images; i++) {
    out.images.push({
      id: i,
      license: 1,
      file_name: `img${i}_jpg.rf.0a1b2c${i}.jpg`,
      height: 40,
      width: 40,
      date_captured: '2023-01-01T00:00:00+00:00',
    });
    for (let k = 0; k < perImage; k++) {
      const x = 2 * k;
      out.annotations.push({
        id: ann++,
        image_id: i,
        category_id: k % 3, // category 0 too: Roboflow's files do use it
        bbox: [x, 1, 2, 3],
        area: 6,
        segmentation: [[x, 1, x + 2, 1, x + 2, 4, x, 4]],
        iscrowd: 0,
      });
    }
  }
  return out;
}

const decode = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes));

describe('COCO ids from 0', () => {
  const tree = () =>
    cocoTree({
      'train/_annotations.coco.json': roboflowSplit(4, 10),
      'valid/_annotations.coco.json': roboflowSplit(2, 10),
    });

  it('annotation 0 is one object: its box and polygon share group 0', async () => {
    const ds = await readAll(cocoInstances, tree());
    const first = ds.get('train', 'img0_jpg.rf.0a1b2c0')!;
    const zero = first.annotations.filter((a) => a.id === 0);
    expect(zero.map((a) => [a.type, a.group, a.label])).toEqual([
      ['polygon', 0, 0],
      ['bbox', 0, 0],
    ]);
    expect(first.attributes.id).toBe(0);
    expect(ds.categories.labels.map((l) => [l.name, l.id])).toEqual([
      ['cells', 0],
      ['red', 1],
      ['white', 2],
    ]);
  });

  it('COCO -> COCO: 60 annotations in, 60 out, ids kept and unique per file, categories 0-based', async () => {
    const ds = await readAll(cocoInstances, tree());
    const sink = memorySink();
    await convert(ds, cocoInstances, sink);
    const train = decode(sink.files.get('annotations/instances_train.json')!);
    const valid = decode(sink.files.get('annotations/instances_valid.json')!);
    expect(train.annotations.length + valid.annotations.length).toBe(60);
    const ids = (f: { annotations: { id: number }[] }) => f.annotations.map((a) => a.id);
    expect(ids(train)).toEqual([...Array(40).keys()]);
    expect(ids(valid)).toEqual([...Array(20).keys()]);
    expect(train.images.map((i: { id: number }) => i.id)).toEqual([0, 1, 2, 3]);
    expect(valid.images.map((i: { id: number }) => i.id)).toEqual([0, 1]);
    expect(train.categories.map((c: { id: number }) => c.id)).toEqual([0, 1, 2]);
    expect(train.annotations[0]).toMatchObject({
      id: 0,
      image_id: 0,
      category_id: 0,
      bbox: [0, 1, 2, 3],
      segmentation: [[0, 1, 2, 1, 2, 4, 0, 4]],
      iscrowd: 0,
    });
  });

  it('repeated ids in one subset (merged splits) get fresh ones: every object stays one object', async () => {
    const ds = await readAll(cocoInstances, tree());
    // all items into one subset: annotation and image ids now repeat
    const merged = ds;
    const source = {
      ...merged,
      async *items() {
        for await (const item of merged.items()) yield { ...item, subset: 'all' };
      },
    };
    const sink = memorySink();
    const report = await convert(source, cocoInstances, sink);
    const all = decode(sink.files.get('annotations/instances_all.json')!);
    expect(all.annotations).toHaveLength(60);
    expect(new Set(all.annotations.map((a: { id: number }) => a.id)).size).toBe(60);
    expect(new Set(all.images.map((i: { id: number }) => i.id)).size).toBe(6);
    const imageIds = new Set(all.images.map((i: { id: number }) => i.id));
    expect(all.annotations.every((a: { image_id: number }) => imageIds.has(a.image_id))).toBe(true);
    expect(report.warnings.join('\n')).toMatch(/20 annotation id/);
  });

  it('an object without a label beside a category 0 is written as 0, and said so', async () => {
    const ds = await readAll(cocoInstances, tree());
    const item = ds.get('train', 'img0_jpg.rf.0a1b2c0')!;
    for (const a of item.annotations) if (a.id === 1) a.label = undefined;
    const sink = memorySink();
    const report = await convert(ds, cocoInstances, sink);
    expect(report.warnings.join('\n')).toMatch(
      /1 annotation\(s\) without a label written with category_id 0, which is also the category 'cells'/,
    );
  });

  it('category_id 0 without a category 0 is no label (Datumaro), with one it is that category', async () => {
    const file = roboflowSplit(1, 3);
    const noZero = { ...file, categories: file.categories.slice(1) };
    const ds = await readAll(cocoInstances, cocoTree({ 'x/_annotations.coco.json': noZero }));
    const labels = ds.get('x', 'img0_jpg.rf.0a1b2c0')!.annotations.map((a) => a.label);
    expect(labels).toEqual([undefined, undefined, 0, 0, 1, 1]);
  });
});

describe('COCO loss reports', () => {
  // a target that keeps boxes and nothing else (as YOLO detection does)
  const boxesOnly = defineFormat({
    id: 'boxes_only',
    title: 'boxes only',
    extensions: [],
    capabilities: {
      annotations: ['bbox'],
      media: ['image'],
      tracks: false,
      attributes: false,
      subsets: true,
      streaming: true,
    },
    write: async (source) => {
      let items = 0;
      for await (const _ of source.items()) items++;
      return { items, dropped: {}, converted: {}, warnings: [] } as WriteReport;
    },
  });

  it('boxes with iscrowd 0 lose no attribute; a crowd does', async () => {
    const file = roboflowSplit(2, 3);
    (file.annotations[1] as { iscrowd: number }).iscrowd = 1;
    const ds = await readAll(cocoInstances, cocoTree({ 'x/_annotations.coco.json': file }));
    const report = await convert(ds, boxesOnly, memorySink());
    // the crowd's polygon goes before its attributes are counted: one is_crowd, on its box (other
    // losses, item attributes and label parents, are the target's and not looked at here)
    const { polygon, attribute } = report.dropped;
    expect({ polygon, attribute }).toEqual({ polygon: 6, attribute: 1 });
  });

  it("CVAT's export: its default attributes (occluded false, rotation 0) are not losses", async () => {
    const file = roboflowSplit(1, 2);
    const attrs = [
      { occluded: false, rotation: 0.0 },
      { occluded: true, rotation: 15.5 },
    ];
    for (const [k, a] of file.annotations.entries())
      Object.assign(a, { segmentation: [], attributes: attrs[k] });
    const ds = await readAll(cocoInstances, cocoTree({ 'annotations/instances_default.json': file }));
    expect(ds.get('default', 'img0_jpg.rf.0a1b2c0')!.annotations.map((a) => a.attributes)).toEqual([
      {},
      { occluded: true, rotation: 15.5 },
    ]);
    const report = await convert(ds, boxesOnly, memorySink());
    // the second box's occluded is an attribute lost; its rotation 15.5 a turned box written upright
    // (core's 'rotation'), the first box's defaults nothing
    const { attribute, rotation } = report.dropped;
    expect({ attribute, rotation }).toEqual({ attribute: 1, rotation: 1 });
  });

  it('an RLE with iscrowd 0 keeps it through a round trip; polygons without is_crowd stay iscrowd 0', async () => {
    const file = {
      images: [{ id: 0, file_name: 'a.jpg', width: 2, height: 2 }],
      categories: [{ id: 0, name: 'a' }],
      annotations: [
        {
          id: 0,
          image_id: 0,
          category_id: 0,
          bbox: [0, 0, 1, 1],
          area: 1,
          iscrowd: 0,
          segmentation: { size: [2, 2], counts: [0, 1, 3] },
        },
        {
          id: 1,
          image_id: 0,
          category_id: 0,
          bbox: [0, 0, 1, 1],
          area: 1,
          iscrowd: 0,
          segmentation: [[0, 0, 1, 0, 1, 1]],
        },
      ],
    };
    const ds = await readAll(cocoInstances, cocoTree({ 'annotations/instances_default.json': file }));
    const sink = memorySink();
    await convert(ds, cocoInstances, sink, { writeOptions: { segmentation: 'mask' } });
    const out = decode(sink.files.get('annotations/instances_default.json')!);
    expect(out.annotations.map((a: { iscrowd: number }) => a.iscrowd)).toEqual([0, 0]);
  });
});

describe("mmdetection's test data shape", () => {
  // tests/data/coco_sample.json: image ids from 0, boxes with a score and no segmentation nor
  // iscrowd, an image without annotations, `info: null`, `licenses: []`
  const sample = {
    images: [0, 1, 2].map((id) => ({ file_name: `fake${id + 1}.jpg`, height: 800, width: 800, id })),
    annotations: [
      { bbox: [0, 0, 20, 20], area: 400.0, score: 1.0, category_id: 1, id: 1, image_id: 0 },
      { bbox: [0, 0, 20, 20], area: 400.0, score: 1.0, category_id: 2, id: 2, image_id: 0 },
      { bbox: [0, 0, 20, 20], area: 400.0, score: 1.0, category_id: 1, id: 3, image_id: 1 },
    ],
    categories: [
      { id: 1, name: 'bus', supercategory: 'none' },
      { id: 2, name: 'car', supercategory: 'none' },
    ],
    licenses: [],
    info: null,
  };

  it('reads as instances under any name, and writes back the same ids and boxes', async () => {
    const ds = await readAll(cocoInstances, cocoTree({ 'coco_sample.json': sample }));
    expect(ds.get('default', 'fake1')?.attributes.id).toBe(0);
    expect(ds.get('default', 'fake3')?.annotations).toEqual([]);
    expect(ds.get('default', 'fake1')?.annotations[0]).toMatchObject({
      type: 'bbox',
      id: 1,
      group: 1,
      label: 0,
      attributes: { score: 1 },
    });
    const sink = memorySink();
    await convert(ds, cocoInstances, sink);
    const out = decode(sink.files.get('annotations/instances_default.json')!);
    expect(out.images.map((i: { id: number }) => i.id)).toEqual([0, 1, 2]);
    expect(
      out.annotations.map((a: { id: number; image_id: number; score: number }) => [
        a.id,
        a.image_id,
        a.score,
      ]),
    ).toEqual([
      [1, 0, 1],
      [2, 0, 1],
      [3, 1, 1],
    ]);
  });
});

describe("Label Studio's COCO export", () => {
  // label-studio-converter's convert_to_coco: result.json beside images/, image, annotation and
  // category ids from 0, file_name relative to the export (images/<hash>-<name>), categories without
  // supercategory, boxes with `segmentation: []` and `ignore: 0`, keys in the order images,
  // categories, annotations, info
  const result = {
    images: [
      { width: 40, height: 30, id: 0, file_name: 'images/5f1a2b3c-cat.jpg' },
      { width: 40, height: 30, id: 1, file_name: 'images/9e8d7c6b-dog.png' },
    ],
    categories: [
      { id: 0, name: 'Cat' },
      { id: 1, name: 'Dog' },
    ],
    annotations: [
      {
        id: 0,
        image_id: 0,
        category_id: 0,
        segmentation: [],
        bbox: [2, 3, 10, 8],
        ignore: 0,
        iscrowd: 0,
        area: 80,
      },
      {
        id: 1,
        image_id: 1,
        category_id: 1,
        segmentation: [[4.4, 4.5, 20.25, 4.5, 20.25, 18.75]],
        bbox: [4.4, 4.5, 15.85, 14.25],
        ignore: 0,
        iscrowd: 0,
        area: 112.93,
      },
    ],
    info: {
      year: 2024,
      version: '1.0',
      description: '',
      contributor: 'Label Studio',
      url: '',
      date_created: '2024-05-01 10:00:00.000000',
    },
  };
  const tree = () =>
    cocoTree({
      'result.json': JSON.stringify(result, null, 2),
      'images/5f1a2b3c-cat.jpg': 'x',
      'images/9e8d7c6b-dog.png': 'y',
    });

  it('finds the images by the path in file_name, with category 0 a label, and writes it back', async () => {
    const ds = await readAll(cocoInstances, tree());
    const cat = ds.get('default', 'images/5f1a2b3c-cat')!;
    expect(cat.media?.path).toBe('images/5f1a2b3c-cat.jpg');
    expect(await cat.media?.bytes?.()).toEqual(new TextEncoder().encode('x'));
    expect(cat.annotations).toHaveLength(1);
    expect(cat.annotations[0]).toMatchObject({
      type: 'bbox',
      id: 0,
      label: 0,
      group: 0,
      x: 2,
      y: 3,
      w: 10,
      h: 8,
    });
    expect(cat.annotations[0].attributes).toEqual({});
    const sink = memorySink();
    const report = await convert(ds, cocoInstances, sink);
    expect(report.dropped).toEqual({});
    const out = decode(sink.files.get('annotations/instances_default.json')!);
    expect(out.categories.map((c: { id: number; name: string }) => [c.id, c.name])).toEqual([
      [0, 'Cat'],
      [1, 'Dog'],
    ]);
    expect(out.annotations.map((a: { id: number; category_id: number }) => [a.id, a.category_id])).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });
});

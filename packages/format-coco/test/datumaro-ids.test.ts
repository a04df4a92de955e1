// Datumaro's ids for layouts coco_instances reads: `roboflow_coco` (Roboflow's COCO export) and
// `mmdet_coco` (mmdetection's folders). Fixtures written in each tool's shape.
import { createRegistry } from '@labelport/core';
import { describeFormat, readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { cocoInstances, formats } from '../src/index.js';
import { cocoTree } from './fixtures/samples.js';

/**
 * One split of a Roboflow COCO export as Roboflow writes it: ids from 0, the dataset's name as
 * category 0 (supercategory "none") and the classes under it, image names with Roboflow's `.rf.`
 * hash, `segmentation: []` for a box-only object.
 */
const roboflowSplit = (images: { id: number; file_name: string }[], boxes: [number, number, number[]][]) => ({
  info: {
    year: '2024',
    version: '1',
    description: 'Exported from roboflow.com',
    contributor: '',
    url: 'https://public.roboflow.com/object-detection/pets',
    date_created: '2024-05-01T10:00:00+00:00',
  },
  licenses: [{ id: 1, url: 'https://creativecommons.org/licenses/by/4.0/', name: 'CC BY 4.0' }],
  categories: [
    { id: 0, name: 'pets', supercategory: 'none' },
    { id: 1, name: 'cat', supercategory: 'pets' },
    { id: 2, name: 'dog', supercategory: 'pets' },
  ],
  images: images.map((im) => ({
    ...im,
    license: 1,
    height: 4,
    width: 6,
    date_captured: '2024-05-01T10:00:00+00:00',
  })),
  annotations: boxes.map(([id, category_id, bbox]) => ({
    id,
    image_id: id === 0 ? images[0]!.id : images[images.length - 1]!.id,
    category_id,
    bbox,
    area: bbox[2]! * bbox[3]!,
    segmentation: [],
    iscrowd: 0,
  })),
});

const roboflowTree = () =>
  cocoTree({
    'README.roboflow.txt': 'Pets - v1\nThis dataset was exported via roboflow.com\n',
    'train/_annotations.coco.json': roboflowSplit(
      [
        { id: 0, file_name: 'a_jpg.rf.0f6e2c.jpg' },
        { id: 1, file_name: 'b_jpg.rf.9a1d3e.jpg' },
      ],
      [
        [0, 1, [1, 0, 2, 2]],
        [1, 2, [0, 1, 3, 3]],
      ],
    ),
    'train/a_jpg.rf.0f6e2c.jpg': 'jpeg',
    'train/b_jpg.rf.9a1d3e.jpg': 'jpeg',
    'valid/_annotations.coco.json': roboflowSplit(
      [{ id: 0, file_name: 'c_jpg.rf.77aa01.jpg' }],
      [[0, 2, [2, 2, 1, 1]]],
    ),
    'valid/c_jpg.rf.77aa01.jpg': 'jpeg',
  });

/** mmdetection's COCO layout: `annotations/instances_<subset>2017.json`, images in `<subset>2017/`. */
const mmdetTree = () =>
  cocoTree({
    'annotations/instances_train2017.json': {
      images: [{ id: 1, file_name: '000000000009.jpg', height: 4, width: 6 }],
      annotations: [
        {
          id: 1,
          image_id: 1,
          category_id: 1,
          bbox: [1, 1, 2, 2],
          area: 2,
          segmentation: [[1, 1, 3, 1, 3, 3]],
          iscrowd: 0,
        },
      ],
      categories: [{ id: 1, name: 'person', supercategory: 'person' }],
    },
    'annotations/instances_val2017.json': {
      images: [{ id: 2, file_name: '000000000139.jpg', height: 4, width: 6 }],
      annotations: [],
      categories: [{ id: 1, name: 'person', supercategory: 'person' }],
    },
    'train2017/000000000009.jpg': 'jpeg',
    'val2017/000000000139.jpg': 'jpeg',
  });

describeFormat(cocoInstances, {
  fixtures: [
    {
      name: "Roboflow's COCO export (roboflow_coco): <split>/_annotations.coco.json, images beside it",
      tree: roboflowTree,
      expect: { items: 3, subsets: { train: 2, valid: 1 }, annotations: { bbox: 3 } },
      check(ds) {
        expect(ds.get('train', 'a_jpg.rf.0f6e2c')?.media?.path).toBe('train/a_jpg.rf.0f6e2c.jpg');
        expect(ds.get('valid', 'c_jpg.rf.77aa01')?.annotations[0]).toMatchObject({ x: 2, y: 2, w: 1, h: 1 });
      },
    },
    {
      name: "mmdetection's layout (mmdet_coco): annotations/instances_<subset>.json, images in <subset>/",
      tree: mmdetTree,
      expect: { items: 2, subsets: { train2017: 1, val2017: 1 }, annotations: { bbox: 1, polygon: 1 } },
      check(ds) {
        expect(ds.get('train2017', '000000000009')?.media?.path).toBe('train2017/000000000009.jpg');
      },
    },
  ],
});

describe("Datumaro's ids", () => {
  const registry = createRegistry(formats);

  it('roboflow_coco and mmdet_coco are coco_instances', () => {
    expect(registry.get('roboflow_coco')).toBe(cocoInstances);
    expect(registry.get('mmdet_coco')).toBe(cocoInstances);
  });

  it('each layout is detected as coco_instances alone at the top', async () => {
    for (const tree of [roboflowTree(), mmdetTree()]) {
      const { matches } = await registry.detect(tree);
      const top = matches.filter((m) => m.confidence === matches[0]?.confidence);
      expect(top.map((m) => m.id)).toEqual(['coco_instances']);
    }
  });

  it("Roboflow's category 0 (the dataset's name) is a label, its classes under it", async () => {
    const ds = await readAll(registry.get('roboflow_coco'), roboflowTree());
    expect(ds.categories.labels.map((l) => [l.name, l.parent])).toEqual([
      ['pets', 'none'],
      ['cat', 'pets'],
      ['dog', 'pets'],
    ]);
    expect(ds.get('train', 'b_jpg.rf.9a1d3e')?.annotations[0]?.label).toBe(2);
  });
});

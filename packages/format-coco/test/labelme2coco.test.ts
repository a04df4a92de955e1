// A file as labelme's examples/instance_segmentation/labelme2coco.py writes it: ids from 0, the
// shapes of one labelme group merged into one COCO object of several polygons, supercategory null,
// `annotations.json` beside `JPEGImages/`.
import { convert, memorySink, validateDataset } from '@labelport/core';
import { countAnnotations, readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { cocoInstances } from '../src/index.js';
import { cocoTree } from './fixtures/samples.js';

const annotationsJson = {
  info: {
    description: null,
    url: null,
    version: null,
    year: 2024,
    contributor: null,
    date_created: '2024-05-01 10:00:00.000000',
  },
  licenses: [{ url: null, id: 0, name: null }],
  images: [
    {
      license: 0,
      url: null,
      file_name: 'JPEGImages/2011_000003.jpg',
      height: 20,
      width: 30,
      date_captured: null,
      id: 0,
    },
  ],
  type: 'instances',
  annotations: [
    {
      // a person hidden behind a pole: two polygons of one labelme group
      id: 0,
      image_id: 0,
      category_id: 1,
      segmentation: [
        [1, 1, 5, 1, 5, 9, 1, 9],
        [7, 1, 10, 1, 10, 9, 7, 9],
      ],
      area: 53.0,
      bbox: [1.0, 1.0, 10.0, 9.0],
      iscrowd: 0,
    },
    {
      id: 1,
      image_id: 0,
      category_id: 2,
      segmentation: [[12, 2, 20, 2, 20, 10, 12, 10]],
      area: 72.0,
      bbox: [12.0, 2.0, 9.0, 9.0],
      iscrowd: 0,
    },
  ],
  categories: [
    { supercategory: null, id: 0, name: '_background_' },
    { supercategory: null, id: 1, name: 'person' },
    { supercategory: null, id: 2, name: 'bottle' },
  ],
};

describe('labelme2coco output', () => {
  const tree = () => cocoTree({ 'annotations.json': annotationsJson, 'JPEGImages/2011_000003.jpg': 'x' });

  it('reads the object of two polygons as one group, with the 0-based categories', async () => {
    const ds = await readAll(cocoInstances, tree());
    expect(countAnnotations(ds)).toEqual({ polygon: 3, bbox: 2 });
    const item = ds.get('default', 'JPEGImages/2011_000003')!;
    expect(item.annotations.map((a) => [a.type, a.id, a.group, a.label])).toEqual([
      ['polygon', 0, 0, 1],
      ['polygon', 0, 0, 1],
      ['bbox', 0, 0, 1],
      ['polygon', 1, 1, 2],
      ['bbox', 1, 1, 2],
    ]);
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['_background_', 'person', 'bottle']);
  });

  it('validates without warnings (the polygons of one object share its id)', async () => {
    const ds = await readAll(cocoInstances, tree());
    const result = await validateDataset(ds);
    expect(result.issues).toEqual([]);
  });

  it('a real repeat is still reported: two objects with one id', async () => {
    const twice = {
      ...annotationsJson,
      annotations: [annotationsJson.annotations[0], { ...annotationsJson.annotations[1], id: 0 }],
    };
    const ds = await readAll(cocoInstances, cocoTree({ 'annotations.json': twice }));
    const result = await validateDataset(ds);
    expect(result.issues.map((i) => i.code)).toEqual(['duplicate-annotation-id', 'duplicate-annotation-id']);
    // and the two objects stay two: written back with ids 0 and a fresh one
    const sink = memorySink();
    await convert(ds, cocoInstances, sink);
    const out = JSON.parse(new TextDecoder().decode(sink.files.get('annotations/instances_default.json')!));
    expect(out.annotations.map((a: { id: number; bbox: number[] }) => [a.id, a.bbox])).toEqual([
      [0, [1, 1, 10, 9]],
      [1, [12, 2, 9, 9]],
    ]);
  });
});

// panopticapi's sample_data folder, in its shape: several COCO files of different tasks with names
// that say nothing (or the wrong thing) about their task, detected by their content:
// panoptic_examples.json + its PNG folder beside it, panoptic_coco_detection_format.json (instances,
// compressed RLE, ids from 0), images_info_examples.json (images and categories only).
import { createRegistry, type FileTree, loadMask, memoryTree } from '@labelport/core';
import { rleToString } from '@labelport/core/geometry';
import { encodePng } from '@labelport/core/png';
import { countAnnotations, readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { cocoImageInfo, cocoInstances, cocoPanoptic, formats } from '../src/index.js';

const info = {
  description: 'COCO 2018 Panoptic Dataset',
  url: 'http://cocodataset.org',
  version: '1.0',
  year: 2018,
  contributor: 'https://arxiv.org/abs/1801.00868',
  date_created: '2018-06-01 00:00:00.0',
};
const licenses = [{ url: 'http://creativecommons.org/licenses/by-nc-sa/2.0/', id: 1, name: 'Attribution' }];
const images = [
  {
    license: 1,
    file_name: '000000142238.jpg',
    coco_url: 'http://images.cocodataset.org/val2017/000000142238.jpg',
    height: 3,
    width: 4,
    date_captured: '2013-11-20 16:47:35',
    flickr_url: 'http://farm5.staticflickr.com/x.jpg',
    id: 142238,
  },
];
const categories = [
  { supercategory: 'person', color: [220, 20, 60], isthing: 1, id: 1, name: 'person' },
  { supercategory: 'sky', color: [70, 130, 180], isthing: 0, id: 187, name: 'sky-other-merged' },
];

// segment 5 (person) in column 0; segment 2 (sky) in columns 2-3; void in column 1
const ids = [5, 0, 2, 2, 5, 0, 2, 2, 5, 0, 2, 2];
function idPng(): Uint8Array {
  const data = new Uint8Array(3 * ids.length);
  ids.forEach((id, i) => {
    data[3 * i] = id;
  });
  return encodePng({ width: 4, height: 3, colorType: 'rgb', data });
}

const panopticExamples = {
  info,
  licenses,
  images,
  annotations: [
    {
      segments_info: [
        { id: 5, category_id: 1, iscrowd: 0, bbox: [0, 0, 1, 3], area: 3 },
        { id: 2, category_id: 187, iscrowd: 0, bbox: [2, 0, 2, 3], area: 6 },
      ],
      file_name: '000000142238.png',
      image_id: 142238,
    },
  ],
  categories,
};

// pycocotools' layout of keys: segmentation first, id last; ids from 0
const detectionFormat = {
  info,
  licenses,
  images,
  annotations: [
    {
      segmentation: { counts: rleToString([0, 3, 9]), size: [3, 4] },
      area: 3,
      iscrowd: 0,
      image_id: 142238,
      bbox: [0, 0, 1, 3],
      category_id: 1,
      id: 0,
    },
  ],
  categories: categories.filter((c) => c.isthing === 1),
};

const imagesInfo = { info, licenses, images, categories };

const sampleData = (): FileTree =>
  memoryTree({
    'panoptic_examples.json': JSON.stringify(panopticExamples, null, 4),
    'panoptic_examples/000000142238.png': idPng(),
    'panoptic_coco_detection_format.json': JSON.stringify(detectionFormat, null, 4),
    'images_info_examples.json': JSON.stringify(imagesInfo, null, 4),
    '000000142238.jpg': 'x',
  });

const registry = createRegistry(formats);

describe("panopticapi's sample_data", () => {
  it('detects every task by content: coco with panoptic, instances and image_info', async () => {
    const { matches } = await registry.detect(sampleData());
    expect(matches[0]).toMatchObject({ id: 'coco', root: '' });
    const found = matches.map((m) => m.id);
    expect(found).toEqual(expect.arrayContaining(['coco_panoptic', 'coco_instances', 'coco_image_info']));
  });

  it('reads the loose panoptic JSON with its PNG folder beside it', async () => {
    const ds = await readAll(cocoPanoptic, sampleData());
    const item = ds.get('examples', '000000142238')!;
    expect(item.media?.path).toBe('000000142238.jpg');
    expect(item.annotations.map((a) => [a.type, a.id, a.label])).toEqual([
      ['mask', 5, 0],
      ['mask', 2, 1],
    ]);
    const person = item.annotations[0];
    const m = person.type === 'mask' ? await loadMask(person.mask) : undefined;
    expect(Array.from(m!.data)).toEqual(ids.map((v) => (v === 5 ? 1 : 0)));
  });

  it('reads the detection-format file as instances (its name says panoptic)', async () => {
    const ds = await readAll(cocoInstances, sampleData());
    expect(countAnnotations(ds)).toEqual({ mask: 1, bbox: 1 });
    const item = ds.get('coco_detection_format', '000000142238')!;
    expect(item.annotations.map((a) => [a.type, a.id, a.group])).toEqual([
      ['mask', 0, 0],
      ['bbox', 0, 0],
    ]);
    const mask = item.annotations[0];
    const m = mask.type === 'mask' ? await loadMask(mask.mask) : undefined;
    expect(Array.from(m!.data)).toEqual(ids.map((v) => (v === 5 ? 1 : 0)));
  });

  it('an images_info file alone is coco_image_info', async () => {
    const tree = memoryTree({ 'images_info_examples.json': JSON.stringify(imagesInfo, null, 4) });
    const { matches } = await registry.detect(tree);
    expect(matches[0].id).toBe('coco_image_info');
    const ds = await readAll(cocoImageInfo, tree);
    expect(ds.get('default', '000000142238')?.media).toMatchObject({ width: 4, height: 3 });
  });

  it('an image_info file larger than what is peeked at, annotations nowhere: still image_info', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({ ...images[0], id: i, file_name: `${i}.jpg` }));
    const tree = memoryTree({
      'images_info_big.json': JSON.stringify({ info, licenses, images: many, categories }),
    });
    const { matches } = await registry.detect(tree);
    expect(matches[0].id).toBe('coco_image_info');
  });
});

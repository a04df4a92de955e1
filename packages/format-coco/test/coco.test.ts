import { sourceOf } from '@labelport/core';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { coco } from '../src/index.js';
import { cocoTree, image, instancesTrain } from './fixtures/samples.js';

const captionsTrain = {
  images: [image(1, 'a.jpg')],
  annotations: [{ id: 1, image_id: 1, caption: 'two things' }],
};
const keypointsTrain = {
  images: [image(1, 'a.jpg')],
  categories: [{ id: 1, name: 'person', keypoints: ['head'], skeleton: [] }],
  annotations: [
    {
      id: 12,
      image_id: 1,
      category_id: 1,
      iscrowd: 1,
      area: 3,
      bbox: [0, 0, 1, 3],
      segmentation: { counts: [0, 3, 9], size: [3, 4] },
      keypoints: [0.5, 1, 2],
      num_keypoints: 1,
    },
  ],
};
const labelsVal = {
  images: [image(9, 'c.jpg')],
  categories: [{ id: 1, name: 'person' }],
  annotations: [{ id: 1, image_id: 9, category_id: 1 }],
};
const multiTask = () =>
  cocoTree({
    'annotations/instances_train.json': instancesTrain,
    'annotations/captions_train.json': captionsTrain,
    'annotations/person_keypoints_train.json': keypointsTrain,
    'annotations/labels_val.json': labelsVal,
  });

describeFormat(coco, {
  fixtures: [
    {
      name: 'four task files over two subsets, merged per image',
      tree: multiTask,
      // instances: polygon 2, mask 2, bbox 4; keypoints: points 1 (its mask and bbox repeat the
      // instances object 12: read once); captions 1; labels 1
      expect: {
        items: 3,
        subsets: { train: 2, val: 1 },
        annotations: { polygon: 2, mask: 2, bbox: 4, points: 1, caption: 1, label: 1 },
        labels: ['person', 'cat', 'toothbrush'],
      },
      check(ds) {
        const a = ds.get('train', 'a')!;
        // the keypoints object 12 is the instances object 12: its points join that group
        expect(a.annotations.filter((x) => x.group === 12).map((x) => x.type)).toEqual([
          'mask',
          'bbox',
          'points',
        ]);
        expect(ds.categories.skeletons?.get(0)).toEqual({ points: ['head'], edges: [] });
      },
    },
  ],
  roundTrips: [
    { name: 'every task back to its own file', source: () => readAll(coco, multiTask()) },
    {
      name: 'annotations of no COCO file go to instances, keypoints, captions, labels',
      source: () =>
        sourceOf({ labels: [{ name: 'x' }] }, [
          {
            id: 'a',
            subset: 'default',
            media: { kind: 'image', path: 'a.jpg', width: 4, height: 4 },
            attributes: { id: 1 },
            annotations: [
              {
                type: 'bbox',
                x: 0,
                y: 0,
                w: 2,
                h: 2,
                label: 0,
                id: 1,
                group: 1,
                attributes: {},
              },
              {
                type: 'points',
                points: [1, 1],
                visibility: [2],
                label: 0,
                id: 1,
                group: 1,
                attributes: {},
              },
              { type: 'caption', caption: 'c', id: 1, group: 1, attributes: {} },
              { type: 'label', label: 0, id: 2, group: 2, attributes: {} },
            ],
          },
        ]),
    },
  ],
  badInputs: [
    {
      name: 'one bad file among good ones',
      tree: () =>
        cocoTree({
          'annotations/instances_train.json': instancesTrain,
          'annotations/captions_train.json': '{"images": [}',
        }),
      code: 'bad-json',
      message: /annotations\/captions_train\.json/,
    },
  ],
});

describe('coco writing', () => {
  it('writes each task file that has something, with the same images', async () => {
    const { tree } = await writeAndReadBack(coco, await readAll(coco, multiTask()));
    const files = (await tree.list()).map((e) => e.path).sort();
    expect(files).toEqual([
      'annotations/captions_train.json',
      'annotations/image_info_train.json',
      'annotations/image_info_val.json',
      'annotations/instances_train.json',
      'annotations/labels_val.json',
      'annotations/person_keypoints_train.json',
    ]);
    const kp = JSON.parse(
      new TextDecoder().decode(await tree.read('annotations/person_keypoints_train.json')),
    );
    expect(kp.annotations).toEqual([{ ...keypointsTrain.annotations[0] }]);
    expect(kp.images.map((i: { id: number }) => i.id)).toEqual([1, 7]);
  });
});

describe('coco writer options', () => {
  it('a bad option is a DatasetError that lists the allowed values', async () => {
    const source = await readAll(coco, multiTask());
    await expect(writeAndReadBack(coco, source, { tasks: ['instances', 'bogus'] })).rejects.toThrow(
      /tasks must be one of 'instances'.*got 'bogus'/,
    );
    await expect(writeAndReadBack(coco, source, { segmentation: 'mesh' })).rejects.toMatchObject({
      code: 'bad-option',
    });
  });

  it('tasks picks the files written', async () => {
    const { tree } = await writeAndReadBack(coco, await readAll(coco, multiTask()), { tasks: ['captions'] });
    expect((await tree.list()).map((e) => e.path)).toEqual(['annotations/captions_train.json']);
  });
});

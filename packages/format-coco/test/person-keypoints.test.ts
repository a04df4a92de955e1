import { sourceOf } from '@labelport/core';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { cocoPersonKeypoints } from '../src/index.js';
import { cocoTree, image } from './fixtures/samples.js';

/** Two persons: one with a polygon, box and 3 keypoints (one not labelled), one with keypoints only. */
const keypointsVal = {
  images: [image(3, 'p.jpg', 8, 6)],
  categories: [
    {
      id: 1,
      name: 'person',
      supercategory: 'person',
      keypoints: ['nose', 'left_eye', 'right_eye'],
      skeleton: [
        [1, 2],
        [1, 3],
      ],
    },
  ],
  annotations: [
    {
      id: 5,
      image_id: 3,
      category_id: 1,
      iscrowd: 0,
      area: 6,
      bbox: [1, 1, 3, 2],
      segmentation: [[1, 1, 4, 1, 4, 3, 1, 3]],
      keypoints: [2, 2, 2, 3, 2, 1, 0, 0, 0],
      num_keypoints: 2,
    },
    {
      id: 6,
      image_id: 3,
      category_id: 1,
      iscrowd: 0,
      area: 0,
      bbox: [5, 1, 1, 1],
      segmentation: [],
      keypoints: [5, 1, 2, 6, 2, 2, 5.5, 1.5, 1],
      num_keypoints: 3,
    },
  ],
};

describeFormat(cocoPersonKeypoints, {
  fixtures: [
    {
      name: 'annotations/person_keypoints_val.json',
      tree: cocoTree({ 'annotations/person_keypoints_val.json': keypointsVal }),
      // points: 2 persons; polygon: person 5; bbox: both
      expect: {
        items: 1,
        subsets: { val: 1 },
        annotations: { points: 2, polygon: 1, bbox: 2 },
        labels: ['person'],
      },
      check(ds) {
        // 1-based skeleton in the file, 0-based in the model
        expect(ds.categories.skeletons?.get(0)).toEqual({
          points: ['nose', 'left_eye', 'right_eye'],
          edges: [
            [0, 1],
            [0, 2],
          ],
        });
        const p = ds.get('val', 'p')!.annotations.find((a) => a.type === 'points' && a.id === 5);
        expect(p).toMatchObject({ points: [2, 2, 3, 2, 0, 0], visibility: [2, 1, 0], group: 5, label: 0 });
      },
    },
  ],
  roundTrips: [
    {
      name: 'the fixture, read then written',
      source: () =>
        readAll(cocoPersonKeypoints, cocoTree({ 'annotations/person_keypoints_val.json': keypointsVal })),
    },
  ],
  badInputs: [
    {
      name: 'keypoints not in triplets',
      tree: cocoTree({
        'annotations/person_keypoints_val.json': {
          ...keypointsVal,
          annotations: [{ ...keypointsVal.annotations[0], keypoints: [1, 2] }],
        },
      }),
      message: /annotations\[0\]\.keypoints: expected \(x, y, v\) triplets/,
    },
    {
      name: 'a visibility of 3',
      tree: cocoTree({
        'annotations/person_keypoints_val.json': {
          ...keypointsVal,
          annotations: [{ ...keypointsVal.annotations[0], keypoints: [1, 2, 3] }],
        },
      }),
      message: /annotations\[0\]\.keypoints\[2\]: visibility must be 0, 1 or 2/,
    },
  ],
});

describe('coco_person_keypoints writing', () => {
  it('writes keypoints, num_keypoints and the 1-based skeleton, and a box around lone points', async () => {
    const source = sourceOf(
      {
        labels: [{ name: 'person' }],
        skeletons: new Map([[0, { points: ['a', 'b'], edges: [[0, 1]] as [number, number][] }]]),
      },
      [
        {
          id: 'x',
          subset: 'default',
          media: { kind: 'image', path: 'x.jpg', width: 10, height: 10 },
          attributes: { id: 1 },
          annotations: [
            { type: 'points', points: [1, 2, 4, 6], visibility: [2, 0], label: 0, attributes: {} },
          ],
        },
      ],
    );
    const { tree } = await writeAndReadBack(cocoPersonKeypoints, source);
    const out = JSON.parse(
      new TextDecoder().decode(await tree.read('annotations/person_keypoints_default.json')),
    );
    expect(out.categories).toEqual([
      { id: 1, name: 'person', supercategory: '', keypoints: ['a', 'b'], skeleton: [[1, 2]] },
    ]);
    expect(out.annotations).toEqual([
      {
        id: 1,
        image_id: 1,
        category_id: 1,
        segmentation: [],
        area: 12,
        bbox: [1, 2, 3, 4],
        iscrowd: 0,
        keypoints: [1, 2, 2, 4, 6, 0],
        num_keypoints: 1,
      },
    ]);
  });
});

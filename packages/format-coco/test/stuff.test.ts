import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { cocoStuff } from '../src/index.js';
import { cocoTree, image } from './fixtures/samples.js';

// stuff: compressed RLE, iscrowd 0 (as COCO-Stuff writes them); ids from 92, 183 = other
const stuffVal = {
  images: [image(1, 'a.jpg', 6, 4)],
  categories: [
    { id: 92, name: 'banner', supercategory: 'textile' },
    { id: 183, name: 'other', supercategory: 'other' },
  ],
  annotations: [
    {
      id: 10,
      image_id: 1,
      category_id: 92,
      iscrowd: 0,
      area: 3,
      bbox: [1, 1, 1, 3],
      segmentation: { counts: '53`0', size: [4, 6] },
    },
    {
      id: 11,
      image_id: 1,
      category_id: 183,
      iscrowd: 0,
      area: 21,
      bbox: [0, 0, 6, 4],
      segmentation: { counts: '053;', size: [4, 6] },
    },
  ],
};

describeFormat(cocoStuff, {
  fixtures: [
    {
      name: 'stuff_val.json',
      tree: cocoTree({ 'annotations/stuff_val.json': stuffVal }),
      expect: { items: 1, annotations: { mask: 2, bbox: 2 }, labels: ['banner', 'other'] },
    },
  ],
  roundTrips: [
    {
      name: 'read then written',
      source: () => readAll(cocoStuff, cocoTree({ 'annotations/stuff_val.json': stuffVal })),
    },
  ],
  badInputs: [
    {
      name: 'a bad compressed RLE',
      tree: cocoTree({
        'annotations/stuff_val.json': {
          ...stuffVal,
          annotations: [{ ...stuffVal.annotations[0], segmentation: { counts: '5', size: [4, 6] } }],
        },
      }),
      message: /annotations\[0\]\.segmentation: RLE counts add up to 5/,
    },
  ],
});

describe('coco_stuff writing', () => {
  it('keeps the compressed strings byte for byte and iscrowd 0', async () => {
    const { tree } = await writeAndReadBack(
      cocoStuff,
      await readAll(cocoStuff, cocoTree({ 'annotations/stuff_val.json': stuffVal })),
    );
    const out = JSON.parse(new TextDecoder().decode(await tree.read('annotations/stuff_val.json')));
    expect(out.annotations).toEqual(stuffVal.annotations);
  });
});

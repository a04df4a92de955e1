import { describeFormat, readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { cocoCaptions, cocoImageInfo, cocoLabels } from '../src/index.js';
import { cocoTree, image } from './fixtures/samples.js';

const captions = {
  images: [image(1, 'a.jpg'), image(2, 'b.jpg')],
  annotations: [
    { id: 1, image_id: 1, caption: 'a cat' },
    { id: 2, image_id: 1, caption: 'un "chat" \u00e9', score: 0.5 },
    { id: 3, image_id: 2, caption: 'nothing', category_id: 0 },
  ],
};
const labels = {
  images: [image(1, 'a.jpg')],
  categories: [
    { id: 4, name: 'day' },
    { id: 2, name: 'night' },
  ],
  annotations: [{ id: 1, image_id: 1, category_id: 4, score: 0.9, attributes: { source: 'model' } }],
};
const imageInfo = { images: [image(1, 'a.jpg'), image(2, 'b.jpg'), image(3, 'c.jpg')], categories: [] };

describeFormat(cocoCaptions, {
  fixtures: [
    {
      name: 'captions_train.json, no categories',
      tree: cocoTree({ 'annotations/captions_train.json': captions }),
      expect: { items: 2, annotations: { caption: 3 } },
    },
  ],
  roundTrips: [
    {
      name: 'read then written',
      source: () => readAll(cocoCaptions, cocoTree({ 'annotations/captions_train.json': captions })),
    },
  ],
  badInputs: [
    {
      name: 'a caption that is not text',
      tree: cocoTree({
        'annotations/captions_train.json': { ...captions, annotations: [{ id: 1, image_id: 1, caption: 5 }] },
      }),
      message: /annotations\[0\]\.caption: expected a string/,
    },
  ],
});

describeFormat(cocoLabels, {
  fixtures: [
    {
      name: 'labels_train.json',
      tree: cocoTree({ 'annotations/labels_train.json': labels }),
      expect: { items: 1, annotations: { label: 1 }, labels: ['night', 'day'] },
      check(ds) {
        expect(ds.get('train', 'a')!.annotations[0]).toMatchObject({
          type: 'label',
          label: 1,
          id: 1,
          group: 1,
          attributes: { score: 0.9, source: 'model' },
        });
      },
    },
  ],
  roundTrips: [
    {
      name: 'read then written',
      source: () => readAll(cocoLabels, cocoTree({ 'annotations/labels_train.json': labels })),
    },
  ],
  badInputs: [
    {
      name: 'an attribute that is an object',
      tree: cocoTree({
        'annotations/labels_train.json': {
          ...labels,
          annotations: [{ ...labels.annotations[0], attributes: { a: {} } }],
        },
      }),
      message: /annotations\[0\]\.attributes\.a: expected a string, number or boolean/,
    },
  ],
});

describeFormat(cocoImageInfo, {
  fixtures: [
    {
      name: 'image_info_test2017.json, no annotations key',
      tree: cocoTree({ 'annotations/image_info_test2017.json': imageInfo }),
      expect: { items: 3, subsets: { test2017: 3 }, annotations: {} },
    },
  ],
  roundTrips: [
    {
      name: 'read then written',
      source: () => readAll(cocoImageInfo, cocoTree({ 'annotations/image_info_test2017.json': imageInfo })),
    },
  ],
  badInputs: [
    {
      name: 'an image without file_name',
      tree: cocoTree({ 'annotations/image_info_test.json': { images: [{ id: 1 }] } }),
      message: /images\[0\]: 'file_name' is missing/,
    },
  ],
});

describe('coco_captions writing', () => {
  it('writes category_id 0 and the score, as Datumaro does', async () => {
    const { writeAndReadBack } = await import('@labelport/core/testing');
    const source = await readAll(cocoCaptions, cocoTree({ 'annotations/captions_train.json': captions }));
    const { tree } = await writeAndReadBack(cocoCaptions, source);
    const out = JSON.parse(new TextDecoder().decode(await tree.read('annotations/captions_train.json')));
    expect(out.categories).toEqual([]);
    expect(out.annotations[1]).toEqual({
      id: 2,
      image_id: 1,
      category_id: 0,
      caption: 'un "chat" \u00e9',
      score: 0.5,
    });
  });
});

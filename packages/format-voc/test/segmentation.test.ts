import {
  bitmapMask,
  type Categories,
  type DatasetItem,
  loadMask,
  memoryTree,
  sourceOf,
} from '@labelport/core';
import { vocColormap } from '@labelport/core/geometry';
import { describeFormat } from '@labelport/core/testing';
import { expect } from 'vitest';
import { vocSegmentation } from '../src/index.js';
import { grayMaskTree, palettePng, segmentationTree } from './fixtures/trees.js';

const cmap = vocColormap(3);
const categories: Categories = {
  labels: [{ name: 'background' }, { name: 'cat' }, { name: 'dog' }],
  colors: new Map(cmap.map((c, i) => [i, c])),
};
const mask = (rows: string[]) =>
  bitmapMask({
    width: rows[0].length,
    height: rows.length,
    data: Uint8Array.from(rows.join(''), (c) => (c === '1' ? 1 : 0)),
  });
const item = (id: string, annotations: DatasetItem['annotations']): DatasetItem => ({
  id,
  subset: 'train',
  attributes: {},
  media: { kind: 'image', width: 4, height: 3 },
  annotations,
});

describeFormat(vocSegmentation, {
  fixtures: [
    {
      name: 'palette class and instance masks',
      tree: segmentationTree,
      // instances 1 (cat), 2 (dog) and 255 (the void border, label 'ignored')
      expect: { items: 1, annotations: { mask: 3 } },
      async check(ds) {
        const masks = ds.get('train', 'a')!.annotations as any[];
        const names = masks.map((m) => ds.categories.labels[m.label].name);
        expect(names).toEqual(['cat', 'dog', 'ignored']);
        expect(masks.map((m) => m.group)).toEqual([1, 2, 255]);
        expect([...(await loadMask(masks[0].mask)).data].join('')).toBe('011001000000');
        expect(ds.get('train', 'a')!.media).toMatchObject({ width: 4, height: 3 });
      },
    },
    {
      name: "grayscale class mask with dummy labels (CVAT's rule)",
      tree: grayMaskTree,
      // values 0 (q), 1 (aeroplane), 3 (boat): one mask per value present
      expect: {
        items: 1,
        subsets: { default: 1 },
        annotations: { mask: 3 },
        labels: ['q', 'aeroplane', '_dummy2', 'boat'],
      },
      async check(ds) {
        const masks = ds.get('default', 'x')!.annotations as any[];
        expect(masks.map((m) => m.label)).toEqual([0, 1, 3]);
        expect([...(await loadMask(masks[2].mask)).data].join('')).toBe('000110');
      },
    },
  ],
  roundTrips: [
    {
      name: 'two instances of one class and one of another (pixel-equal masks)',
      source: () =>
        sourceOf(categories, [
          item('a', [
            { type: 'mask', mask: mask(['1100', '1000', '0000']), label: 1, group: 1, attributes: {} },
            { type: 'mask', mask: mask(['0011', '0001', '0000']), label: 1, group: 2, attributes: {} },
            { type: 'mask', mask: mask(['0000', '0110', '1111']), label: 2, group: 3, attributes: {} },
          ]),
          // an item without masks has no file to keep its image size in (VOC segmentation writes no XML)
          { id: 'empty', subset: 'train', attributes: {}, annotations: [] },
        ]),
    },
  ],
  badInputs: [
    {
      name: 'class and instance masks of different sizes',
      tree: () =>
        memoryTree({
          'ImageSets/Segmentation/train.txt': 'a\n',
          'SegmentationClass/a.png': palettePng([[0, 8]]),
          'SegmentationObject/a.png': palettePng([[0], [1]]),
        }),
      code: 'bad-image',
      message: /SegmentationObject\/a\.png: the instance mask is 1x2 but the class mask is 2x1/,
    },
    {
      name: 'a PNG that is not a PNG',
      tree: () =>
        memoryTree({ 'ImageSets/Segmentation/train.txt': 'a\n', 'SegmentationClass/a.png': 'nope' }),
      message: /SegmentationClass\/a\.png/,
    },
  ],
});

import {
  bitmapMask,
  type Categories,
  type DatasetItem,
  loadMask,
  memoryTree,
  sourceOf,
} from '@labelport/core';
import { describeFormat } from '@labelport/core/testing';
import { expect } from 'vitest';
import { voc } from '../src/index.js';
import { allTasksTree, grayPng, object, palettePng, xml } from './fixtures/trees.js';

const categories: Categories = {
  labels: [
    { name: 'background' },
    { name: 'cat' },
    { name: 'person', attributes: ['wave', 'sit'] },
    { name: 'head', parent: 'person' },
  ],
  colors: new Map([
    [0, [0, 0, 0]],
    [1, [128, 0, 0]],
    [2, [0, 128, 0]],
  ]),
};
const block = (w: number, h: number, x0: number, y0: number, x1: number, y1: number) => {
  const data = new Uint8Array(w * h);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * w + x] = 1;
  return bitmapMask({ width: w, height: h, data });
};
const noFlags = { difficult: false, truncated: false, occluded: false };
const items: DatasetItem[] = [
  {
    id: 'a',
    subset: 'train',
    media: { kind: 'image', width: 6, height: 4 },
    attributes: {},
    annotations: [
      { type: 'label', label: 1, attributes: {} },
      {
        type: 'bbox',
        x: 1,
        y: 1,
        w: 2,
        h: 2,
        label: 1,
        id: 1,
        group: 1,
        attributes: { ...noFlags, truncated: true },
      },
      { type: 'mask', mask: block(6, 4, 1, 0, 3, 2), label: 1, group: 1, attributes: {} },
    ],
  },
  {
    id: 'dir/b',
    subset: 'test',
    media: { kind: 'image', width: 6, height: 4 },
    attributes: {},
    annotations: [
      { type: 'label', label: 2, attributes: {} },
      {
        type: 'bbox',
        x: 0,
        y: 0,
        w: 4.5,
        h: 4,
        label: 2,
        id: 1,
        group: 1,
        attributes: { ...noFlags, wave: true, sit: false, pose: 'Frontal' },
      },
      { type: 'bbox', x: 1, y: 0, w: 1, h: 1, label: 3, group: 1, attributes: {} },
    ],
  },
];

describeFormat(voc, {
  fixtures: [
    {
      name: 'all tasks with a label map',
      tree: allTasksTree,
      expect: {
        items: 2,
        subsets: { train: 2 },
        // labels: cat_train 'a 1', person_train 'b 1'; boxes: cat in a, person and its head part in b;
        // one instance in a's object mask
        annotations: { label: 2, bbox: 3, mask: 1 },
        labels: ['background', 'cat', 'person', 'head'],
      },
      async check(ds) {
        const a = ds.get('train', 'a')!;
        const mask = a.annotations.find((x) => x.type === 'mask')!;
        expect(mask).toMatchObject({ label: 1, group: 1 });
        const bits = await loadMask((mask as any).mask);
        expect([...bits.data].join('')).toBe('011000011000000000000000');
        expect(a.media).toMatchObject({ path: 'JPEGImages/a.jpg', width: 6, height: 4 });
        const person = ds.get('train', 'b')!.annotations.find((x) => x.type === 'bbox' && x.label === 2)!;
        // actions from the label map, absent ones false
        expect(person.attributes).toMatchObject({ wave: true, sit: false });
        expect(ds.categories.labels[3]).toEqual({ name: 'head', parent: 'person' });
        expect(ds.categories.colors?.get(2)).toEqual([0, 128, 0]);
      },
    },
  ],
  roundTrips: [
    { name: 'labels, boxes with parts and actions, masks', source: () => sourceOf(categories, items) },
    {
      name: 'no annotations, no subsets',
      source: () =>
        sourceOf(categories, [
          {
            id: 'x',
            subset: 'default',
            attributes: {},
            annotations: [],
            media: { kind: 'image', width: 3, height: 2 },
          },
        ]),
    },
  ],
  badInputs: [
    {
      name: 'a mask colour that is not in the label map',
      tree: () =>
        memoryTree({
          'labelmap.txt': 'background:0,0,0::\ndog:1,2,3::\n',
          'ImageSets/Segmentation/s.txt': 'a\n',
          'SegmentationClass/a.png': palettePng([[0, 8]]),
        }),
      code: 'bad-image',
      message: /SegmentationClass\/a\.png: the color \(64, 0, 0\) at pixel \(1, 0\)/,
    },
    {
      name: 'a gray mask value past the labels',
      tree: () =>
        memoryTree({ 'ImageSets/Segmentation/s.txt': 'a\n', 'SegmentationClass/a.png': grayPng([[0, 30]]) }),
      code: 'unknown-label',
      message: /SegmentationClass\/a\.png: mask value 30/,
    },
    {
      name: 'a bad label map line',
      tree: () => memoryTree({ 'labelmap.txt': 'cat:1,2::\n', 'ImageSets/Main/train.txt': 'a\n' }),
      code: 'bad-line',
      message: /labelmap\.txt: line 1: .*color/,
    },
    {
      name: 'an object with a label not in the label map',
      tree: () =>
        memoryTree({
          'labelmap.txt': 'background:::\ncat:::\n',
          'ImageSets/Main/train.txt': 'a\n',
          'Annotations/a.xml': xml(object('dog', [1, 1, 2, 2])),
        }),
      code: 'unknown-label',
      message: /Annotations\/a\.xml: object 1 <name>: label 'dog'/,
    },
  ],
});

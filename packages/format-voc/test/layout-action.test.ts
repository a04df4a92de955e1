import { type Categories, memoryTree, sourceOf } from '@labelport/core';
import { describeFormat } from '@labelport/core/testing';
import { expect } from 'vitest';
import { vocAction, vocLayout } from '../src/index.js';
import { actionTree, layoutTree, object, xml } from './fixtures/trees.js';

const flags = { difficult: false, truncated: false, occluded: false };

describeFormat(vocLayout, {
  fixtures: [
    {
      name: 'a person with head and hand parts',
      tree: layoutTree,
      // the cat (object 1) is not a layout object; the person (object 2) and its two parts are
      expect: { items: 1, subsets: { test: 1 }, annotations: { bbox: 3 } },
      check(ds) {
        const anns = ds.get('test', 'p')!.annotations;
        expect(anns.every((a) => a.group === 2)).toBe(true);
        expect(anns.map((a) => ds.categories.labels[a.label!].name).sort()).toEqual([
          'hand',
          'head',
          'person',
        ]);
      },
    },
  ],
  roundTrips: [
    {
      name: 'person with parts',
      source: () =>
        sourceOf(
          {
            labels: [
              { name: 'background' },
              { name: 'person' },
              { name: 'head', parent: 'person' },
              { name: 'foot', parent: 'person' },
            ],
          },
          [
            {
              id: 'p',
              subset: 'train',
              attributes: {},
              media: { kind: 'image', width: 9, height: 9 },
              annotations: [
                { type: 'bbox', x: 1, y: 1, w: 5, h: 7, label: 1, id: 1, group: 1, attributes: flags },
                { type: 'bbox', x: 2, y: 1, w: 1, h: 1, label: 2, group: 1, attributes: {} },
                { type: 'bbox', x: 2, y: 7, w: 1, h: 1, label: 3, group: 1, attributes: {} },
              ],
            },
          ],
        ),
    },
  ],
  badInputs: [
    {
      name: 'an id with one quote in the layout list',
      tree: () => memoryTree({ 'ImageSets/Layout/train.txt': 'p 1\n"q 1\n' }),
      code: 'bad-line',
      message: /ImageSets\/Layout\/train\.txt: line 2: expected the id in a pair of quotes/,
    },
    {
      name: 'a part without a box',
      tree: () =>
        memoryTree({
          'ImageSets/Layout/train.txt': 'p\n',
          'Annotations/p.xml': xml(object('person', [1, 1, 5, 4], '<part><name>head</name></part>')),
        }),
      message: /Annotations\/p\.xml: line \d+, object 1 <part> 1: <bndbox>.* is missing/,
    },
  ],
});

const actionCategories: Categories = {
  labels: [{ name: 'background' }, { name: 'person', attributes: ['jumping', 'reading', 'walking'] }],
};

describeFormat(vocAction, {
  fixtures: [
    {
      name: 'a person with actions',
      tree: actionTree,
      expect: { items: 1, annotations: { bbox: 1 } },
      check(ds) {
        // the default label map gives the person all 11 VOC actions, absent ones false
        expect(ds.get('trainval', 'r')!.annotations[0].attributes).toMatchObject({
          jumping: true,
          reading: false,
          walking: true,
          running: false,
        });
      },
    },
  ],
  roundTrips: [
    {
      name: 'actions as boolean attributes',
      source: () =>
        sourceOf(actionCategories, [
          {
            id: 'r',
            subset: 'train',
            attributes: {},
            media: { kind: 'image', width: 9, height: 9 },
            annotations: [
              {
                type: 'bbox',
                x: 1,
                y: 1,
                w: 5,
                h: 7,
                label: 1,
                id: 1,
                group: 1,
                attributes: { ...flags, jumping: true, reading: false, walking: true },
              },
            ],
          },
        ]),
    },
  ],
  badInputs: [
    {
      name: 'an action flag that is not 0 or 1',
      tree: () =>
        memoryTree({
          'ImageSets/Action/train.txt': 'r\n',
          'Annotations/r.xml': xml(
            object('person', [1, 1, 5, 4], '<actions><jumping>yes</jumping></actions>'),
          ),
        }),
      message: /Annotations\/r\.xml: line \d+, object 1: <actions><jumping> must be 0 or 1, got 'yes'/,
    },
  ],
});

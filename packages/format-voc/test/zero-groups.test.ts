/** Group 0 is a group (the model: undefined is none): VOC's writers treat it as any other group. */
import { sourceOf } from '@labelport/core';
import { writeAndReadBack } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { voc, vocSegmentation } from '../src/index.js';

const categories = {
  labels: [{ name: 'background' }, { name: 'person' }, { name: 'head', parent: 'person' }],
};
const media = { kind: 'image' as const, width: 4, height: 4 };

it("voc_segmentation: the box of group 0 is its polygon's box, not a shape of its own", async () => {
  const source = sourceOf(categories, [
    {
      id: 'a',
      subset: 'train',
      media,
      attributes: {},
      annotations: [
        { type: 'polygon', label: 1, group: 0, points: [0, 0, 2, 0, 2, 2, 0, 2], attributes: {} },
        { type: 'bbox', label: 1, group: 0, x: 0, y: 0, w: 4, h: 4, attributes: {} },
      ],
    },
  ]);
  const { dataset, report } = await writeAndReadBack(vocSegmentation, source);
  // one object: its polygon drawn; the box of its group is not drawn over it, and is no loss (the
  // shape keeps the object)
  expect(dataset.get('train', 'a')!.annotations).toHaveLength(1);
  expect(report.dropped).toEqual({});
  expect(report.converted).toEqual({ 'polygon->mask': 1 });
});

it('voc: a part box in group 0 stays inside its object of group 0', async () => {
  const source = sourceOf(categories, [
    {
      id: 'a',
      subset: 'train',
      media,
      attributes: {},
      annotations: [
        { type: 'bbox', label: 1, group: 0, x: 0, y: 0, w: 4, h: 4, attributes: {} },
        { type: 'bbox', label: 2, group: 0, x: 1, y: 0, w: 1, h: 1, attributes: {} },
      ],
    },
  ]);
  const { tree } = await writeAndReadBack(voc, source);
  const xml = new TextDecoder().decode(await tree.read('Annotations/a.xml'));
  expect(xml).toMatch(/<part>\s*<name>head<\/name>/);
});

import { sourceOf } from '@labelport/core';
import { writeAndReadBack } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { vocDetection } from '../src/index.js';

it("a label whose parent is itself (COCO's person/person) stays a label, not a part", async () => {
  const { dataset, report } = await writeAndReadBack(
    vocDetection,
    sourceOf(
      {
        labels: [
          { name: 'person', parent: 'person' },
          { name: 'cat', parent: 'animal' },
        ],
      },
      [
        {
          id: 'a',
          subset: 'train',
          media: { kind: 'image', width: 10, height: 10 },
          attributes: {},
          annotations: [
            { type: 'bbox', label: 0, x: 1, y: 1, w: 3, h: 3, attributes: {} },
            { type: 'bbox', label: 1, x: 2, y: 2, w: 3, h: 3, attributes: {} },
          ],
        },
      ],
    ),
    { labelMap: 'source' },
  );
  expect(report.dropped).toEqual({});
  expect(
    dataset
      .get('train', 'a')!
      .annotations.map((a) => dataset.categories.labels[a.label!]!.name)
      .sort(),
  ).toEqual(['cat', 'person']);
});

it("COCO classes under a supercategory that is a class too (Roboflow's dataset-name category) stay labels", async () => {
  // Roboflow: category 0 is the dataset's name (supercategory 'none'); every class has it as supercategory
  const { dataset, report } = await writeAndReadBack(
    vocDetection,
    sourceOf(
      {
        labels: [
          { name: 'things', parent: 'none' },
          { name: 'car', parent: 'things' },
          { name: 'bus', parent: 'things' },
        ],
      },
      [
        {
          id: 'a',
          subset: 'train',
          media: { kind: 'image', width: 10, height: 10 },
          attributes: {},
          annotations: [
            { type: 'bbox', label: 1, id: 0, group: 0, x: 1, y: 1, w: 3, h: 3, attributes: {} },
            { type: 'bbox', label: 2, id: 1, group: 1, x: 2, y: 2, w: 3, h: 3, attributes: {} },
          ],
        },
      ],
    ),
    { labelMap: 'source' },
  );
  expect(report.dropped).toEqual({});
  expect(report.warnings).toEqual([]);
  expect(
    dataset.get('train', 'a')!.annotations.map((a) => dataset.categories.labels[a.label!]!.name),
  ).toEqual(['car', 'bus']);
});

import { type Annotation, type Categories, sourceOf } from '@labelport/core';
import { writeAndReadBack } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { vocDetection } from '../src/index.js';

/** Writes one item of boxes with the dataset's own labels, reads it back: the report and the label names. */
async function throughVoc(labels: Categories['labels'], annotations: Annotation[]) {
  const { dataset, report } = await writeAndReadBack(
    vocDetection,
    sourceOf({ labels }, [
      {
        id: 'a',
        subset: 'train',
        media: { kind: 'image', width: 10, height: 10 },
        attributes: {},
        annotations,
      },
    ]),
    { labelMap: 'source' },
  );
  const names = dataset.get('train', 'a')!.annotations.map((a) => dataset.categories.labels[a.label!]!.name);
  return { report, names };
}

const box = (label: number, x: number, group?: number): Annotation => ({
  type: 'bbox',
  label,
  x,
  y: x,
  w: 3,
  h: 3,
  group,
  attributes: {},
});

it("a label whose parent is itself (COCO's person/person) stays a label, not a part", async () => {
  const { report, names } = await throughVoc(
    [
      { name: 'person', parent: 'person' },
      { name: 'cat', parent: 'animal' },
    ],
    [box(0, 1), box(1, 2)],
  );
  expect(report.dropped).toEqual({});
  expect(names.sort()).toEqual(['cat', 'person']);
});

it("COCO classes under a supercategory that is a class too (Roboflow's dataset-name category) stay labels", async () => {
  // Roboflow: category 0 is the dataset's name (supercategory 'none'); every class has it as supercategory
  const { report, names } = await throughVoc(
    [
      { name: 'things', parent: 'none' },
      { name: 'car', parent: 'things' },
      { name: 'bus', parent: 'things' },
    ],
    [box(1, 1, 0), box(2, 2, 1)],
  );
  expect(report.dropped).toEqual({});
  expect(report.warnings).toEqual([]);
  expect(names).toEqual(['car', 'bus']);
});

import { type AttributeValue, Dataset, memoryTree } from '@labelport/core';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { lfw } from '../src/index.js';
import { imageName, numberFor } from '../src/lib/lfw-names.js';

const list = (...names: string[]) => names as unknown as AttributeValue;
const label = (i: number, attributes: Record<string, AttributeValue> = {}) => ({
  type: 'label' as const,
  label: i,
  attributes,
});
const points = (i: number | undefined, pts: number[]) => ({
  type: 'points' as const,
  ...(i === undefined ? {} : { label: i }),
  points: pts,
  visibility: pts.filter((_, k) => k % 2 === 0).map(() => 2 as const),
  attributes: {},
});
const image = { kind: 'image' as const };
const PNG_1x1 = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABc3UBGAAAAABJRU5ErkJggg==',
    'base64',
  ),
);

describeFormat(lfw, {
  fixtures: [
    {
      name: 'pairs, people and landmarks one level down',
      tree: memoryTree({
        'lfw/test/annotations/pairs.txt':
          '10\t300\nAaron\t1\t2\nAaron\t1\tBob\t3\nBob\t3\t-\tnobody\nCarl/Carl_0001\n',
        'lfw/test/annotations/people.txt': '3\nAaron\t2\nBob\t1\n',
        'lfw/test/annotations/landmarks.txt': 'Aaron/Aaron_0001.jpg\t1\t2\t3\t4\nBob/Bob_0003.jpg\t5\t6\n',
        'lfw/test/images/Aaron/Aaron_0001.jpg': PNG_1x1,
        'lfw/test/images/Carl/Carl_0001.jpg': PNG_1x1,
      }),
      // Items: Aaron_0001, Aaron_0002, Bob_0003, nobody, Carl_0001; 4 labels on the people, 2 landmark sets.
      expect: {
        items: 5,
        subsets: { test: 5 },
        annotations: { label: 4, points: 2 },
        labels: ['Aaron', 'Bob', 'Carl'],
      },
      check(ds) {
        expect(ds.get('test', 'Aaron_0001')?.annotations).toEqual([
          label(0, { positive_pairs: list('Aaron/Aaron_0002'), negative_pairs: list('Bob/Bob_0003') }),
          points(0, [1, 2, 3, 4]),
        ]);
        expect(ds.get('test', 'Bob_0003')?.annotations).toEqual([
          label(1, { negative_pairs: list('nobody') }),
          points(1, [5, 6]),
        ]);
        expect(ds.get('test', 'nobody')?.annotations).toEqual([]);
        expect(ds.get('test', 'Aaron_0001')?.media).toMatchObject({
          path: 'test/images/Aaron/Aaron_0001.jpg',
          width: 1,
        });
        expect(ds.get('test', 'Carl_0001')?.media?.path).toBe('test/images/Carl/Carl_0001.jpg');
      },
    },
  ],
  roundTrips: [
    {
      name: 'pairs in both directions, neutral and unlabelled items, landmarks',
      source: () =>
        new Dataset({ labels: [{ name: 'name0' }, { name: 'name1' }] }, [
          {
            id: 'name0_0001',
            subset: 'test',
            media: image,
            annotations: [
              label(0, { positive_pairs: list('name0/name0_0002') }),
              points(0, [0, 4, 3, 3, 2, 2, 1, 0, 3, 0]),
            ],
            attributes: {},
          },
          {
            id: 'name0_0002',
            subset: 'test',
            media: image,
            annotations: [
              label(0, {
                positive_pairs: list('name0/name0_0001'),
                negative_pairs: list('name1/name1_0001'),
              }),
            ],
            attributes: {},
          },
          { id: 'name1_0001', subset: 'test', media: image, annotations: [label(1)], attributes: {} },
          {
            id: 'a/1',
            subset: 'test',
            media: image,
            annotations: [label(0, { positive_pairs: list('name0/b/2'), negative_pairs: list('d/4') })],
            attributes: {},
          },
          { id: 'b/2', subset: 'test', media: image, annotations: [label(0)], attributes: {} },
          { id: 'c/3', subset: 'test', media: image, annotations: [label(1)], attributes: {} },
          { id: 'd/4', subset: 'test', media: image, annotations: [], attributes: {} },
          { id: 'кириллица с пробелом', subset: 'default', media: image, annotations: [], attributes: {} },
        ]),
    },
  ],
  badInputs: [
    {
      name: 'a pairs line with too many fields',
      tree: memoryTree({ 'test/annotations/pairs.txt': 'a\t1\t2\na\t1\tb\t2\t3\n' }),
      message: /test\/annotations\/pairs\.txt: line 2: expected 1 to 4/,
    },
    {
      name: 'a landmark that is not a number',
      tree: memoryTree({
        'test/annotations/pairs.txt': 'a/a_0001\n',
        'test/annotations/landmarks.txt': 'a/a_0001.jpg\t1\tx\n',
      }),
      message: /landmarks\.txt: line 1/,
    },
    {
      name: 'a broken dataset_meta.json',
      tree: memoryTree({ 'test/annotations/pairs.txt': 'a/a_0001\n', 'dataset_meta.json': '{"labels": [' }),
      code: 'bad-json',
      message: /dataset_meta\.json/,
    },
  ],
});

describe('lfw details', () => {
  it('names images as Datumaro does', () => {
    expect(imageName('Aaron', '1')).toEqual({ image: 'Aaron/Aaron_0001', id: 'Aaron_0001' });
    expect(imageName('Aaron', '1 ')).toEqual({ image: 'Aaron/Aaron_0001', id: 'Aaron_0001' });
    expect(imageName('Aaron', 'b/2')).toEqual({ image: 'Aaron/b/2', id: 'b/2' });
    expect(numberFor('Aaron', 'Aaron_0012')).toBe('12');
    expect(numberFor('Aaron', 'Aaron_12')).toBe('Aaron_12');
    expect(numberFor('Aaron', '12')).toBeUndefined();
  });

  it('writes Datumaro pairs.txt, people.txt and landmarks.txt', async () => {
    const ds = new Dataset({ labels: [{ name: 'name0' }, { name: 'name1' }] }, [
      {
        id: 'name0_0001',
        subset: 'test',
        annotations: [label(0, { negative_pairs: list('name1/name1_0001', 'x') }), points(0, [1, 2])],
        attributes: {},
      },
      {
        id: 'name1_0001',
        subset: 'test',
        annotations: [label(1, { positive_pairs: list('name1/name1_0002') })],
        attributes: {},
      },
      { id: 'name1_0003', subset: 'test', annotations: [label(1, { occluded: true })], attributes: {} },
    ]);
    const { tree, report } = await writeAndReadBack(lfw, ds);
    const text = async (p: string) => new TextDecoder().decode(await tree.read(p));
    expect(await text('test/annotations/pairs.txt')).toBe(
      'name1\t1\t2\nname0\t1\tname1\t1\nname0\t1\t-\tx\nname1/name1_0003\n',
    );
    expect(await text('test/annotations/people.txt')).toBe('name0\t1\nname1\t2\n');
    expect(await text('test/annotations/landmarks.txt')).toBe('name0/name0_0001.jpg\t1\t2\n');
    expect(report.dropped).toEqual({ attribute: 1 });
  });

  it('reports positive pairs across people', async () => {
    const ds = new Dataset({ labels: [{ name: 'a' }, { name: 'b' }] }, [
      {
        id: 'a_0001',
        subset: 'test',
        annotations: [label(0, { positive_pairs: list('b/b_0001') })],
        attributes: {},
      },
    ]);
    const { report } = await writeAndReadBack(lfw, ds);
    expect(report.dropped).toEqual({ pair: 1 });
    expect(report.warnings).toEqual([
      "a_0001: positive pairs must name images of the same person ('a/...'); 'b/b_0001' was left out",
    ]);
  });

  it('takes labels from dataset_meta.json before people.txt', async () => {
    const ds = await readAll(
      lfw,
      memoryTree({
        'dataset_meta.json': '{"label_map": {"0": "z", "1": "a"}}',
        'test/annotations/pairs.txt': 'a\t1\t2\n',
        'test/annotations/people.txt': 'q\t1\n',
      }),
    );
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['z', 'a']);
  });

  it("reads Datumaro's landmark paths without the person's folder as the item's person's", async () => {
    const ds = await readAll(
      lfw,
      memoryTree({
        'test/annotations/pairs.txt': 'name0\t1\t2\nname1/name1_0001\n',
        'test/annotations/landmarks.txt': 'name0_0002.jpg\t1\t2\nname1_0001.jpg\t3\t4\nloose.jpg\t5\t6\n',
      }),
    );
    expect(ds.get('test', 'name0_0002')?.annotations[1]).toEqual(points(0, [1, 2]));
    expect(ds.get('test', 'name1_0001')?.annotations[1]).toEqual(points(1, [3, 4]));
    expect(ds.get('test', 'loose')?.annotations).toEqual([points(undefined, [5, 6])]);
  });

  it('gives a person to an image met first as a mismatch of nobody', async () => {
    const ds = await readAll(
      lfw,
      memoryTree({ 'test/annotations/pairs.txt': 'a\t1\t-\tb_0001\nb/b_0001\n' }),
    );
    expect(ds.get('test', 'b_0001')?.annotations).toEqual([label(1)]);
    expect(ds.get('test', 'a_0001')?.annotations).toEqual([label(0, { negative_pairs: list('b_0001') })]);
  });
});

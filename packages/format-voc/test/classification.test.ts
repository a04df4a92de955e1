import { type Categories, memoryTree, sourceOf } from '@labelport/core';
import { describeFormat, expectSameDataset, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { vocClassification } from '../src/index.js';
import { classificationTree } from './fixtures/trees.js';

const categories: Categories = { labels: [{ name: 'background' }, { name: 'cat' }, { name: 'dog' }] };

describeFormat(vocClassification, {
  fixtures: [
    {
      name: 'Main/<label>_<subset>.txt lists',
      tree: classificationTree,
      // cat_train: a 1; dog_train: a 1, b 1 (-1 and 0 mean absent)
      expect: { items: 3, subsets: { train: 3 }, annotations: { label: 3 } },
    },
  ],
  roundTrips: [
    {
      name: 'labels over two subsets',
      source: () =>
        sourceOf(categories, [
          {
            id: 'a',
            subset: 'train',
            attributes: {},
            annotations: [
              { type: 'label', label: 1, attributes: {} },
              { type: 'label', label: 2, attributes: {} },
            ],
          },
          {
            id: 'b c',
            subset: 'val',
            attributes: {},
            annotations: [{ type: 'label', label: 2, attributes: {} }],
          },
          { id: 'd', subset: 'val', attributes: {}, annotations: [] },
        ]),
    },
  ],
  badInputs: [
    {
      name: 'a class presence value other than 1, 0, -1',
      tree: () => memoryTree({ 'ImageSets/Main/train.txt': 'a\n', 'ImageSets/Main/cat_train.txt': 'a 3\n' }),
      code: 'bad-line',
      message: /ImageSets\/Main\/cat_train\.txt: line 1: unexpected class presence '3'/,
    },
    {
      name: 'a class list line without a value',
      tree: () =>
        memoryTree({ 'ImageSets/Main/train.txt': 'a\n', 'ImageSets/Main/cat_train.txt': '\n\na\n' }),
      message: /cat_train\.txt: line 3/,
    },
  ],
});

describe('voc_classification: label names that a file name cannot hold', () => {
  // Open Images' label ids look like absolute paths: Datumaro would write /m/0cmf2_default.txt.
  const names = ['/m/0cmf2', 'a\\b', '100%', 'cat'];
  const source = () =>
    sourceOf({ labels: names.map((name) => ({ name })) }, [
      {
        id: 'x',
        subset: 'default',
        attributes: {},
        annotations: names.map((_, label) => ({ type: 'label' as const, label, attributes: {} })),
      },
    ]);

  it('names their class lists percent-escaped, and reads them back', async () => {
    const { dataset, report, tree } = await writeAndReadBack(vocClassification, source());
    expect(report.dropped).toEqual({});
    expect(report.warnings).toEqual([
      "3 label name(s) hold what a file name cannot ('/', '\\', '%', control characters): their class lists (ImageSets/Main/<label>_<subset>.txt) are named with them percent-escaped (labelport reads them back; other tools see the escaped name)",
    ]);
    const lists = (await tree.list()).map((f) => f.path).filter((p) => p.startsWith('ImageSets/Main/'));
    expect(lists.sort()).toEqual([
      'ImageSets/Main/%2Fm%2F0cmf2_default.txt',
      'ImageSets/Main/100%25_default.txt',
      'ImageSets/Main/a%5Cb_default.txt',
      'ImageSets/Main/cat_default.txt',
      'ImageSets/Main/default.txt',
    ]);
    await expectSameDataset(dataset, source(), { capabilities: vocClassification.capabilities });
    const labels = dataset.categories.labels.map((l) => l.name);
    expect(
      dataset
        .get('default', 'x')!
        .annotations.map((a) => labels[a.label!])
        .sort(),
    ).toEqual([...names].sort());
  });

  it("reads a class list named with the raw name (Datumaro's '100%_train.txt')", async () => {
    const ds = await readAll(
      vocClassification,
      memoryTree({
        'labelmap.txt': '100%:::\n',
        'ImageSets/Main/train.txt': 'a\n',
        'ImageSets/Main/100%_train.txt': 'a 1\n',
      }),
    );
    expect(ds.get('train', 'a')!.annotations).toEqual([{ type: 'label', label: 0, attributes: {} }]);
  });
});

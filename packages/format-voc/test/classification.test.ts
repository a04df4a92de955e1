import { type Categories, memoryTree, sourceOf } from '@labelport/core';
import { describeFormat } from '@labelport/core/testing';
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

import { withColonPairs } from '../params.js';
import { split } from '../split.js';
import type { TransformSpec } from './spec.js';

export const randomSplit: TransformSpec = {
  name: 'random_split',
  doc: 'split the items randomly into subsets of the given proportions (exact item counts; video sequences stay whole)',
  params: {
    seed: { type: 'integer', default: 0, doc: 'the random seed' },
    subset: { type: 'string[]', aliases: ['s'], doc: "Datumaro's form: name:share (repeatable)" },
  },
  free: {
    key: '<subset>',
    type: 'number',
    doc: 'the proportion of a subset (they add up to 1); default train=0.67,test=0.33',
  },
  twoPass: true,
  apply(source, params, report) {
    const given = withColonPairs('random_split', params.extra, params.values.subset).map(
      ([k, v]) => [k, v.trim() === '' ? Number.NaN : Number(v)] as [string, number],
    );
    const subsets: [string, number][] = given.length
      ? given
      : [
          ['train', 0.67],
          ['test', 0.33],
        ];
    return split(source, { subsets, by: 'item', seed: params.values.seed as number }, report).source;
  },
};

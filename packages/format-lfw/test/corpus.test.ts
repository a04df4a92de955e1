import { join } from 'node:path';
import { type AttributeValue, createRegistry } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import {
  countAnnotations,
  expectSameDataset,
  fixturesDir,
  readAll,
  writeAndReadBack,
} from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formats, lfw } from '../src/index.js';

const corpus = fixturesDir();
if (!corpus) console.warn('format-lfw corpus tests: LABELPORT_FIXTURES is not set; skipped');
const dir = () => join(corpus as string, 'datumaro', 'lfw_dataset');
const list = (...names: string[]) => names as unknown as AttributeValue;

describe.skipIf(!corpus)('LFW sample of the corpus', () => {
  it('is detected', async () => {
    expect((await createRegistry(formats).detect(directoryTree(dir()))).matches).toEqual([
      { id: 'lfw', confidence: 1, root: '' },
    ]);
  });

  it('reads the pairs, people and landmarks', async () => {
    const ds = await readAll(lfw, directoryTree(dir()));
    // people.txt: name0, name1. pairs.txt: a header, one positive pair (name1 1-2), two negative pairs
    // (name0 1 against name1 1 and 2): items name0_0001, name1_0001, name1_0002, each with one label.
    // landmarks.txt: one line of 5 points per item.
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['name0', 'name1']);
    expect(
      ds
        .subset('test')
        .map((i) => i.id)
        .sort(),
    ).toEqual(['name0_0001', 'name1_0001', 'name1_0002']);
    expect(countAnnotations(ds)).toEqual({ label: 3, points: 3 });
    expect(ds.get('test', 'name0_0001')?.annotations).toEqual([
      {
        type: 'label',
        label: 0,
        attributes: { negative_pairs: list('name1/name1_0001', 'name1/name1_0002') },
      },
      {
        type: 'points',
        label: 0,
        points: [0, 4, 3, 3, 2, 2, 1, 0, 3, 0],
        visibility: [2, 2, 2, 2, 2],
        attributes: {},
      },
    ]);
    expect(ds.get('test', 'name1_0001')?.annotations[0]).toEqual({
      type: 'label',
      label: 1,
      attributes: { positive_pairs: list('name1/name1_0002') },
    });
    expect(ds.get('test', 'name1_0002')?.annotations).toEqual([
      { type: 'label', label: 1, attributes: {} },
      {
        type: 'points',
        label: 1,
        points: [0, 5, 3, 5, 2, 2, 1, 0, 3, 0],
        visibility: [2, 2, 2, 2, 2],
        attributes: {},
      },
    ]);
    expect(ds.get('test', 'name1_0002')?.media?.path).toBe('test/images/name1/name1_0002.jpg');
  });

  it('round trips, with images', async () => {
    const ds = await readAll(lfw, directoryTree(dir()));
    const back = await writeAndReadBack(lfw, ds, { saveMedia: true });
    expect(back.report.dropped).toEqual({});
    await expectSameDataset(back.dataset, ds);
  });
});

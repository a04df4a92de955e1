import { join } from 'node:path';
import { createRegistry } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import {
  countAnnotations,
  expectSameDataset,
  fixturesDir,
  readAll,
  writeAndReadBack,
} from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { cityscapes, formats } from '../src/index.js';

const corpus = fixturesDir();
if (!corpus) console.warn('format-cityscapes corpus tests: LABELPORT_FIXTURES is not set; skipped');
const dir = (name: string) => join(corpus as string, 'datumaro', 'cityscapes_dataset', name);
const subsets = (ds: { subsets(): string[]; subset(s: string): unknown[] }) =>
  Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).length]));

describe.skipIf(!corpus)('Cityscapes samples of the corpus', () => {
  it('both samples are detected as cityscapes', async () => {
    for (const name of ['dataset', 'train_dataset']) {
      const { matches } = await createRegistry(formats).detect(directoryTree(dir(name)));
      expect(matches).toEqual([{ id: 'cityscapes', confidence: 1, root: '' }]);
    }
  });

  it('dataset: instanceIds (8-bit, class ids only) read with the counts of the files', async () => {
    const ds = await readAll(cityscapes, directoryTree(dir('dataset')));
    // gtFine/test: 000031 has values 3, 27; 000032 has 3, 12, 31; train/000045: 3, 24; val/000019: 1, 3.
    expect(subsets(ds)).toEqual({ test: 2, train: 1, val: 1 });
    expect(countAnnotations(ds)).toEqual({ mask: 9 });
    const item = ds.get('test', 'defaultcity/defaultcity_000001_000031');
    expect(item?.annotations.map((a) => [a.label, a.attributes.is_crowd])).toEqual([
      [3, true],
      [27, true],
    ]);
    expect(item?.media?.path).toBe('leftImg8bit/test/defaultcity/defaultcity_000001_000031_leftImg8bit.png');
    const { dataset, report } = await writeAndReadBack(cityscapes, ds, { saveMedia: true });
    expect(report.dropped).toEqual({});
    await expectSameDataset(dataset, ds);
  });

  it('train_dataset: labelTrainIds are preferred, as Datumaro does', async () => {
    const ds = await readAll(cityscapes, directoryTree(dir('train_dataset')));
    // labelTrainIds: 000031 has 14, 19; 000032 has 3, 16, 19; train/000045 11, 19; val/000019 19.
    // 19 is the background of Datumaro's train label map (black, after the 19 classes): no mask.
    expect(countAnnotations(ds)).toEqual({ mask: 4 });
    expect(ds.categories.labels).toHaveLength(20);
    expect(ds.categories.labels[19]?.name).toBe('background');
    expect(ds.get('val', 'defaultcity/defaultcity_000001_000019')?.annotations).toEqual([]);
  });

  it('train_dataset: instanceIds (16-bit) give instances: class * 1000 + n', async () => {
    const ds = await readAll(cityscapes, directoryTree(dir('train_dataset')), { masks: 'instanceIds' });
    // 000031: 3, 27001, 27002; 000032: 3, 12, 31001; train/000045: 3, 24001; val/000019: 3, 1024.
    expect(countAnnotations(ds)).toEqual({ mask: 10 });
    expect(
      ds
        .get('test', 'defaultcity/defaultcity_000001_000031')
        ?.annotations.map((a) => [a.label, a.id, a.attributes.is_crowd]),
    ).toEqual([
      [3, undefined, true],
      [27, 1, false],
      [27, 2, false],
    ]);
    expect(
      ds.get('val', 'defaultcity/defaultcity_000001_000019')?.annotations.map((a) => [a.label, a.id]),
    ).toEqual([
      [3, undefined],
      [1, 24],
    ]);
    const { dataset, report } = await writeAndReadBack(cityscapes, ds, { saveMedia: true });
    expect(report.dropped).toEqual({});
    await expectSameDataset(dataset, ds);
  });
});

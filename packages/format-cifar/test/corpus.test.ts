// The real samples of the corpus (LABELPORT_FIXTURES): Datumaro's cifar10_dataset and cifar100_dataset
// (pickled by Datumaro, protocols 3 and 4, `data` an object array).
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
import { cifar, formats } from '../src/index.js';

const dir = fixturesDir();
if (!dir) console.warn('LABELPORT_FIXTURES is not set: the CIFAR corpus tests are skipped');
const corpus = (name: string) => directoryTree(join(dir!, 'datumaro', name));

describe.skipIf(!dir)('CIFAR corpus samples', () => {
  it('cifar10_dataset', async () => {
    const { matches } = await createRegistry(formats).detect(corpus('cifar10_dataset'));
    expect(matches.map((m) => m.id)).toEqual(['cifar']);
    const ds = await readAll(cifar, corpus('cifar10_dataset'));
    expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).length]))).toEqual({
      data_batch_1: 1,
      test_batch: 4,
    });
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['airplane', 'automobile', 'bird', 'cat']);
    // as Datumaro reads it: image_5 is a 2 x 2 image of label 3 (cat)
    expect(ds.get('data_batch_1', 'image_1')!.media).toMatchObject({ width: 32, height: 32 });
    expect(ds.get('test_batch', 'image_5')!.media).toMatchObject({ width: 2, height: 2 });
    expect(ds.get('test_batch', 'image_5')!.annotations[0]!.label).toBe(3);
    const back = await writeAndReadBack(cifar, ds, { saveMedia: true });
    expect(back.report.dropped).toEqual({});
    await expectSameDataset(back.dataset, ds, { capabilities: cifar.capabilities });
  });

  it('cifar100_dataset', async () => {
    const ds = await readAll(cifar, corpus('cifar100_dataset'));
    expect(ds.categories.labels).toEqual([
      { name: 'airplane', parent: 'air_object' },
      { name: 'automobile', parent: 'ground_object' },
      { name: 'bird', parent: 'air_object' },
    ]);
    expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).length]))).toEqual({
      test: 3,
      train: 3,
    });
    expect(countAnnotations(ds)).toEqual({ label: 6 });
    expect(ds.get('train', 'image_1')!.media).toMatchObject({ width: 8, height: 7 });
    const back = await writeAndReadBack(cifar, ds, { saveMedia: true });
    expect(back.report.dropped).toEqual({});
    await expectSameDataset(back.dataset, ds, { capabilities: cifar.capabilities });
  });
});

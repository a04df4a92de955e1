// CIFAR -> Datumaro -> CIFAR: labels, parents (CIFAR-100's superclasses), subsets and the pixels come
// back (the images travel as PNG files in Datumaro's images/ folder).

import { memoryTree } from '@labelport/core';
import { expectSameDataset, readAll, writeAndReadBack } from '@labelport/core/testing';
import { datumaro } from '@labelport/format-datumaro';
import { expect, it } from 'vitest';
import { cifar } from '../src/cifar.js';
import { cifar10Meta, cifar10Tree, cifar100Meta, datumaroBatch, originalBatch } from './fixtures.js';

for (const [name, tree] of [
  ['CIFAR-10', () => cifar10Tree('py2')],
  [
    'CIFAR-100',
    () =>
      memoryTree({
        meta: cifar100Meta(),
        train: originalBatch('py2', [0, 1, 2], ['a.png', 'b.png', 'c.png'], 0, true),
      }),
  ],
  [
    "Datumaro's object arrays",
    () => memoryTree({ 'batches.meta': cifar10Meta(), data_batch_1: datumaroBatch() }),
  ],
] as const) {
  it(`cifar -> datumaro -> cifar keeps ${name}`, async () => {
    const first = await readAll(cifar, tree());
    const viaDatumaro = await writeAndReadBack(datumaro, first, { saveMedia: true });
    expect(viaDatumaro.report.dropped).toEqual({});
    const back = await writeAndReadBack(cifar, viaDatumaro.dataset, { saveMedia: true });
    expect(back.report.dropped).toEqual({});
    expect(back.report.converted).toEqual({});
    await expectSameDataset(back.dataset, first, { capabilities: cifar.capabilities });
    expect(back.dataset.categories.labels).toEqual(first.categories.labels);
    for (const item of first) {
      const again = back.dataset.get(item.subset, item.id)!;
      if (item.media) expect(await again.media!.bytes!()).toEqual(await item.media.bytes!());
    }
  });
}

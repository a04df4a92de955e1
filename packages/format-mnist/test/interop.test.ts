// MNIST -> Datumaro -> MNIST: labels, ids, subsets and the pixels come back (the images travel as PNG
// files in Datumaro's images/ folder).
import { expectSameDataset, readAll, writeAndReadBack } from '@labelport/core/testing';
import { datumaro } from '@labelport/format-datumaro';
import { expect, it } from 'vitest';
import { mnist, mnistCsv } from '../src/mnist.js';
import { datumaroFiles, originalFiles, pixelsOf, tree } from './fixtures.js';

const saveMedia = { saveMedia: true };

for (const [format, files] of [
  [mnist, originalFiles],
  [mnist, datumaroFiles],
  [mnistCsv, () => ({ 'mnist_train.csv': `3,${'1,'.repeat(783)}200\n-1\n`, 'meta_train.csv': 'a\nb\n' })],
] as const) {
  it(`${format.id} -> datumaro -> ${format.id} keeps everything (${files.name || 'csv'})`, async () => {
    const first = await readAll(format, tree(files()));
    const viaDatumaro = await writeAndReadBack(datumaro, first, saveMedia);
    expect(viaDatumaro.report.dropped).toEqual({});
    const back = await writeAndReadBack(format, viaDatumaro.dataset, saveMedia);
    expect(back.report.dropped).toEqual({});
    expect(back.report.converted).toEqual({});
    await expectSameDataset(back.dataset, first, { capabilities: format.capabilities });
    expect(back.dataset.categories.labels).toEqual(first.categories.labels);
    for (const item of first) {
      if (item.media)
        expect(await pixelsOf(back.dataset.get(item.subset, item.id))).toEqual(await pixelsOf(item));
    }
  });
}

// CelebA -> Datumaro -> CelebA: identities, boxes, landmarks, attributes, subsets and the images come
// back (Datumaro's JSON keeps the labels' names; the images travel as files).
import { expectSameDataset, readAll, writeAndReadBack } from '@labelport/core/testing';
import { datumaro } from '@labelport/format-datumaro';
import { expect, it } from 'vitest';
import { alignCeleba, celeba } from '../src/celeba.js';
import { alignFiles, celebaFiles, tree } from './fixtures.js';

for (const [format, files] of [
  [celeba, celebaFiles],
  [alignCeleba, alignFiles],
] as const) {
  it(`${format.id} -> datumaro -> ${format.id} keeps everything`, async () => {
    const first = await readAll(format, tree(files()));
    const viaDatumaro = await writeAndReadBack(datumaro, first, { saveMedia: true });
    expect(viaDatumaro.report.dropped).toEqual({});
    const back = await writeAndReadBack(format, viaDatumaro.dataset, { saveMedia: true });
    expect(back.report.dropped).toEqual({});
    expect(back.report.converted).toEqual({});
    await expectSameDataset(back.dataset, first, { capabilities: format.capabilities });
    expect(back.dataset.categories.labels).toEqual(first.categories.labels);
  });
}

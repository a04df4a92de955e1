// VIA -> Datumaro -> VIA: everything the model holds of a VIA project comes back (shapes, labels,
// region and file attributes, the label attribute and its option names, through the dataset's infos).
import { expectSameDataset, readAll, writeAndReadBack } from '@labelport/core/testing';
import { datumaro } from '@labelport/format-datumaro';
import { expect, it } from 'vitest';
import { via } from '../src/via.js';
import { balloonTree, csvTree, projectTree } from './fixtures.js';

for (const [name, tree, readOptions] of [
  ['a VIA project', projectTree, { labelAttribute: 'type' }],
  ['the balloon export', balloonTree, {}],
  ['a CSV export', csvTree, {}],
] as const) {
  it(`via -> datumaro -> via keeps ${name}`, async () => {
    const first = await readAll(via, tree(), readOptions);
    const viaDatumaro = await writeAndReadBack(datumaro, first);
    expect(viaDatumaro.report.dropped).toEqual({});
    const back = await writeAndReadBack(via, viaDatumaro.dataset);
    expect(back.report.dropped).toEqual({});
    expect(back.report.converted).toEqual({});
    await expectSameDataset(back.dataset, first, { capabilities: via.capabilities });
    expect(back.dataset.categories.labels).toEqual(first.categories.labels);
  });
}

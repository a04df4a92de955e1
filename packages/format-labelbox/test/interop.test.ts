// Labelbox -> Datumaro -> Labelbox: everything the model holds of an export comes back, in the export
// shape (ids, nested questions and their kinds through the dataset's infos, masks by URL) and in the
// import shape (what an import cannot name again, Labelbox's own ids, is counted).
import { expectSameDataset, readAll, writeAndReadBack } from '@labelport/core/testing';
import { datumaro } from '@labelport/format-datumaro';
import { expect, it } from 'vitest';
import { labelbox } from '../src/labelbox.js';
import { exportTree, importTree, listTree } from './fixtures.js';

for (const [name, tree] of [
  ['an export v2 NDJSON', exportTree],
  ['an export dumped as a JSON list', listTree],
  ['an annotation import with its data rows', importTree],
] as const) {
  it(`labelbox -> datumaro -> labelbox keeps ${name}`, async () => {
    const first = await readAll(labelbox, tree());
    const viaDatumaro = await writeAndReadBack(datumaro, first);
    expect(viaDatumaro.report.dropped).toEqual({});
    expect(viaDatumaro.dataset.infos).toEqual(first.infos);
    const back = await writeAndReadBack(labelbox, viaDatumaro.dataset, { shape: 'export' });
    expect(back.report.dropped).toEqual({});
    expect(back.report.converted).toEqual({});
    await expectSameDataset(back.dataset, first, { capabilities: labelbox.capabilities });
    expect(back.dataset.categories.labels).toEqual(first.categories.labels);
  });
}

it('labelbox -> datumaro -> labelbox (import shape) keeps all but the ids Labelbox gives', async () => {
  const first = await readAll(labelbox, exportTree());
  const viaDatumaro = await writeAndReadBack(datumaro, first);
  const back = await writeAndReadBack(labelbox, viaDatumaro.dataset);
  expect(back.report.dropped).toEqual({ attribute: 8, 'item attribute': 2 });
  await expectSameDataset(back.dataset, first, {
    capabilities: labelbox.capabilities,
    ignoreAttributes: ['feature_id'],
    ignoreItemAttributes: true,
    ignoreMedia: true,
  });
});

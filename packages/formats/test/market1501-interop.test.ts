import { join } from 'node:path';
import { directoryTree } from '@labelport/core/node';
import { expectSameDataset, fixturesDir, readAll, writeAndReadBack } from '@labelport/core/testing';
import { datumaro } from '@labelport/format-datumaro';
import { market1501 } from '@labelport/format-market1501';
import { describe, expect, it } from 'vitest';

const corpus = fixturesDir();
if (!corpus) console.warn('market1501 interop: LABELPORT_FIXTURES is not set; the corpus tests are skipped');

describe.skipIf(!corpus)('Market-1501 <-> Datumaro on the corpus', () => {
  it('market1501 -> datumaro -> market1501 keeps items, subsets and name attributes', async () => {
    const ds = await readAll(
      market1501,
      directoryTree(join(corpus as string, 'datumaro', 'market1501_dataset')),
    );
    const viaDatumaro = await writeAndReadBack(datumaro, ds, { saveMedia: true });
    expect(viaDatumaro.report.dropped).toEqual({});
    await expectSameDataset(viaDatumaro.dataset, ds, { ignoreMedia: true });
    const back = await writeAndReadBack(market1501, viaDatumaro.dataset, { saveMedia: true });
    expect(back.report.dropped).toEqual({});
    await expectSameDataset(back.dataset, ds, { ignoreMedia: true });
  });
});

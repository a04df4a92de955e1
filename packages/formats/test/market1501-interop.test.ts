import { join } from 'node:path';
import { type AnyFormat, createRegistry } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import { expectSameDataset, fixturesDir, readAll, writeAndReadBack } from '@labelport/core/testing';
import { datumaro } from '@labelport/format-datumaro';
import { market1501 } from '@labelport/format-market1501';
import { formats as all } from 'labelport';
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

  it('each sample is detected as its own format only, among every registered format', async () => {
    // The meta-package's formats and these (once the meta-package lists them, the same objects).
    const byId = new Map<string, AnyFormat>();
    for (const f of [...all, ...[market1501]]) byId.set(f.id, f);
    const registry = createRegistry([...byId.values()]);
    for (const [sample, id] of [['market1501_dataset', 'market1501']]) {
      const { matches } = await registry.detect(directoryTree(join(corpus as string, 'datumaro', sample)));
      expect(matches[0]?.id, sample).toBe(id);
      expect(matches.filter((m) => m.confidence === matches[0].confidence).length, sample).toBe(1);
    }
  });
});

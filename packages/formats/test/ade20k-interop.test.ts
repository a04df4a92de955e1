import { join } from 'node:path';
import { type AnyFormat, createRegistry } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import { expectSameDataset, fixturesDir, readAll, writeAndReadBack } from '@labelport/core/testing';
import { ade20k2017, ade20k2020 } from '@labelport/format-ade20k';
import { datumaro } from '@labelport/format-datumaro';
import { formats as all } from 'labelport';
import { describe, expect, it } from 'vitest';

const corpus = fixturesDir();
if (!corpus) console.warn('ade20k interop: LABELPORT_FIXTURES is not set; the corpus tests are skipped');

describe.skipIf(!corpus)('ADE20K <-> Datumaro on the corpus', () => {
  for (const [folder, format] of [
    ['ade20k2017_dataset', ade20k2017],
    ['ade20k2020_dataset', ade20k2020],
  ] as const) {
    for (const sample of ['dataset', 'dataset_with_meta_file']) {
      it(`${folder}/${sample}: ade20k -> datumaro -> ade20k keeps masks, polygons, labels and attributes`, async () => {
        const ds = await readAll(format, directoryTree(join(corpus as string, 'datumaro', folder, sample)));
        const viaDatumaro = await writeAndReadBack(datumaro, ds, { saveMedia: true });
        expect(viaDatumaro.report.dropped).toEqual({});
        await expectSameDataset(viaDatumaro.dataset, ds, { ignoreMedia: true });
        const back = await writeAndReadBack(format, viaDatumaro.dataset, { saveMedia: true });
        expect(back.report.dropped).toEqual({});
        await expectSameDataset(back.dataset, ds, { ignoreMedia: true });
      });
    }
  }

  it('each sample is detected as its own format only, among every registered format', async () => {
    // The meta-package's formats and these (once the meta-package lists them, the same objects).
    const byId = new Map<string, AnyFormat>();
    for (const f of [...all, ...[ade20k2017, ade20k2020]]) byId.set(f.id, f);
    const registry = createRegistry([...byId.values()]);
    for (const [sample, id] of [
      ['ade20k2017_dataset/dataset', 'ade20k2017'],
      ['ade20k2017_dataset/dataset_with_meta_file', 'ade20k2017'],
      ['ade20k2020_dataset/dataset', 'ade20k2020'],
      ['ade20k2020_dataset/dataset_with_meta_file', 'ade20k2020'],
    ]) {
      const { matches } = await registry.detect(directoryTree(join(corpus as string, 'datumaro', sample)));
      expect(matches[0]?.id, sample).toBe(id);
      expect(matches.filter((m) => m.confidence === matches[0].confidence).length, sample).toBe(1);
    }
  });
});

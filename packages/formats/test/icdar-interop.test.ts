import { join } from 'node:path';
import { type AnyFormat, createRegistry } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import { expectSameDataset, fixturesDir, readAll, writeAndReadBack } from '@labelport/core/testing';
import { datumaro } from '@labelport/format-datumaro';
import { icdarTextLocalization, icdarTextSegmentation, icdarWordRecognition } from '@labelport/format-icdar';
import { formats as all } from 'labelport';
import { describe, expect, it } from 'vitest';

const corpus = fixturesDir();
if (!corpus) console.warn('icdar interop: LABELPORT_FIXTURES is not set; the corpus tests are skipped');

describe.skipIf(!corpus)('ICDAR <-> Datumaro on the corpus', () => {
  for (const [task, format] of [
    ['word_recognition', icdarWordRecognition],
    ['text_localization', icdarTextLocalization],
    ['text_segmentation', icdarTextSegmentation],
  ] as const) {
    it(`${task}: icdar -> datumaro -> icdar keeps every annotation and attribute`, async () => {
      const ds = await readAll(
        format,
        directoryTree(join(corpus as string, 'datumaro', 'icdar_dataset', task)),
      );
      const viaDatumaro = await writeAndReadBack(datumaro, ds, { saveMedia: true });
      expect(viaDatumaro.report.dropped).toEqual({});
      await expectSameDataset(viaDatumaro.dataset, ds, { ignoreMedia: true });
      const back = await writeAndReadBack(format, viaDatumaro.dataset, { saveMedia: true });
      expect(back.report.dropped).toEqual({});
      await expectSameDataset(back.dataset, ds, { ignoreMedia: true });
    });
  }

  it('each sample is detected as its own format only, among every registered format', async () => {
    // The meta-package's formats and these (once the meta-package lists them, the same objects).
    const byId = new Map<string, AnyFormat>();
    for (const f of [...all, ...[icdarWordRecognition, icdarTextLocalization, icdarTextSegmentation]])
      byId.set(f.id, f);
    const registry = createRegistry([...byId.values()]);
    for (const [sample, id] of [
      ['icdar_dataset/word_recognition', 'icdar_word_recognition'],
      ['icdar_dataset/text_localization', 'icdar_text_localization'],
      ['icdar_dataset/text_segmentation', 'icdar_text_segmentation'],
    ]) {
      const { matches } = await registry.detect(directoryTree(join(corpus as string, 'datumaro', sample)));
      expect(matches[0]?.id, sample).toBe(id);
      expect(matches.filter((m) => m.confidence === matches[0].confidence).length, sample).toBe(1);
    }
  });
});

import { join } from 'node:path';
import { directoryTree } from '@labelport/core/node';
import { expectSameDataset, fixturesDir, readAll, writeAndReadBack } from '@labelport/core/testing';
import { datumaro } from '@labelport/format-datumaro';
import { icdarTextLocalization, icdarTextSegmentation, icdarWordRecognition } from '@labelport/format-icdar';
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
});

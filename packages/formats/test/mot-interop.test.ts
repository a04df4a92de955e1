import { join } from 'node:path';
import { directoryTree } from '@labelport/core/node';
import { expectSameDataset, fixturesDir, readAll, writeAndReadBack } from '@labelport/core/testing';
import { datumaro } from '@labelport/format-datumaro';
import { motSeq } from '@labelport/format-mot';
import { describe, expect, it } from 'vitest';

const corpus = fixturesDir();
if (!corpus) console.warn('mot interop: LABELPORT_FIXTURES is not set; the corpus tests are skipped');

describe.skipIf(!corpus)('MOT <-> Datumaro on the corpus', () => {
  for (const name of ['mot_seq', 'mot_seq_with_seqinfo']) {
    const dir = () => join(corpus as string, 'datumaro', 'mot_dataset', name);

    it(`${name}: mot_seq -> datumaro -> mot_seq keeps boxes, labels and attributes`, async () => {
      const ds = await readAll(motSeq, directoryTree(dir()));
      // the seqinfo variant names its frames' images without shipping them: each is reported unsaved
      const missing = [...ds].filter((i) => i.media && !i.media.bytes).length;
      const lost = missing ? { media: missing } : {};
      const viaDatumaro = await writeAndReadBack(datumaro, ds, { saveMedia: true });
      expect(viaDatumaro.report.dropped).toEqual(lost);
      await expectSameDataset(viaDatumaro.dataset, ds, { ignoreMedia: true });
      const back = await writeAndReadBack(motSeq, viaDatumaro.dataset, { saveMedia: true });
      expect(back.report.dropped).toEqual(lost);
      await expectSameDataset(back.dataset, ds, { ignoreMedia: true });
    });
  }

  it('track ids survive datumaro in both directions', async () => {
    const { Dataset } = await import('@labelport/core');
    const ds = new Dataset({ labels: [{ name: 'person' }] }, [
      {
        id: '1',
        subset: 'default',
        attributes: {},
        annotations: [
          {
            type: 'bbox',
            x: 1,
            y: 2,
            w: 3,
            h: 4,
            label: 0,
            objectId: 5,
            attributes: { visibility: 0.5, occluded: false, ignored: false },
          },
        ],
      },
      {
        id: '2',
        subset: 'default',
        attributes: {},
        annotations: [
          {
            type: 'bbox',
            x: 2,
            y: 2,
            w: 3,
            h: 4,
            label: 0,
            objectId: 5,
            attributes: { visibility: 0, occluded: true, ignored: true },
          },
        ],
      },
    ]);
    const viaDatumaro = await writeAndReadBack(datumaro, ds, { saveMedia: true });
    await expectSameDataset(viaDatumaro.dataset, ds);
    const back = await writeAndReadBack(motSeq, viaDatumaro.dataset, { saveMedia: true });
    await expectSameDataset(back.dataset, ds);
  });
});

/** WIDER Face with the reference format (Datumaro): the corpus sample through Datumaro and back, and back again. */
import { join } from 'node:path';
import { sourceOf } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import { expectSameDataset, fixturesDir, readAll, writeAndReadBack } from '@labelport/core/testing';
import { datumaro } from '@labelport/format-datumaro';
import { widerFace } from '@labelport/format-wider-face';
import { describe, expect, it } from 'vitest';

const corpus = fixturesDir();
if (!corpus) console.warn('wider face interop: LABELPORT_FIXTURES is not set; the corpus tests are skipped');

describe.skipIf(!corpus)('WIDER Face corpus sample through Datumaro and back', () => {
  it('widerface_dataset', async () => {
    const source = await readAll(
      widerFace,
      directoryTree(join(corpus as string, 'datumaro', 'widerface_dataset')),
    );
    expect(source.size).toBe(3);
    const { dataset: viaDatumaro } = await writeAndReadBack(datumaro, source, { saveMedia: true });
    await expectSameDataset(viaDatumaro, source);
    const { dataset: back, report } = await writeAndReadBack(widerFace, viaDatumaro, { saveMedia: true });
    expect(report.dropped).toEqual({});
    await expectSameDataset(back, source, { capabilities: widerFace.capabilities });
  });
});

describe('Datumaro -> WIDER Face -> Datumaro', () => {
  it('keeps the event label, face boxes and their attributes', async () => {
    const source = () =>
      sourceOf({ labels: [{ name: 'face' }, { name: 'Parade' }] }, [
        {
          id: 'p',
          subset: 'val',
          media: { kind: 'image', path: 'p.jpg', width: 10, height: 10 },
          annotations: [
            { type: 'label', label: 1, attributes: {} },
            {
              type: 'bbox',
              x: 1.5,
              y: 2,
              w: 3,
              h: 4,
              label: 0,
              attributes: { blur: '2', occluded: false, pose: '1' },
            },
          ],
          attributes: {},
        },
      ]);
    const { dataset: dm } = await writeAndReadBack(datumaro, source());
    const { dataset: wf, report } = await writeAndReadBack(widerFace, dm);
    expect(report.dropped).toEqual({});
    const { dataset: back } = await writeAndReadBack(datumaro, wf);
    await expectSameDataset(back, source(), { capabilities: widerFace.capabilities, ignoreMedia: true });
  });
});

/** CamVid with the reference format (Datumaro): the corpus sample through Datumaro and back, and back again. */
import { join } from 'node:path';
import { bitmapMask, sourceOf } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import { expectSameDataset, fixturesDir, readAll, writeAndReadBack } from '@labelport/core/testing';
import { camvid } from '@labelport/format-camvid';
import { datumaro } from '@labelport/format-datumaro';
import { describe, expect, it } from 'vitest';

const corpus = fixturesDir();
if (!corpus) console.warn('camvid interop: LABELPORT_FIXTURES is not set; the corpus tests are skipped');

describe.skipIf(!corpus)('CamVid corpus sample through Datumaro and back', () => {
  it('camvid_dataset', async () => {
    const source = await readAll(camvid, directoryTree(join(corpus as string, 'datumaro', 'camvid_dataset')));
    expect(source.size).toBe(4);
    const { dataset: viaDatumaro } = await writeAndReadBack(datumaro, source, { saveMedia: true });
    await expectSameDataset(viaDatumaro, source);
    const { dataset: back, report } = await writeAndReadBack(camvid, viaDatumaro, { saveMedia: true });
    expect(report.dropped).toEqual({});
    await expectSameDataset(back, source, { capabilities: camvid.capabilities });
  });
});

describe('Datumaro -> CamVid -> Datumaro', () => {
  it('keeps class masks and label colours', async () => {
    const bits = (...v: number[]) => Uint8Array.from(v);
    const source = () =>
      sourceOf(
        {
          labels: [{ name: 'Void' }, { name: 'Road' }, { name: 'Sky' }],
          colors: new Map<number, [number, number, number]>([
            [0, [0, 0, 0]],
            [1, [128, 64, 128]],
            [2, [128, 128, 128]],
          ]),
        },
        [
          {
            id: 'f/1',
            subset: 'train',
            media: { kind: 'image', path: 'f/1.png', width: 4, height: 1 },
            annotations: [
              {
                type: 'mask',
                label: 0,
                mask: bitmapMask({ width: 4, height: 1, data: bits(1, 0, 0, 0) }),
                attributes: {},
              },
              {
                type: 'mask',
                label: 1,
                mask: bitmapMask({ width: 4, height: 1, data: bits(0, 1, 1, 0) }),
                attributes: {},
              },
              {
                type: 'mask',
                label: 2,
                mask: bitmapMask({ width: 4, height: 1, data: bits(0, 0, 0, 1) }),
                attributes: {},
              },
            ],
            attributes: {},
          },
        ],
      );
    const { dataset: dm } = await writeAndReadBack(datumaro, source());
    const { dataset: cv, report } = await writeAndReadBack(camvid, dm);
    expect(report.dropped).toEqual({});
    const { dataset: back } = await writeAndReadBack(datumaro, cv);
    await expectSameDataset(back, source(), { capabilities: camvid.capabilities, ignoreMedia: true });
  });
});

/** VGGFace2 with the reference format (Datumaro): the corpus sample through Datumaro and back, and back again. */
import { join } from 'node:path';
import { sourceOf } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import { encodePng } from '@labelport/core/png';
import { expectSameDataset, fixturesDir, readAll, writeAndReadBack } from '@labelport/core/testing';
import { datumaro } from '@labelport/format-datumaro';
import { vggFace2 } from '@labelport/format-vgg-face2';
import { describe, expect, it } from 'vitest';

const corpus = fixturesDir();
if (!corpus) console.warn('vgg face2 interop: LABELPORT_FIXTURES is not set; the corpus tests are skipped');

describe.skipIf(!corpus)('VGGFace2 corpus sample through Datumaro and back', () => {
  it('vgg_face2_dataset', async () => {
    const source = await readAll(
      vggFace2,
      directoryTree(join(corpus as string, 'datumaro', 'vgg_face2_dataset')),
    );
    expect(source.size).toBe(4);
    const { dataset: viaDatumaro } = await writeAndReadBack(datumaro, source, { saveMedia: true });
    await expectSameDataset(viaDatumaro, source);
    const { dataset: back, report } = await writeAndReadBack(vggFace2, viaDatumaro, { saveMedia: true });
    expect(report.dropped).toEqual({});
    await expectSameDataset(back, source, { capabilities: vggFace2.capabilities });
  });
});

describe('Datumaro -> VGGFace2 -> Datumaro', () => {
  it('keeps the box, the 5 landmarks, the identity and the image', async () => {
    const png = encodePng({ width: 20, height: 20, colorType: 'gray', data: new Uint8Array(400) });
    const source = () =>
      sourceOf({ labels: [{ name: 'n01', parent: 'Ann' }] }, [
        {
          id: 'n01/0001',
          subset: 'train',
          media: { kind: 'image', path: 'n01/0001.png', width: 20, height: 20, bytes: async () => png },
          annotations: [
            { type: 'bbox', x: 1.25, y: 2, w: 10, h: 12.5, label: 0, attributes: {} },
            {
              type: 'points',
              points: [3, 4, 8, 4, 5.5, 7, 4, 10, 7, 10],
              visibility: [2, 2, 2, 2, 2],
              label: 0,
              attributes: {},
            },
          ],
          attributes: {},
        },
      ]);
    const { dataset: dm } = await writeAndReadBack(datumaro, source(), { saveMedia: true });
    const { dataset: vgg, report } = await writeAndReadBack(vggFace2, dm, { saveMedia: true });
    expect(report.dropped).toEqual({});
    const { dataset: back } = await writeAndReadBack(datumaro, vgg, { saveMedia: true });
    await expectSameDataset(back, source(), { capabilities: vggFace2.capabilities });
  });
});

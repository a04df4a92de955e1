/**
 * TF Object Detection API with the reference format (Datumaro): the corpus samples through
 * Datumaro and back, and boxes and masks from Datumaro through TFRecord and back.
 */
import { join } from 'node:path';
import { bitmapMask, type DatasetSource, sourceOf } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import { encodePng } from '@labelport/core/png';
import { expectSameDataset, fixturesDir, readAll, writeAndReadBack } from '@labelport/core/testing';
import { datumaro } from '@labelport/format-datumaro';
import { tfDetectionApi } from '@labelport/format-tfrecord';
import { describe, expect, it } from 'vitest';

const corpus = fixturesDir();
if (!corpus) console.warn('tfrecord interop: LABELPORT_FIXTURES is not set; the corpus tests are skipped');
const tree = (...p: string[]) => directoryTree(join(corpus as string, 'datumaro', ...p));

async function throughDatumaro(source: DatasetSource, saveMedia: boolean) {
  const { dataset: viaDatumaro } = await writeAndReadBack(datumaro, source, { saveMedia });
  await expectSameDataset(viaDatumaro, source);
  const { dataset: back, report } = await writeAndReadBack(tfDetectionApi, viaDatumaro, { saveMedia });
  expect(report.dropped).toEqual({});
  await expectSameDataset(back, source, { capabilities: tfDetectionApi.capabilities });
}

describe.skipIf(!corpus)('TFRecord corpus samples through Datumaro and back', () => {
  // Roboflow's records carry no image bytes.
  for (const [name, path, saveMedia] of [
    ['tf_detection_api_dataset', ['tf_detection_api_dataset'], true],
    ['roboflow tfrecord', ['roboflow_dataset', 'tfrecord'], false],
  ] as const) {
    it(name, async () => {
      const source = await readAll(tfDetectionApi, tree(...path));
      expect(source.size).toBeGreaterThan(0);
      await throughDatumaro(source, saveMedia);
    });
  }
});

describe('Datumaro -> TFRecord -> Datumaro', () => {
  const png = encodePng({ width: 8, height: 4, colorType: 'gray', data: new Uint8Array(32) });
  const half = new Uint8Array(32);
  for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) half[y * 8 + x] = 1;
  const source = () =>
    sourceOf({ labels: [{ name: 'cat' }, { name: 'dog' }] }, [
      {
        id: 'a',
        subset: 'train',
        media: { kind: 'image', path: 'a.png', width: 8, height: 4, bytes: async () => png },
        annotations: [
          { type: 'bbox', x: 1, y: 0.5, w: 3, h: 2.5, label: 1, attributes: { difficult: true } },
          // an instance-segmentation object is its box and its mask (TF reads them grouped by index)
          { type: 'bbox', x: 0, y: 0, w: 4, h: 4, label: 0, group: 1, attributes: { difficult: false } },
          {
            type: 'mask',
            mask: bitmapMask({ width: 8, height: 4, data: half }),
            label: 0,
            group: 1,
            attributes: {},
          },
        ],
        attributes: { source_id: '17' },
      },
    ]);

  it('keeps boxes, masks, flags, source ids and images', async () => {
    const { dataset: dm } = await writeAndReadBack(datumaro, source(), { saveMedia: true });
    const { dataset: tf, report } = await writeAndReadBack(tfDetectionApi, dm, { saveMedia: true });
    expect(report.dropped).toEqual({});
    const { dataset: back } = await writeAndReadBack(datumaro, tf, { saveMedia: true });
    await expectSameDataset(back, source(), { capabilities: tfDetectionApi.capabilities, digits: 5 });
  });
});

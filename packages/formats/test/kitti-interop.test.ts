import { join } from 'node:path';
import { directoryTree } from '@labelport/core/node';
import { expectSameDataset, fixturesDir, readAll, writeAndReadBack } from '@labelport/core/testing';
import { datumaro } from '@labelport/format-datumaro';
import { kittiDetection, kittiRaw, kittiSegmentation } from '@labelport/format-kitti';
import { describe, expect, it } from 'vitest';

const corpus = fixturesDir();
if (!corpus) console.warn('kitti interop: LABELPORT_FIXTURES is not set; the corpus tests are skipped');
const dir = (name: string) => join(corpus as string, 'datumaro', 'kitti_dataset', name);

describe.skipIf(!corpus)('KITTI <-> Datumaro on the corpus', () => {
  for (const [name, format] of [
    ['kitti_detection', kittiDetection],
    ['kitti_3d', kittiDetection],
    ['kitti_segmentation', kittiSegmentation],
    ['kitti_raw', kittiRaw],
  ] as const) {
    it(`${name}: kitti -> datumaro -> kitti keeps boxes, 3D fields and masks (pixel-equal)`, async () => {
      const ds = await readAll(format, directoryTree(dir(name)));
      const viaDatumaro = await writeAndReadBack(datumaro, ds, { saveMedia: true });
      expect(viaDatumaro.report.dropped).toEqual({});
      // The Datumaro format keeps no frame number for point clouds; kitti_raw takes it from the item's `frame` again.
      await expectSameDataset(viaDatumaro.dataset, ds, { ignoreMedia: name === 'kitti_raw' });
      const back = await writeAndReadBack(format, viaDatumaro.dataset, { saveMedia: true });
      expect(back.report.dropped).toEqual({});
      await expectSameDataset(back.dataset, ds);
    });
  }
});

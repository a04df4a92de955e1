// The real sample of the corpus (LABELPORT_FIXTURES): Datumaro's vgg_face2_dataset.
import { join } from 'node:path';
import { createRegistry } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import {
  countAnnotations,
  expectSameDataset,
  fixturesDir,
  readAll,
  writeAndReadBack,
} from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formats, vggFace2 } from '../src/index.js';

const dir = fixturesDir();
if (!dir) console.warn('LABELPORT_FIXTURES is not set: the VGGFace2 corpus tests are skipped');
const corpus = () => directoryTree(join(dir!, 'datumaro', 'vgg_face2_dataset'));

describe.skipIf(!dir)('VGGFace2 corpus sample', () => {
  it('vgg_face2_dataset', async () => {
    const { matches } = await createRegistry(formats).detect(corpus());
    expect(matches).toEqual([{ id: 'vgg_face2', confidence: 1, root: '' }]);
    const ds = await readAll(vggFace2, corpus());
    // labels.txt: n000001 Karl, n000002 Jay, n000003 Pol. loose_bb_train.csv and
    // loose_landmark_train.csv: 3 rows each (n000001/0001_01, n000002/0001_01, n000002/0002_01);
    // the test tables: 1 row each (n000003/0003_01). Every row is complete: a box and 5 points each.
    expect(ds.categories.labels).toEqual([
      { name: 'n000001', parent: 'Karl' },
      { name: 'n000002', parent: 'Jay' },
      { name: 'n000003', parent: 'Pol' },
    ]);
    expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).length]))).toEqual({
      test: 1,
      train: 3,
    });
    expect(countAnnotations(ds)).toEqual({ bbox: 4, points: 4 });
    expect(ds.get('train', 'n000002/0001_01')!.annotations).toEqual([
      {
        type: 'points',
        points: [2.3, 4.9, 2.9, 4.93, 2.62, 4.745, 2.54, 4.45, 2.76, 4.43],
        visibility: [2, 2, 2, 2, 2],
        label: 1,
        attributes: {},
      },
      { type: 'bbox', x: 2, y: 4, w: 2, h: 2, label: 1, attributes: {} },
    ]);
    expect(ds.get('test', 'n000003/0003_01')!.media!.path).toBe('test/n000003/0003_01.jpg');
  });

  it('vgg_face2_dataset round trips with its images', async () => {
    const ds = await readAll(vggFace2, corpus());
    const { dataset, report } = await writeAndReadBack(vggFace2, ds, { saveMedia: true });
    expect(report.dropped).toEqual({});
    await expectSameDataset(dataset, ds);
  });
});

// The real sample of the corpus (LABELPORT_FIXTURES): Datumaro's camvid_dataset.
import { join } from 'node:path';
import { createRegistry, loadMask } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import {
  countAnnotations,
  expectSameDataset,
  fixturesDir,
  readAll,
  writeAndReadBack,
} from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { camvid, formats } from '../src/index.js';

const dir = fixturesDir();
if (!dir) console.warn('LABELPORT_FIXTURES is not set: the CamVid corpus tests are skipped');
const corpus = () => directoryTree(join(dir!, 'datumaro', 'camvid_dataset'));

describe.skipIf(!dir)('CamVid corpus sample', () => {
  it('camvid_dataset', async () => {
    const { matches } = await createRegistry(formats).detect(corpus());
    expect(matches).toEqual([{ id: 'camvid', confidence: 1, root: '' }]);
    const ds = await readAll(camvid, corpus());
    // No label map: the 32 CamVid classes. Each mask is 5x1 RGB:
    //   testannot/0001TP_008550: Animal Animal Road Sky Sky          -> 3 masks
    //   testannot/0001TP_008580: Archway Archway Bridge Tree Tree    -> 3 masks
    //   trainannot/0001TP_006690: Bicyclist x2, Road, Bicyclist x2   -> 2 masks
    //   valannot/0016E5_07959: Animal x3, Child x2                   -> 2 masks
    expect(ds.categories.labels.length).toBe(32);
    expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).length]))).toEqual({
      test: 2,
      train: 1,
      val: 1,
    });
    expect(countAnnotations(ds)).toEqual({ mask: 10 });
    const name = (i?: number) => ds.categories.labels[i!]!.name;
    const masks = async (subset: string, id: string) =>
      Promise.all(
        ds
          .get(subset, id)!
          .annotations.map(async (a) => [
            name(a.label),
            [...(await loadMask((a as any).mask)).data].join(''),
          ]),
      );
    expect(await masks('test', '0001TP_008550')).toEqual([
      ['Animal', '11000'],
      ['Road', '00100'],
      ['Sky', '00011'],
    ]);
    expect(await masks('train', '0001TP_006690')).toEqual([
      ['Bicyclist', '11011'],
      ['Road', '00100'],
    ]);
    expect(ds.get('val', '0016E5_07959')!.media).toMatchObject({
      path: 'val/0016E5_07959.png',
      width: 5,
      height: 1,
    });
  });

  it('camvid_dataset round trips with its images', async () => {
    const ds = await readAll(camvid, corpus());
    const { dataset, report } = await writeAndReadBack(camvid, ds, { saveMedia: true });
    expect(report.dropped).toEqual({});
    await expectSameDataset(dataset, ds);
  });
});

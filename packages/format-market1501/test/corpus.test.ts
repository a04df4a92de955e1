import { join } from 'node:path';
import { createRegistry } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import { expectSameDataset, fixturesDir, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formats, market1501 } from '../src/index.js';

const corpus = fixturesDir();
if (!corpus) console.warn('format-market1501 corpus tests: LABELPORT_FIXTURES is not set; skipped');
const dir = () => join(corpus as string, 'datumaro', 'market1501_dataset');

describe.skipIf(!corpus)('Market-1501 sample of the corpus', () => {
  it('is detected at its root, and one level up', async () => {
    const registry = createRegistry(formats);
    expect((await registry.detect(directoryTree(dir()))).matches).toEqual([
      { id: 'market1501', confidence: 1, root: '' },
    ]);
    const up = await registry.detect(directoryTree(join(dir(), '..', '..')));
    expect(up.matches[0]).toEqual({ id: 'market1501', confidence: 1, root: 'datumaro/market1501_dataset' });
  });

  it('reads one item per image with the attributes of its name', async () => {
    const ds = await readAll(market1501, directoryTree(dir()));
    // One image in each of bounding_box_test/, bounding_box_train/ and query/.
    expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).length]))).toEqual({
      test: 1,
      train: 1,
      query: 1,
    });
    // query/0001_c2s3_000111_00.jpg: person 0001, camera 2 (1 when 0-based), sequence 3, frame 111, box 0.
    expect(ds.get('query', '0001_c2s3_000111_00')?.attributes).toEqual({
      person_id: '0001',
      camera_id: 1,
      track_id: 3,
      frame_id: 111,
      bbox_id: 0,
      query: true,
    });
    expect(ds.get('test', '0001_c1s1_001051_00')?.attributes).toMatchObject({
      camera_id: 0,
      track_id: 1,
      frame_id: 1051,
      query: false,
    });
    expect(ds.get('train', '0002_c1s3_000151_00')?.attributes).toMatchObject({
      person_id: '0002',
      track_id: 3,
      frame_id: 151,
    });
  });

  it('round trips with and without images', async () => {
    const ds = await readAll(market1501, directoryTree(dir()));
    for (const saveMedia of [false, true]) {
      const back = await writeAndReadBack(market1501, ds, { saveMedia });
      expect(back.report.dropped).toEqual({});
      await expectSameDataset(back.dataset, ds, { ignoreMedia: !saveMedia });
    }
  });
});

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
import { formats, motsPng } from '../src/index.js';

const corpus = fixturesDir();
if (!corpus) console.warn('format-mots corpus tests: LABELPORT_FIXTURES is not set; skipped');
const dir = () => join(corpus as string, 'datumaro', 'mots_dataset');

describe.skipIf(!corpus)('MOTS sample of the corpus', () => {
  it('is detected as mots_png', async () => {
    const { matches } = await createRegistry(formats).detect(directoryTree(dir()));
    expect(matches).toEqual([{ id: 'mots_png', confidence: 1, root: '' }]);
  });

  it('reads with the counts of its files', async () => {
    const ds = await readAll(motsPng, directoryTree(dir()));
    // train/instances/{1,2}.png and val/instances/3.png; labels.txt: a, b, c, d.
    expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).length]))).toEqual({
      train: 2,
      val: 1,
    });
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['a', 'b', 'c', 'd']);
    // Pixel values (5x1 16-bit PNGs): 1.png 4003, 4003 and one each of 0, 3002, 4001; 2.png 4002 and zeros; 3.png 1001 and zeros.
    expect(countAnnotations(ds)).toEqual({ mask: 5 });
    const one = ds.get('train', '1');
    expect(one?.annotations.map((a) => [a.label, a.objectId])).toEqual([
      [2, 2],
      [3, 1],
      [3, 3],
    ]);
    expect(one?.media).toMatchObject({ path: 'train/images/1.jpg', width: 5, height: 1 });
    const m = one?.annotations[2];
    if (m?.type !== 'mask') throw new Error('expected a mask');
    expect(Array.from((await loadMask(m.mask)).data)).toEqual([1, 1, 0, 0, 0]);
    expect(ds.get('val', '3')?.annotations.map((a) => [a.label, a.objectId])).toEqual([[0, 1]]);
  });

  it('round-trips through mots_png with pixel-equal masks', async () => {
    const ds = await readAll(motsPng, directoryTree(dir()));
    const { dataset, report } = await writeAndReadBack(motsPng, ds, { saveMedia: true });
    expect(report.dropped).toEqual({});
    await expectSameDataset(dataset, ds, { ignoreMedia: true });
  });
});

// The real samples of the corpus (LABELPORT_FIXTURES): Datumaro's mnist_dataset and mnist_csv_dataset.
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
import { formats, mnist, mnistCsv } from '../src/index.js';
import { pixelsOf } from './fixtures.js';

const dir = fixturesDir();
if (!dir) console.warn('LABELPORT_FIXTURES is not set: the MNIST corpus tests are skipped');
const corpus = (name: string) => directoryTree(join(dir!, 'datumaro', name));

describe.skipIf(!dir)('MNIST corpus samples', () => {
  for (const [format, name] of [
    [mnist, 'mnist_dataset'],
    [mnistCsv, 'mnist_csv_dataset'],
  ] as const) {
    it(name, async () => {
      const { matches } = await createRegistry(formats).detect(corpus(name));
      expect(matches.map((m) => m.id)).toEqual([format.id]);
      const ds = await readAll(format, corpus(name));
      // train: 2 images (labels 5 and 7), test: 3 (0, 2, 1); 28 x 28 images of ones; digits as labels
      expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).length]))).toEqual({
        test: 3,
        train: 2,
      });
      expect(countAnnotations(ds)).toEqual({ label: 5 });
      expect(ds.categories.labels.map((l) => l.name)).toEqual('0123456789'.split(''));
      expect(ds.get('train', '1')!.annotations[0]!.label).toBe(7);
      expect(ds.get('test', '0')!.media).toMatchObject({ width: 28, height: 28 });
      expect(new Set(await pixelsOf(ds.get('test', '2')))).toEqual(new Set([1]));
      const back = await writeAndReadBack(format, ds, { saveMedia: true });
      await expectSameDataset(back.dataset, ds, { capabilities: format.capabilities });
    });
  }
});

// The real samples of the corpus (LABELPORT_FIXTURES): Datumaro's celeba_dataset and align_celeba_dataset.
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
import { alignCeleba, celeba, formats } from '../src/index.js';

const dir = fixturesDir();
if (!dir) console.warn('LABELPORT_FIXTURES is not set: the CelebA corpus tests are skipped');
const corpus = (name: string) => directoryTree(join(dir!, 'datumaro', name));

describe.skipIf(!dir)('CelebA corpus samples', () => {
  for (const [format, name, annotations] of [
    [celeba, 'celeba_dataset', { label: 5, bbox: 5, points: 5 }],
    [alignCeleba, 'align_celeba_dataset', { label: 5, points: 5 }],
  ] as const) {
    it(`${name}/dataset`, async () => {
      const { matches } = await createRegistry(formats).detect(corpus(`${name}/dataset`));
      expect(matches.map((m) => m.id)).toEqual([format.id]);
      const ds = await readAll(format, corpus(`${name}/dataset`));
      // 000001, 000002 train; 000003 val; 000004, 000005 test; identities 12, 5, 2, 10, 7
      expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).length]))).toEqual({
        test: 2,
        train: 2,
        val: 1,
      });
      expect(countAnnotations(ds)).toEqual(annotations);
      expect(ds.categories.labels.map((l) => l.name)).toEqual(
        Array.from({ length: 13 }, (_, i) => `class-${i}`),
      );
      const first = ds.get('train', '000001')!;
      expect(first.annotations[0]).toEqual({ type: 'label', label: 12, attributes: {} });
      expect(first.attributes).toMatchObject({
        '5_o_Clock_Shadow': false,
        Arched_Eyebrows: true,
        Big_Nose: false,
      });
      expect(ds.get('val', '000003')!.attributes).toMatchObject({ Bags_Under_Eyes: true, Big_Nose: true });
      expect(first.media?.width).toBeGreaterThan(0);
      const back = await writeAndReadBack(format, ds, { saveMedia: true });
      expect(back.report.dropped).toEqual({});
      await expectSameDataset(back.dataset, ds, { capabilities: format.capabilities });
    });
    it(`${name}/dataset_with_meta_file`, async () => {
      const ds = await readAll(format, corpus(`${name}/dataset_with_meta_file`));
      expect(ds.categories.labels.map((l) => l.name)).toEqual(
        Array.from({ length: 7 }, (_, i) => `class-${i}`),
      );
      expect(countAnnotations(ds)).toEqual({ label: 5 });
      expect(ds.get('test', '000005')!.annotations[0]!.label).toBe(6);
    });
  }
});

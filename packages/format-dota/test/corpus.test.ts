// Datumaro's own DOTA test assets (the corpus, LABELPORT_FIXTURES: datumaro/dota_dataset), read as
// Datumaro's tests expect them (tests/unit/data_formats/test_dota_format.py): subsets train and val,
// labels sorted, a box per line with its difficulty.
import { join } from 'node:path';
import { createRegistry } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import { fixturesDir, readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { dota, formats } from '../src/index.js';

const corpus = fixturesDir();
if (!corpus) console.warn('format-dota corpus tests: LABELPORT_FIXTURES is not set; skipped');

describe.skipIf(!corpus)("Datumaro's DOTA assets", () => {
  it('dota_dataset', async () => {
    const tree = await directoryTree(join(corpus as string, 'datumaro', 'dota_dataset'));
    expect((await createRegistry(formats).detect(tree)).matches.map((m) => m.id)).toEqual(['dota']);
    const ds = await readAll(dota, tree);
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['label_0', 'label_1']);
    expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).map((i) => i.id)]))).toEqual({
      train: ['train_001', 'train_002'],
      val: ['val_001'],
    });
    expect(ds.get('train', 'train_001')!.annotations).toEqual([
      { type: 'bbox', label: 0, x: 0, y: 0, w: 2, h: 2, attributes: { difficult: 0 } },
    ]);
    expect(ds.get('val', 'val_001')!.annotations).toMatchObject([
      { type: 'bbox', label: 0, x: 0, y: 0, w: 1, h: 1 },
      { type: 'bbox', label: 1, x: 1, y: 2, w: 9, h: 3 },
    ]);
    expect(ds.get('val', 'val_001')!.media?.path).toBe('val/images/val_001.jpg');
  });
});

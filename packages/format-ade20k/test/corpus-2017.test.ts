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
import { ade20k2017, formats } from '../src/index.js';

const corpus = fixturesDir();
if (!corpus) console.warn('format-ade20k corpus tests (2017): LABELPORT_FIXTURES is not set; skipped');
const dir = (name: string) => join(corpus as string, 'datumaro', 'ade20k2017_dataset', name);

/** Masks as [label, id, zOrder, group, attributes, rows of pixels]. */
async function masksOf(anns: readonly unknown[], labels: string[], width: number) {
  const out: unknown[] = [];
  for (const a of anns as {
    type: string;
    label: number;
    id: number;
    zOrder: number;
    group?: number;
    attributes: object;
    mask: never;
  }[]) {
    const m = await loadMask(a.mask);
    const rows: number[][] = [];
    for (let y = 0; y < m.height; y++) rows.push([...m.data.slice(y * width, (y + 1) * width)]);
    out.push([labels[a.label], a.id, a.zOrder, a.group, a.attributes, rows[0]]);
  }
  return out.sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
}

describe.skipIf(!corpus)('ADE20K 2017 samples of the corpus', () => {
  it('detects both samples, and finds them one level up', async () => {
    const registry = createRegistry(formats);
    for (const name of ['dataset', 'dataset_with_meta_file']) {
      expect((await registry.detect(directoryTree(dir(name)))).matches).toEqual([
        { id: 'ade20k2017', confidence: 1, root: '' },
      ]);
    }
    expect((await registry.detect(directoryTree(dir('.')))).matches).toEqual([
      { id: 'ade20k2017', confidence: 1, root: 'dataset' },
    ]);
  });

  it('dataset: instance and part masks from the B channel, labels and attributes from _atr.txt', async () => {
    const ds = await readAll(ade20k2017, directoryTree(dir('dataset')));
    // training/street/1_atr.txt: 3 objects (sky, person, license plate at level 1); validation/2_atr.txt: 4.
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['sky', 'person', 'license plate', 'rim']);
    expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).map((i) => i.id)]))).toEqual({
      training: ['street/1'],
      validation: ['2'],
    });
    expect(countAnnotations(ds)).toEqual({ mask: 7 });
    const labels = ds.categories.labels.map((l) => l.name);
    // Datumaro's expected masks (tests/unit/test_ade20k2017_format.py); every row of these 4x3 masks is the same.
    expect(await masksOf(ds.get('training', 'street/1')?.annotations ?? [], labels, 4)).toEqual(
      [
        ['sky', 1, 0, 1, {}, [0, 1, 0, 0]],
        ['license plate', 1, 1, 1, {}, [0, 0, 0, 1]],
        ['person', 2, 0, 2, { walkin: true }, [0, 0, 1, 1]],
      ].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
    );
    expect(await masksOf(ds.get('validation', '2')?.annotations ?? [], labels, 4)).toEqual(
      [
        ['sky', 1, 0, 1, {}, [0, 1, 0, 1]],
        ['person', 2, 0, 2, {}, [0, 0, 1, 0]],
        ['license plate', 1, 1, 1, {}, [0, 1, 0, 1]],
        ['rim', 1, 2, 1, {}, [0, 1, 0, 0]],
      ].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
    );
  });

  it('dataset_with_meta_file: labels from dataset_meta.json', async () => {
    const ds = await readAll(ade20k2017, directoryTree(dir('dataset_with_meta_file')));
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['sky', 'person', 'license plate', 'rim']);
    expect(countAnnotations(ds)).toEqual({ mask: 3 });
  });

  for (const name of ['dataset', 'dataset_with_meta_file']) {
    it(`${name} round trips, with and without images`, async () => {
      const ds = await readAll(ade20k2017, directoryTree(dir(name)));
      for (const saveMedia of [true, false]) {
        const back = await writeAndReadBack(ade20k2017, ds, { saveMedia });
        expect(back.report.dropped).toEqual({});
        await expectSameDataset(back.dataset, ds, { ignoreMedia: !saveMedia });
      }
    });
  }
});

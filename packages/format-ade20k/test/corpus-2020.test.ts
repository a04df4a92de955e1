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
import { ade20k2020, formats } from '../src/index.js';

const corpus = fixturesDir();
if (!corpus) console.warn('format-ade20k corpus tests (2020): LABELPORT_FIXTURES is not set; skipped');
const dir = (name: string) => join(corpus as string, 'datumaro', 'ade20k2020_dataset', name);
const sorted = (rows: unknown[]) => rows.sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));

/** Annotations as [type, label, id, zOrder, group, attributes, first row of the mask | points]. */
async function summary(anns: readonly unknown[], labels: string[]) {
  const out: unknown[] = [];
  for (const a of anns as {
    type: string;
    label: number;
    id: number;
    zOrder: number;
    group?: number;
    attributes: object;
    mask: never;
    points: number[];
  }[]) {
    const shape = a.type === 'mask' ? [...(await loadMask(a.mask)).data.slice(0, 5)] : a.points;
    out.push([a.type, labels[a.label], a.id, a.zOrder, a.group, a.attributes, shape]);
  }
  return sorted(out);
}

describe.skipIf(!corpus)('ADE20K 2020 samples of the corpus', () => {
  it('detects both samples as ade20k2020 only, and finds them one level up', async () => {
    const registry = createRegistry(formats);
    for (const name of ['dataset', 'dataset_with_meta_file']) {
      expect((await registry.detect(directoryTree(dir(name)))).matches).toEqual([
        { id: 'ade20k2020', confidence: 1, root: '' },
      ]);
    }
    expect((await registry.detect(directoryTree(dir('.')))).matches).toEqual([
      { id: 'ade20k2020', confidence: 1, root: 'dataset' },
    ]);
    // And the 2017 sample is not taken for 2020, nor the other way round.
    const other = await registry.detect(
      directoryTree(join(corpus as string, 'datumaro', 'ade20k2017_dataset', 'dataset')),
    );
    expect(other.matches.map((m) => m.id)).toEqual(['ade20k2017']);
  });

  it('dataset: class masks per part level, object masks and polygons, as Datumaro reads them', async () => {
    const ds = await readAll(ade20k2020, directoryTree(dir('dataset')));
    const labels = ds.categories.labels.map((l) => l.name);
    expect(labels).toEqual(['car', 'person', 'door', 'rim']);
    // training/street/1.json: 3 objects (levels 0, 0, 1) -> 3 class masks + 3 object masks + 1 polygon (person);
    // validation/2.json: 4 objects (levels 0, 0, 1, 2) -> 4 + 4.
    expect(countAnnotations(ds)).toEqual({ mask: 14, polygon: 1 });
    // Datumaro's expected annotations (tests/unit/test_ade20k2020_format.py); rows of the 5x5 masks are equal.
    expect(await summary(ds.get('training', 'street/1')?.annotations ?? [], labels)).toEqual(
      sorted([
        ['polygon', 'person', 1, 0, 1, { walkin: true }, [1, 0, 1, 1, 1, 2, 1, 3, 1, 4]],
        ['mask', 'car', 401, 0, 401, {}, [0, 0, 1, 1, 1]],
        ['mask', 'person', 1831, 0, 1831, {}, [0, 1, 0, 0, 0]],
        ['mask', 'door', 774, 1, 774, {}, [0, 0, 0, 1, 1]],
        ['mask', 'car', 0, 0, undefined, {}, [0, 0, 1, 1, 1]],
        ['mask', 'person', 1, 0, 1, { walkin: true }, [0, 1, 0, 0, 0]],
        ['mask', 'door', 2, 1, 2, {}, [0, 0, 0, 1, 1]],
      ]),
    );
    expect(await summary(ds.get('validation', '2')?.annotations ?? [], labels)).toEqual(
      sorted([
        ['mask', 'car', 401, 0, 401, {}, [0, 0, 1, 1, 1]],
        ['mask', 'person', 1831, 0, 1831, {}, [0, 1, 0, 0, 0]],
        ['mask', 'rim', 2122, 2, 2122, {}, [0, 0, 0, 0, 1]],
        ['mask', 'door', 774, 1, 774, {}, [0, 0, 0, 1, 1]],
        ['mask', 'car', 0, 0, undefined, {}, [0, 0, 1, 1, 1]],
        ['mask', 'person', 1, 0, 1, { walkin: true }, [0, 1, 0, 0, 0]],
        ['mask', 'door', 2, 1, 2, {}, [0, 0, 0, 1, 1]],
        ['mask', 'rim', 3, 2, 3, {}, [0, 0, 0, 0, 1]],
      ]),
    );
    expect(ds.get('training', 'street/1')?.media).toMatchObject({ path: 'training/street/1.jpg' });
  });

  it('dataset_with_meta_file: labels from dataset_meta.json', async () => {
    const ds = await readAll(ade20k2020, directoryTree(dir('dataset_with_meta_file')));
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['car', 'person', 'door', 'rim']);
    expect(countAnnotations(ds)).toEqual({ mask: 6, polygon: 1 });
  });

  for (const name of ['dataset', 'dataset_with_meta_file']) {
    it(`${name} round trips, with and without images`, async () => {
      const ds = await readAll(ade20k2020, directoryTree(dir(name)));
      for (const saveMedia of [true, false]) {
        const back = await writeAndReadBack(ade20k2020, ds, { saveMedia });
        expect(back.report.dropped).toEqual({});
        await expectSameDataset(back.dataset, ds, { ignoreMedia: !saveMedia });
      }
    });
  }
});

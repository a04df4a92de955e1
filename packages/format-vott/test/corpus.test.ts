// Datumaro's own VoTT test assets (the corpus, LABELPORT_FIXTURES), read as Datumaro's tests expect them
// (tests/unit/test_vott_json_format.py, test_vott_csv_format.py): the subset from the file name, a box
// per tag with the region id as attribute `id`, the asset id as the item's, dataset_meta.json's labels
// first. One difference: the boxes of a region with two tags are tied by a group here.
import { join } from 'node:path';
import { type BboxAnnotation, createRegistry } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import { fixturesDir, readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formats, vottCsv, vottJson } from '../src/index.js';

const corpus = fixturesDir();
if (!corpus) console.warn('format-vott corpus tests: LABELPORT_FIXTURES is not set; skipped');
const dir = (...parts: string[]) => join(corpus as string, 'datumaro', ...parts);

describe.skipIf(!corpus)("Datumaro's VoTT assets", () => {
  it('vott_json_dataset/dataset', async () => {
    const tree = await directoryTree(dir('vott_json_dataset', 'dataset'));
    expect((await createRegistry(formats).detect(tree)).matches.map((m) => m.id)).toEqual(['vott_json']);
    const ds = await readAll(vottJson, tree);
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['animal', 'dog', 'person']);
    expect(ds.subsets()).toEqual(['train']);
    const one = ds.get('train', 'img0001')!;
    expect(one.attributes).toEqual({ id: '0d3de147f' });
    expect(one.media?.path).toBe('img0001.jpg');
    expect(one.annotations).toEqual([
      { type: 'bbox', label: 0, x: 5, y: 10, w: 10, h: 2, attributes: { id: 'BsO3zj9bn' } },
    ]);
    const two = ds.get('train', 'img0002')!;
    expect(two.annotations.map((a) => [a.label, a.group, a.attributes.id])).toEqual([
      [0, 1, 'mosw0b97K'],
      [1, 1, 'mosw0b97K'],
    ]);
    const three = ds.get('train', 'img0003')!;
    expect(three.annotations.map((a) => a.label)).toEqual([undefined, 2]);
  });

  it('vott_json_dataset/dataset_with_meta_file', async () => {
    const ds = await readAll(
      vottJson,
      await directoryTree(dir('vott_json_dataset', 'dataset_with_meta_file')),
    );
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['animal', 'dog', 'person']);
    expect(ds.get('train', 'img0002')!.annotations.map((a) => a.label)).toEqual([1]);
  });

  it('vott_csv_dataset/dataset', async () => {
    const tree = await directoryTree(dir('vott_csv_dataset', 'dataset'));
    expect((await createRegistry(formats).detect(tree)).matches.map((m) => m.id)).toEqual(['vott_csv']);
    const ds = await readAll(vottCsv, tree);
    expect(ds.subsets().sort()).toEqual(['test', 'train']);
    expect(ds.subset('train').map((i) => i.id)).toEqual(['img0003', 'img0004']);
    const three = ds.get('train', 'img0003')!;
    expect(
      (three.annotations as BboxAnnotation[]).map((a) => [
        ds.categories.labels[a.label!]!.name,
        a.x,
        a.y,
        a.w,
        a.h,
      ]),
    ).toEqual([
      ['helmet', 6.7, 10.3, expect.closeTo(3.3, 9), expect.closeTo(4.7, 9)],
      ['person', 13.7, 20.2, expect.closeTo(31.9, 9), expect.closeTo(43.4, 9)],
    ]);
  });

  it('vott_csv_dataset/dataset_with_meta_file', async () => {
    const ds = await readAll(vottCsv, await directoryTree(dir('vott_csv_dataset', 'dataset_with_meta_file')));
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['helmet', 'person']);
    expect(ds.size).toBe(2);
  });
});

// The real samples of the corpus (LABELPORT_FIXTURES): Datumaro's test assets for ImageNet.
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
import { formats, imagenet, imagenetTxt, imagenetWithSubsetDirs } from '../src/index.js';

const dir = fixturesDir();
if (!dir) console.warn('LABELPORT_FIXTURES is not set: the ImageNet corpus tests are skipped');
const corpus = (name: string) => directoryTree(join(dir!, 'datumaro', name));

describe.skipIf(!dir)('ImageNet corpus samples', () => {
  it('imagenet_dataset: only label/image counts, as in Datumaro', async () => {
    const tree = corpus('imagenet_dataset');
    const { matches } = await createRegistry(formats).detect(tree);
    expect(matches[0]).toMatchObject({ id: 'imagenet', root: '' });
    const ds = await readAll(imagenet, tree);
    // label_0/label_0_1.jpg and label_1/label_1_1.jpg; label_0_2.jpg (top level) and
    // label_1/label_1_1/label_1_1.jpg (two levels down) lie outside label folders.
    expect(ds.size).toBe(2);
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['label_0', 'label_1']);
    expect(ds.get('default', 'label_0:label_0_1')!.annotations).toEqual([
      { type: 'label', label: 0, attributes: {} },
    ]);
    expect(ds.get('default', 'label_1:label_1_1')!.media).toMatchObject({ width: 8, height: 8 });
  });

  it('imagenet_subsets_dataset: train, val and test folders', async () => {
    const tree = corpus('imagenet_subsets_dataset');
    const { matches } = await createRegistry(formats).detect(tree);
    expect(matches[0]).toMatchObject({ id: 'imagenet_with_subset_dirs', root: '' });
    const ds = await readAll(imagenetWithSubsetDirs, tree);
    // Each subset folder repeats imagenet_dataset's layout: 2 images in label folders.
    expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).length]))).toEqual({
      test: 2,
      train: 2,
      val: 2,
    });
    expect(countAnnotations(ds)).toEqual({ label: 6 });
  });

  it('imagenet_subsets_dataset round trips with its images', async () => {
    const ds = await readAll(imagenetWithSubsetDirs, corpus('imagenet_subsets_dataset'));
    const { dataset, report } = await writeAndReadBack(imagenetWithSubsetDirs, ds, { saveMedia: true });
    expect(report.dropped).toEqual({});
    await expectSameDataset(dataset, ds);
  });

  it('imagenet_txt_dataset/basic', async () => {
    const tree = corpus('imagenet_txt_dataset/basic');
    const { matches } = await createRegistry(formats).detect(tree);
    expect(matches[0]).toMatchObject({ id: 'imagenet_txt', confidence: 1, root: '' });
    const ds = await readAll(imagenetTxt, tree);
    // train.txt: 1.jpg 0, 2.jpg 5, 3.jpg 3, 4.jpg 5; synsets.txt: label_0..label_9; images/ has 1.jpg and 2.jpg.
    expect(ds.size).toBe(4);
    expect(ds.subsets()).toEqual(['train']);
    expect(ds.categories.labels.length).toBe(10);
    expect(ds.subset('train').map((i) => i.annotations.map((a) => a.label))).toEqual([[0], [5], [3], [5]]);
    expect(ds.get('train', '1')!.media!.bytes).toBeDefined();
    expect(ds.get('train', '3')!.media!.bytes).toBeUndefined();
  });

  it('imagenet_txt_dataset: the dataset is found one level down', async () => {
    const { matches } = await createRegistry(formats).detect(corpus('imagenet_txt_dataset'));
    expect(matches[0]).toMatchObject({ id: 'imagenet_txt', root: 'basic' });
  });

  it('imagenet_txt_dataset/custom_labels: the labels file synsets-alt.txt', async () => {
    const ds = await readAll(imagenetTxt, corpus('imagenet_txt_dataset/custom_labels'));
    // train.txt: "1.jpg 0"; synsets-alt.txt: alt_label_0..alt_label_9.
    expect(ds.size).toBe(1);
    expect(ds.categories.labels[0]!.name).toBe('alt_label_0');
    expect(ds.categories.labels.length).toBe(10);
  });

  it('imagenet_txt_dataset/no_labels: names generated up to the highest id', async () => {
    const ds = await readAll(imagenetTxt, corpus('imagenet_txt_dataset/no_labels'));
    // train.txt: "1.jpg 4", no synsets file: class-0..class-4.
    expect(ds.categories.labels.map((l) => l.name)).toEqual([
      'class-0',
      'class-1',
      'class-2',
      'class-3',
      'class-4',
    ]);
    expect(countAnnotations(ds)).toEqual({ label: 1 });
  });

  it('imagenet_txt_dataset/basic round trips', async () => {
    const ds = await readAll(imagenetTxt, corpus('imagenet_txt_dataset/basic'));
    const { dataset, report } = await writeAndReadBack(imagenetTxt, ds, { saveMedia: true });
    // 3.jpg and 4.jpg are listed but not in images/: there is nothing to copy, and the report says so.
    expect(report.dropped).toEqual({ media: 2 });
    await expectSameDataset(dataset, ds);
  });
});

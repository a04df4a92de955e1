import { createRegistry, memoryTree } from '@labelport/core';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { mnist, mnistCsv } from '../src/mnist.js';
import { digits, labelsOnly, mixed, pattern, pixelsOf } from './fixtures.js';

const row = (label: number, pixels: ArrayLike<number>) => `${label},${Array.from(pixels).join(',')}\n`;
const saveMedia = { saveMedia: true };

describeFormat(mnistCsv, {
  fixtures: [
    {
      name: 'mnist_train.csv and mnist_test.csv (no header)',
      tree: () =>
        memoryTree({
          'mnist_train.csv': row(5, pattern(0)) + row(0, pattern(1)),
          'mnist_test.csv': row(7, pattern(2)),
        }),
      expect: {
        items: 3,
        subsets: { train: 2, test: 1 },
        annotations: { label: 3 },
        labels: '0123456789'.split(''),
      },
      async check(ds) {
        expect(ds.get('train', '1')!.annotations).toEqual([{ type: 'label', label: 0, attributes: {} }]);
        expect(await pixelsOf(ds.get('test', '0'))).toEqual([...pattern(2)]);
      },
    },
    {
      name: "Kaggle's Fashion-MNIST with a header, in a folder",
      tree: () =>
        memoryTree({
          'fashion/fashion-mnist_train.csv': `label,${Array.from({ length: 784 }, (_, i) => `pixel${i + 1}`).join(',')}\n${row(9, pattern(0))}`,
        }),
      // as Datumaro, an id is the line's index: the header is line 0
      expect: { items: 1, subsets: { train: 1 }, annotations: { label: 1 } },
      check(ds) {
        expect(ds.get('train', '1')).toBeDefined();
      },
    },
    {
      name: "Datumaro's export: meta_val.csv with ids and sizes, labels.txt, no label, no image",
      tree: () =>
        memoryTree({
          'mnist_val.csv': `${row(1, pattern(0, 2, 3))}-1,${Array.from(pattern(1, 1, 1)).join(',')}\n0\n`,
          'meta_val.csv': 'a,2,3\nb,1,1\nc,0,0\n',
          'labels.txt': 'cat\ndog\n',
        }),
      expect: { items: 3, subsets: { val: 3 }, annotations: { label: 2 }, labels: ['cat', 'dog'] },
      async check(ds) {
        expect(ds.get('val', 'a')!.media).toMatchObject({ width: 3, height: 2 });
        expect(await pixelsOf(ds.get('val', 'a'))).toEqual([...pattern(0, 2, 3)]);
        expect(ds.get('val', 'b')!.annotations).toEqual([]);
        expect(ds.get('val', 'c')!.media).toBeUndefined();
      },
    },
  ],
  roundTrips: [
    { name: "the original's digits", source: digits, writeOptions: saveMedia },
    { name: 'named items, other sizes, no label, no image', source: mixed, writeOptions: saveMedia },
    { name: 'labels alone', source: labelsOnly },
  ],
  badInputs: [
    {
      name: 'a pixel value over 255',
      tree: () => memoryTree({ 'mnist_train.csv': row(1, [...pattern(0).subarray(0, 783), 300]) }),
      code: 'bad-value',
      message: 'mnist_train.csv: line 1, column 785',
    },
    {
      name: 'a row of the wrong length',
      tree: () => memoryTree({ 'mnist_train.csv': row(1, pattern(0)) + row(2, [1, 2, 3]) }),
      code: 'bad-value',
      message: /mnist_train.csv: line 2: 3 pixel values, expected 28 x 28/,
    },
    {
      name: 'a label that is not a number, past the first line',
      tree: () => memoryTree({ 'mnist_train.csv': row(1, pattern(0)) + row(Number.NaN, pattern(0)) }),
      code: 'bad-value',
      message: "line 2: the label 'NaN'",
    },
    {
      name: 'a label of 12 digits (no label list: the labels would be its digits)',
      tree: () => memoryTree({ 'mnist_train.csv': '0\n999999999999\n' }),
      code: 'too-large',
      message: 'mnist_train.csv: line 2: label 999999999999',
    },
    {
      name: 'a label past labels.txt',
      tree: () => memoryTree({ 'mnist_train.csv': '0\n4\n', 'labels.txt': 'a\nb\n' }),
      code: 'unknown-label',
      message: 'mnist_train.csv: line 2',
    },
    {
      name: 'a meta row of four values',
      tree: () => memoryTree({ 'mnist_train.csv': '0\n', 'meta_train.csv': 'a,1,2,3\n' }),
      code: 'bad-field',
      message: 'meta_train.csv: line 1',
    },
    {
      name: 'a meta size over limits.maxPixels',
      tree: () => memoryTree({ 'mnist_train.csv': '0,1\n', 'meta_train.csv': 'a,100000,100000\n' }),
      code: 'too-large',
      message: 'mnist_train.csv: line 1',
    },
  ],
});

describe('mnist_csv details', () => {
  it('writes what Datumaro writes: a label and 784 values a line, labels.txt, no meta for ids 0, 1', async () => {
    const { tree: out } = await writeAndReadBack(mnistCsv, digits(), saveMedia);
    expect((await out.list()).map((f) => f.path)).toEqual([
      'labels.txt',
      'mnist_test.csv',
      'mnist_train.csv',
    ]);
    const text = new TextDecoder().decode(await out.read('mnist_train.csv'));
    expect(text).toBe(row(3, pattern(0)) + row(0, pattern(1)));
  });

  it('writes meta_<subset>.csv as [id, height, width], 0,0 for an item without an image', async () => {
    const { tree: out } = await writeAndReadBack(mnistCsv, mixed(), saveMedia);
    expect(new TextDecoder().decode(await out.read('meta_train.csv'))).toBe(
      'img_a,2,3\nimg_b,4,5\nno_image,0,0\n',
    );
    expect(new TextDecoder().decode(await out.read('meta_val.csv'))).toBe('x/y\n');
  });

  it('is not taken for the IDX files, nor they for it', async () => {
    const csv = memoryTree({ 'mnist_train.csv': row(1, pattern(0)) });
    await expect(readAll(mnist, csv)).rejects.toThrow(/no MNIST file/);
    const registry = createRegistry([mnist, mnistCsv]);
    expect((await registry.detect(csv)).matches.map((m) => m.id)).toEqual(['mnist_csv']);
    const { tree: idxFiles } = await writeAndReadBack(mnist, digits(), saveMedia);
    expect((await registry.detect(idxFiles)).matches.map((m) => m.id)).toEqual(['mnist']);
  });

  it('reads a subset name with an underscore back whole, and warns that Datumaro will not', async () => {
    const ds = labelsOnly();
    const items = [...ds].map((i) => ({ ...i, subset: 'my_val' }));
    const { Dataset } = await import('@labelport/core');
    const { report, dataset } = await writeAndReadBack(mnistCsv, new Dataset(ds.categories, items));
    expect(dataset.subsets()).toEqual(['my_val']);
    expect(report.warnings.join('\n')).toMatch(/after its last '_'/);
  });
});

import { Dataset, memoryTree } from '@labelport/core';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { mnist } from '../src/mnist.js';
import {
  datumaroFiles,
  digits,
  gz,
  idx,
  labelsOnly,
  mixed,
  originalFiles,
  pattern,
  pixelsOf,
  tree,
  u32,
} from './fixtures.js';

const saveMedia = { saveMedia: true };

describeFormat(mnist, {
  fixtures: [
    {
      name: 'the original layout, gzipped',
      tree: () => tree(originalFiles()),
      expect: {
        items: 5,
        subsets: { train: 3, test: 2 },
        annotations: { label: 5 },
        labels: '0123456789'.split(''),
      },
      async check(ds) {
        const item = ds.get('train', '2')!;
        expect(item.annotations).toEqual([{ type: 'label', label: 4, attributes: {} }]);
        expect(item.media).toMatchObject({ kind: 'image', width: 28, height: 28 });
        expect(await pixelsOf(item)).toEqual([...pattern(2)]);
        expect(await pixelsOf(ds.get('test', '1'))).toEqual([...pattern(4)]);
      },
    },
    {
      name: 'un-gzipped files in a folder',
      tree: () =>
        tree(Object.fromEntries(Object.entries(originalFiles(false)).map(([k, v]) => [`mnist/raw/${k}`, v]))),
      expect: { items: 5, subsets: { train: 3, test: 2 }, annotations: { label: 5 } },
    },
    {
      name: "a mirror's names (train-images.idx3-ubyte)",
      tree: () =>
        memoryTree({
          'train-images.idx3-ubyte': idx([1, 28, 28], pattern(0)),
          'train-labels.idx1-ubyte': idx([1], [8]),
        }),
      expect: { items: 1, subsets: { train: 1 }, annotations: { label: 1 } },
    },
    {
      name: "Datumaro's export: ids and sizes in val-meta.gz, the pixel count in the header, labels.txt",
      tree: () => tree(datumaroFiles()),
      expect: { items: 3, subsets: { val: 3 }, annotations: { label: 2 }, labels: ['cat', 'dog'] },
      async check(ds) {
        expect(ds.get('val', 'a')!.media).toMatchObject({ width: 3, height: 2 });
        expect(await pixelsOf(ds.get('val', 'a'))).toEqual([...pattern(0, 2, 3)]);
        expect(await pixelsOf(ds.get('val', 'b'))).toEqual([...pattern(1, 4, 1)]);
        expect(ds.get('val', 'b')!.annotations).toEqual([]);
        expect(ds.get('val', 'c')!.media).toBeUndefined();
      },
    },
    {
      name: 'labels alone, and EMNIST letters (labels 1..26) without a label list',
      tree: () => memoryTree({ 'emnist-letters-train-labels-idx1-ubyte.gz': gz(idx([2], [1, 26])) }),
      expect: { items: 2, subsets: { 'emnist-letters-train': 2 }, annotations: { label: 2 } },
      check(ds) {
        expect(ds.categories.labels).toHaveLength(27);
        expect(ds.get('emnist-letters-train', '1')!.media).toBeUndefined();
      },
    },
  ],
  roundTrips: [
    { name: "the original's digits", source: digits, writeOptions: saveMedia },
    { name: 'named items, other sizes, no label, no image', source: mixed, writeOptions: saveMedia },
    { name: 'un-gzipped', source: mixed, writeOptions: { ...saveMedia, gzip: false } },
    { name: 'labels alone', source: labelsOnly },
  ],
  badInputs: [
    {
      name: 'a truncated images file',
      tree: () =>
        memoryTree({
          'train-labels-idx1-ubyte': idx([2], [1, 2]),
          'train-images-idx3-ubyte': idx([2, 28, 28], pattern(0)).subarray(0, 16 + 784 + 100),
        }),
      code: 'bad-binary',
      message: /train-images-idx3-ubyte: image 1: truncated/,
    },
    {
      name: 'a truncated labels file',
      tree: () => memoryTree({ 'train-labels-idx1-ubyte': idx([5], [1, 2]) }),
      code: 'bad-binary',
      message: /train-labels-idx1-ubyte: byte 10: truncated: 2 of the 5 labels/,
    },
    {
      name: 'a gzip stream cut short',
      tree: () => memoryTree({ 'train-labels-idx1-ubyte.gz': gz(idx([3], [1, 2, 3])).subarray(0, 15) }),
      code: 'bad-zip',
      message: 'train-labels-idx1-ubyte.gz',
    },
    {
      name: 'a gzip bomb over limits.maxTextBytes',
      tree: () => memoryTree({ 'train-labels-idx1-ubyte.gz': gz(idx([100000], new Uint8Array(100000))) }),
      readOptions: { limits: { maxTextBytes: 10000 } },
      code: 'too-large',
      message: 'train-labels-idx1-ubyte.gz',
    },
    {
      name: 'a hostile header: 2^32 - 1 images of 65535 x 65535',
      tree: () =>
        memoryTree({
          'train-images-idx3-ubyte': idx([0xffffffff, 0xffff, 0xffff], [1, 2, 3]),
        }),
      code: 'too-large',
      message: 'train-images-idx3-ubyte: byte 8',
    },
    {
      name: 'a hostile count: 2^32 - 1 images of 28 x 28 in a few bytes',
      tree: () => memoryTree({ 'train-images-idx3-ubyte': idx([0xffffffff, 28, 28], pattern(0)) }),
      code: 'bad-binary',
      message: /image 1: truncated/,
    },
    {
      name: 'not an IDX file',
      tree: () => memoryTree({ 'train-labels-idx1-ubyte': new TextEncoder().encode('hello world') }),
      code: 'bad-binary',
      message: 'train-labels-idx1-ubyte: byte 0: not an IDX file',
    },
    {
      name: 'IDX floats',
      tree: () => memoryTree({ 'train-labels-idx1-ubyte': Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 0]) }),
      code: 'bad-binary',
      message: 'byte 2: IDX data of floats',
    },
    {
      name: 'labels and images that disagree',
      tree: () =>
        memoryTree({
          'train-labels-idx1-ubyte': idx([2], [1, 2]),
          'train-images-idx3-ubyte': idx([1, 28, 28], pattern(0)),
        }),
      code: 'bad-layout',
      message: /train-images-idx3-ubyte: 1 images, and 2 labels/,
    },
    {
      name: 'a label past labels.txt',
      tree: () => memoryTree({ 'train-labels-idx1-ubyte': idx([2], [1, 2]), 'labels.txt': 'a\nb\n' }),
      code: 'unknown-label',
      message: 'train-labels-idx1-ubyte: label 1',
    },
    {
      name: 'a meta file of the wrong length',
      tree: () =>
        memoryTree({ 'train-labels-idx1-ubyte': idx([2], [1, 2]), 'train-meta.gz': gz(u32([['a']])) }),
      code: 'bad-binary',
      message: 'train-meta.gz',
    },
  ],
});

describe('mnist details', () => {
  it("writes the original's files: gzipped IDX, t10k for test, no meta for ids 0, 1, 2 and 28 x 28", async () => {
    const { tree: out, report } = await writeAndReadBack(mnist, digits(), saveMedia);
    expect(report.dropped).toEqual({});
    const paths = (await out.list()).map((f) => f.path);
    expect(paths).toEqual([
      'labels.txt',
      't10k-images-idx3-ubyte.gz',
      't10k-labels-idx1-ubyte.gz',
      'train-images-idx3-ubyte.gz',
      'train-labels-idx1-ubyte.gz',
    ]);
    const { gunzipSync } = await import('node:zlib');
    const images = gunzipSync(await out.read('train-images-idx3-ubyte.gz'));
    expect([...images.subarray(0, 16)]).toEqual([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28]);
    expect([...images.subarray(16, 16 + 784)]).toEqual([...pattern(0)]);
    expect([...gunzipSync(await out.read('t10k-labels-idx1-ubyte.gz'))]).toEqual([0, 0, 8, 1, 0, 0, 0, 1, 9]);
  });

  it("writes Datumaro's meta file for other ids and sizes, and reads it back to the same pixels", async () => {
    const { tree: out, dataset } = await writeAndReadBack(mnist, mixed(), saveMedia);
    const { gunzipSync } = await import('node:zlib');
    expect([...gunzipSync(await out.read('train-meta.gz'))]).toEqual([
      ...u32([
        ['img_a', '2', '3'],
        ['img_b', '4', '5'],
        ['no_image', '0', '0'],
      ]),
    ]);
    expect(await pixelsOf(dataset.get('train', 'img_b'))).toEqual([...pattern(1, 4, 5)]);
    expect(await out.exists('val-meta.gz')).toBe(true);
  });

  it('counts what MNIST cannot hold', async () => {
    const rgb = new Uint8Array([255, 0, 0, 0, 255, 0]);
    const { encodePng } = await import('@labelport/core/png');
    const ds = new Dataset({ labels: [{ name: 'a' }, { name: 'b' }] }, [
      {
        id: 'colour',
        subset: 'default',
        media: {
          kind: 'image',
          width: 2,
          height: 1,
          bytes: async () => encodePng({ width: 2, height: 1, colorType: 'rgb', data: rgb }),
        },
        annotations: [
          { type: 'label', label: 0, attributes: { score: 0.5 } },
          { type: 'label', label: 1, attributes: {} },
          { type: 'bbox', label: 0, x: 0, y: 0, w: 1, h: 1, attributes: {} },
        ],
        attributes: { weather: 'rain' },
      },
      {
        id: 'jpeg',
        subset: 'default',
        media: { kind: 'image', path: 'a.jpg', bytes: async () => Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]) },
        annotations: [],
        attributes: {},
      },
      {
        id: 'gone',
        subset: 'default',
        media: { kind: 'image', path: 'gone.png' },
        annotations: [],
        attributes: {},
      },
    ]);
    const { report, dataset } = await writeAndReadBack(mnist, ds, saveMedia);
    expect(report.dropped).toEqual({ label: 1, bbox: 1, attribute: 1, 'item attribute': 1, media: 2 });
    expect(report.converted).toEqual({ 'media->media': 1 });
    const text = report.warnings.join('\n');
    expect(text).toMatch(/one label per image/);
    expect(text).toMatch(/only PNG images/);
    expect(text).toMatch(/without their bytes/);
    expect(text).toMatch(/8-bit gray/);
    // luminance of pure red and pure green
    expect(await pixelsOf(dataset.get('default', 'colour'))).toEqual([76, 150]);
  });

  it('says that without saveMedia the images are not written', async () => {
    const { report, dataset } = await writeAndReadBack(mnist, digits());
    expect(report.dropped).toEqual({});
    expect(report.warnings.join('\n')).toMatch(/only with saveMedia/);
    expect(dataset.get('train', '0')!.media).toBeUndefined();
  });

  it('names items whose ids do not fit a meta cell by their position', async () => {
    const long = 'x'.repeat(40);
    const ds = new Dataset({ labels: [{ name: 'a' }] }, [
      { id: long, subset: 's', annotations: [], attributes: {} },
    ]);
    const { report, dataset } = await writeAndReadBack(mnist, ds);
    expect(report.warnings.join('\n')).toMatch(/more than 32 characters/);
    expect(dataset.get('s', '0')).toBeDefined();
  });

  it('skips a bad subset under a forgiving item policy', async () => {
    const files = { ...originalFiles(), 'val-labels-idx1-ubyte': idx([5], [1]) };
    const warnings: string[] = [];
    const ds = await readAll(mnist, memoryTree(files), {
      errorPolicy: { items: 'skip' },
      onWarning: (w: string) => warnings.push(w),
    });
    expect(ds.size).toBe(5);
    expect(warnings).toEqual([expect.stringMatching(/val-labels-idx1-ubyte: byte 9: truncated/)]);
  });
});

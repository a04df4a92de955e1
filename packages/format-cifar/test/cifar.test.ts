import { Dataset, memoryTree } from '@labelport/core';
import { decodePng } from '@labelport/core/png';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { cifar } from '../src/cifar.js';
import {
  cifar10Meta,
  cifar10Tree,
  cifar100Meta,
  datumaroBatch,
  hundredLike,
  labelsOnly,
  originalBatch,
  Pk,
  planes,
  tenLike,
} from './fixtures.js';

const saveMedia = { saveMedia: true };

/** An image's PNG as planes again. */
async function planesOf(bytes: Uint8Array): Promise<number[]> {
  const png = decodePng(bytes);
  const n = png.width * png.height;
  const out: number[] = [];
  for (let c = 0; c < 3; c++) for (let i = 0; i < n; i++) out.push(png.data[3 * i + c]!);
  return out;
}

const metaTree = (batch: Uint8Array, extra: Record<string, Uint8Array | string> = {}) =>
  memoryTree({ 'batches.meta': cifar10Meta(), data_batch_1: batch, ...extra });

describeFormat(cifar, {
  fixtures: [
    {
      name: "CIFAR-10's python version (Python 2 pickles)",
      tree: () => cifar10Tree('py2'),
      expect: {
        items: 4,
        subsets: { data_batch_1: 3, test_batch: 1 },
        annotations: { label: 4 },
        labels: ['airplane', 'automobile', 'bird', 'cat'],
      },
      async check(ds) {
        const item = ds.get('data_batch_1', 'cat_s_1')!;
        expect(item.annotations).toEqual([{ type: 'label', label: 3, attributes: {} }]);
        expect(item.media).toMatchObject({ kind: 'image', path: 'cat_s_1.png', width: 32, height: 32 });
        expect(await planesOf(await item.media!.bytes!())).toEqual([...planes(1)]);
      },
    },
    {
      name: 'the same re-pickled by Python 3, protocol 2 (_codecs.encode)',
      tree: () => cifar10Tree('py3-2'),
      expect: { items: 4, annotations: { label: 4 } },
      async check(ds) {
        expect(await planesOf(await ds.get('test_batch', 'bird_s_9')!.media!.bytes!())).toEqual([
          ...planes(3),
        ]);
      },
    },
    {
      name: 'the same re-pickled by Python 3, protocol 4 (BINBYTES, MEMOIZE)',
      tree: () => cifar10Tree('py3-4'),
      expect: { items: 4, annotations: { label: 4 } },
    },
    {
      name: 'CIFAR-100: meta, train and test, coarse labels as parents',
      tree: () =>
        memoryTree({
          'cifar-100-python/meta': cifar100Meta(),
          'cifar-100-python/train': originalBatch('py2', [0, 1, 2], ['a.png', 'b.png', 'c.png'], 0, true),
          'cifar-100-python/test': originalBatch('py2', [1], ['d.png'], 3, true),
        }),
      expect: {
        items: 4,
        subsets: { train: 3, test: 1 },
        annotations: { label: 4 },
        labels: ['apple', 'bee', 'bus'],
      },
      check(ds) {
        expect(ds.categories.labels).toEqual([
          { name: 'apple', parent: 'fruit' },
          { name: 'bee', parent: 'insects' },
          { name: 'bus', parent: 'fruit' },
        ]);
      },
    },
    {
      name: "Datumaro's object array, image_sizes, an item without an image and one without a label",
      tree: () => metaTree(datumaroBatch()),
      expect: { items: 3, annotations: { label: 2 } },
      async check(ds) {
        expect(ds.get('data_batch_1', 'b')!.media).toBeUndefined();
        expect(ds.get('data_batch_1', 'c')!.media).toMatchObject({ width: 3, height: 2 });
        expect(await planesOf(await ds.get('data_batch_1', 'c')!.media!.bytes!())).toEqual([
          ...planes(2, 2, 3),
        ]);
      },
    },
  ],
  roundTrips: [
    { name: 'CIFAR-10-like batches', source: tenLike, writeOptions: saveMedia },
    {
      name: 'CIFAR-100-like: parents, other sizes, no image, no label',
      source: hundredLike,
      writeOptions: saveMedia,
    },
    { name: 'labels alone', source: labelsOnly },
  ],
  badInputs: [
    {
      name: 'a truncated batch',
      tree: () => metaTree(originalBatch('py2', [0, 1], ['a.png', 'b.png']).subarray(0, 4000)),
      code: 'bad-binary',
      message: /data_batch_1: byte \d+: truncated/,
    },
    {
      name: 'a pickle that calls os.system',
      tree: () => metaTree(new Pk('py2').global('os', 'system').str('echo hi').op(0x85, 0x52).done()),
      code: 'bad-binary',
      message: 'data_batch_1: byte 2: the global os.system is not allowed',
    },
    {
      name: 'a bytes length past the end (BINBYTES8 of 2^52)',
      tree: () => metaTree(Uint8Array.from([0x80, 4, 0x8e, 0, 0, 0, 0, 0, 0, 0x10, 0, 0x2e])),
      code: 'bad-binary',
      message: 'data_batch_1: byte 2: truncated',
    },
    {
      name: 'an array whose shape claims 10^12 images',
      tree: () => {
        const p = new Pk('py2');
        return metaTree(
          p
            .dict([['data', () => p.ndarray([1000000, 1000000], 'u1', () => p.bytes(new Uint8Array(6)))]])
            .done(),
        );
      },
      code: 'bad-binary',
      message: /shape \(1000000, 1000000\).*6 bytes/,
    },
    {
      name: 'deep nesting (200,000 lists in lists)',
      tree: () =>
        metaTree(
          Uint8Array.from([0x80, 2, ...new Array(200000).fill(0x5d), ...new Array(199999).fill(0x61), 0x2e]),
        ),
      code: 'bad-field',
      message: 'data_batch_1: a CIFAR batch is a dict',
    },
    {
      name: 'a batch over limits.maxTextBytes',
      tree: () => metaTree(originalBatch('py2', [0, 1], ['a.png', 'b.png'])),
      readOptions: { limits: { maxTextBytes: 5000 } },
      code: 'too-large',
      message: 'data_batch_1',
    },
    {
      name: 'a memo never stored',
      tree: () => metaTree(Uint8Array.from([0x80, 2, 0x68, 7, 0x2e])),
      code: 'bad-binary',
      message: 'byte 2: memo 7 was never stored',
    },
    {
      name: 'an unknown opcode',
      tree: () => metaTree(Uint8Array.from([0x80, 2, 0x69, 0x2e])),
      code: 'bad-binary',
      message: 'opcode 0x69',
    },
    {
      name: 'labels and file names that disagree',
      tree: () => {
        const p = new Pk('py2');
        return metaTree(
          p
            .dict([
              ['filenames', () => p.list([() => p.str('a.png')])],
              ['labels', () => p.list([])],
            ])
            .done(),
        );
      },
      code: 'bad-field',
      message: 'data_batch_1: labels: 0 labels for 1 file names',
    },
    {
      name: 'a label past the label names',
      tree: () => metaTree(originalBatch('py2', [9], ['a.png'])),
      code: 'unknown-label',
      message: 'data_batch_1: labels[0]',
    },
    {
      name: 'an image of the wrong size',
      tree: () => {
        const p = new Pk('py2');
        const batch = p
          .dict([
            ['filenames', () => p.list([() => p.str('a.png')])],
            ['labels', () => p.list([() => p.int(0)])],
            ['data', () => p.ndarray([1, 100], 'u1', () => p.bytes(new Uint8Array(100)))],
          ])
          .done();
        return metaTree(batch);
      },
      code: 'bad-field',
      message: 'data_batch_1: data[0]: 100 bytes, not 3 planes of 32 x 32',
    },
  ],
});

describe('cifar details', () => {
  it("writes the original's form: protocol 2, byte-string keys, a uint8 array of rows", async () => {
    const { tree: out, report } = await writeAndReadBack(cifar, tenLike(), saveMedia);
    expect(report.dropped).toEqual({});
    expect((await out.list()).map((f) => f.path)).toEqual(['batches.meta', 'data_batch_1', 'test_batch']);
    const batch = await out.read('data_batch_1');
    expect([...batch.subarray(0, 2)]).toEqual([0x80, 2]);
    const text = new TextDecoder('latin1').decode(batch);
    expect(text).toContain('U\x0bbatch_label');
    expect(text).toContain('training batch 1 of 5');
    expect(text).toContain('cnumpy.core.multiarray\n_reconstruct\n');
    expect(text).toContain('U\x02u1');
  });

  it('writes CIFAR-100 meta for labels with parents, and counts what cannot be kept', async () => {
    const ds = new Dataset(
      {
        labels: [
          { name: 'a', parent: 'p' },
          { name: 'p', parent: 'q' },
          { name: 'lonely', parent: 'p' },
        ],
      },
      [
        {
          id: 'x',
          subset: 'train',
          media: { kind: 'image', path: 'x.jpg', bytes: async () => Uint8Array.from([0xff, 0xd8, 0xff]) },
          annotations: [
            { type: 'label', label: 0, attributes: { score: 1 } },
            { type: 'label', label: 1, attributes: {} },
            { type: 'bbox', label: 0, x: 0, y: 0, w: 1, h: 1, attributes: {} },
          ],
          attributes: { weather: 'rain' },
        },
        {
          id: 'y',
          subset: 'train',
          media: { kind: 'image', path: 'y.png' },
          annotations: [],
          attributes: {},
        },
      ],
    );
    const { tree: out, report } = await writeAndReadBack(cifar, ds, saveMedia);
    expect(await out.exists('meta')).toBe(true);
    expect(report.dropped).toEqual({
      label: 1,
      bbox: 1,
      attribute: 1,
      'item attribute': 1,
      media: 2,
      'label parent': 2,
    });
    expect(report.warnings.join('\n')).toMatch(/only PNG images/);
  });

  it('reads back the colours as they are: the first plane is red', async () => {
    const red = new Uint8Array(3 * 32 * 32);
    red.fill(255, 0, 1024);
    const p = new Pk('py2');
    const batch = p
      .dict([
        ['filenames', () => p.list([() => p.str('red.png')])],
        ['labels', () => p.list([() => p.int(0)])],
        ['data', () => p.ndarray([1, 3072], 'u1', () => p.bytes(red))],
      ])
      .done();
    const ds = await readAll(cifar, metaTree(batch));
    const png = decodePng(await ds.get('data_batch_1', 'red')!.media!.bytes!());
    expect([...png.data.subarray(0, 3)]).toEqual([255, 0, 0]);
  });

  it('skips a bad batch under a forgiving item policy, and names a file that is not a pickle', async () => {
    const tree = memoryTree({
      ...Object.fromEntries(
        await Promise.all(
          (await cifar10Tree().list()).map(async (f) => [f.path, await cifar10Tree().read(f.path)]),
        ),
      ),
      data_batch_2: Uint8Array.from([0x80, 2, 0x5d]),
      notes: 'text',
    });
    const warnings: string[] = [];
    const ds = await readAll(cifar, tree, {
      errorPolicy: { items: 'skip' },
      onWarning: (w: string) => warnings.push(w),
    });
    expect(ds.size).toBe(4);
    expect(warnings).toEqual([expect.stringMatching(/data_batch_2: byte 3: truncated: no STOP/)]);
  });
});

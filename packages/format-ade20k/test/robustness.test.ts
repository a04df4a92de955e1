// Regression tests from the fuzzer (tooling/fuzz): a part level of 1e9 (from the file, or a zOrder
// handed to the writer) looped a billion times.
import {
  bitmapMask,
  isDatasetError,
  loadMask,
  type MaskAnnotation,
  memorySink,
  memoryTree,
  sourceOf,
} from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { ade20k2017, ade20k2020 } from '../src/index.js';

it('writing a polygon with zOrder 1e9 takes one level, not a billion', async () => {
  const source = sourceOf({ labels: [{ name: 'wall' }] }, [
    {
      id: 'a',
      subset: 'training',
      media: { kind: 'image', path: 'a.jpg', width: 8, height: 6 },
      annotations: [
        { type: 'polygon', label: 0, zOrder: 1e9, attributes: {}, points: [1, 1, 5, 1, 5, 4] },
        {
          type: 'polygon',
          label: 0,
          zOrder: Number.POSITIVE_INFINITY,
          attributes: {},
          points: [1, 1, 5, 1, 5, 4],
        },
      ],
      attributes: {},
    },
  ]);
  const t0 = performance.now();
  const sink = memorySink();
  await ade20k2017.write!(source, sink).catch((e) => {
    if (!isDatasetError(e)) throw e;
  });
  expect(performance.now() - t0).toBeLessThan(5000);
});

it('reading an object of part level 1000000000 does not loop to it', async () => {
  const atr = '001 # 0 # 0 # wall # wall # ""\n002 # 0 # 1000000000 # door # door # ""\n';
  const tree = memoryTree({
    'images/training/a/a.jpg': new Uint8Array([1]),
    'images/training/a/a_atr.txt': atr,
  });
  const t0 = performance.now();
  await readAll(ade20k2017, tree, { lenient: true }).catch((e) => {
    if (!isDatasetError(e)) throw e;
  });
  expect(performance.now() - t0).toBeLessThan(5000);
});

// The writers paint level images at the item's size, the readers decode them: both under the
// caller's limits.maxPixels (the fuzzer runs at 2^22; the default is 2^28), not the default.
const limited = { limits: { maxPixels: 1000 } };
const square = (shape: 'mask' | 'polygon') =>
  sourceOf({ labels: [{ name: 'wall', id: 1 }] }, [
    {
      id: 'a',
      subset: 'training',
      media: { kind: 'image', path: 'a.jpg', width: 100, height: 100 },
      annotations: [
        shape === 'mask'
          ? { type: 'mask', label: 0, id: 3, attributes: {}, mask: bitmapMask(filled(100, 100)) }
          : { type: 'polygon', label: 0, id: 3, attributes: {}, points: [1, 1, 50, 1, 50, 40] },
      ],
      attributes: {},
    },
  ]);
const filled = (width: number, height: number) => ({
  width,
  height,
  data: new Uint8Array(width * height).fill(1, 0, width * 10),
});

it.each([ade20k2017, ade20k2020])(
  '$id writes a 100x100 mask or polygon only under limits.maxPixels',
  async (format) => {
    for (const shape of ['mask', 'polygon'] as const) {
      const err = await format.write!(square(shape), memorySink(), limited).catch((e) => e);
      expect(err).toMatchObject({ code: 'too-large', message: expect.stringMatching(/limits\.maxPixels/) });
      await expect(format.write!(square(shape), memorySink())).resolves.toBeDefined();
    }
  },
);

it.each([ade20k2017, ade20k2020])(
  '$id reads a 100x100 level image only under limits.maxPixels',
  async (format) => {
    const sink = memorySink();
    await format.write!(square('mask'), sink);
    await sink.commit();
    const tree = memoryTree(sink.files, 'ade');
    const [item] = (await readAll(format, tree)).subset('training');
    await expect(loadMask((item!.annotations[0] as MaskAnnotation).mask)).resolves.toMatchObject({
      width: 100,
    });
    const [limitedItem] = (await readAll(format, tree, limited)).subset('training');
    await expect(loadMask((limitedItem!.annotations[0] as MaskAnnotation).mask)).rejects.toMatchObject({
      code: 'too-large',
    });
  },
);

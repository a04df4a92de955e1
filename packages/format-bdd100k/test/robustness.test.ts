// Regression tests from the fuzzer (tooling/fuzz): a PNG header of a few bytes declaring 100000x100000
// or 1x(2^31-1) pixels made the mask writers allocate width x height (RangeError, or out of memory).
import { bitmapMask, isDatasetError, loadMask, memorySink, memoryTree, sourceOf } from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { bdd100k, formats } from '../src/index.js';

const source = (width: number, height: number) =>
  sourceOf({ labels: [{ name: 'car' }] }, [
    {
      id: 'a',
      subset: 'train',
      media: { kind: 'image', path: 'a.png', width, height },
      annotations: [{ type: 'polygon', label: 0, objectId: 1, attributes: {}, points: [1, 1, 5, 1, 5, 4] }],
      attributes: {},
    },
  ]);

const maskWriters = formats.filter((f) => f.id !== 'bdd100k');

it.each(maskWriters.map((f) => [f.id, f] as const))(
  '%s: masks of an image declared 100000x100000 or 1x(2^31-1) are DatasetError too-large',
  async (_id, format) => {
    for (const [w, h] of [
      [100000, 100000],
      [1, 0x7fffffff],
    ]) {
      const err = await format.write!(source(w, h), memorySink()).catch((e) => e);
      expect(isDatasetError(err), String(err)).toBe(true);
      expect(err.code).toBe('too-large');
    }
  },
);

it('the pixel limit is the one given in the options (limits.maxPixels)', async () => {
  const [semSeg] = maskWriters;
  const options = { limits: { maxPixels: 2 ** 20 } } as object;
  const err = await semSeg!.write!(source(2048, 1024), memorySink(), options).catch((e) => e);
  expect(err).toMatchObject({ code: 'too-large', message: expect.stringMatching(/limits\.maxPixels/) });
  await expect(semSeg!.write!(source(1024, 1024), memorySink(), options)).resolves.toBeDefined();
});

// The readers decode mask PNGs and RLEs at the size the files declare: under the caller's
// limits.maxPixels (the fuzzer runs at 2^22), not the default 2^28.
it('reads a 100x100 mask PNG or RLE only under limits.maxPixels', async () => {
  const limited = { limits: { maxPixels: 1000 } };
  const data = new Uint8Array(100 * 100).fill(1, 0, 300);
  const dataset = sourceOf({ labels: [{ name: 'car' }] }, [
    {
      id: 'a',
      subset: 'train',
      media: { kind: 'image', path: 'a.jpg', width: 100, height: 100 },
      annotations: [
        { type: 'mask', label: 0, attributes: {}, mask: bitmapMask({ width: 100, height: 100, data }) },
      ],
      attributes: {},
    },
  ]);
  for (const format of [bdd100k, maskWriters[0]!]) {
    const sink = memorySink();
    await format.write!(dataset, sink);
    await sink.commit();
    const tree = memoryTree(sink.files, 'bdd');
    const loadAll = async (options?: object) => {
      const ds = await readAll(format, tree, options);
      const anns = ds.subsets().flatMap((s) => ds.subset(s).flatMap((i) => i.annotations));
      for (const a of anns) if (a.type === 'mask') await loadMask(a.mask);
      return anns.length;
    };
    expect(await loadAll()).toBeGreaterThan(0);
    await expect(loadAll(limited)).rejects.toMatchObject({ code: 'too-large' });
  }
});

// Masks and polygons are decoded, painted or measured at the image's size (written) and masks decoded
// at the size the file declares (read): under the caller's limits.maxPixels (the fuzzer runs at 2^22),
// not the default 2^28. And from the hostile writer datasets (tooling/fuzz --hostile): a bitmap whose
// data does not match its size is a DatasetError, not encodeRle's RangeError.
import {
  type Annotation,
  bitmapMask,
  isDatasetError,
  lazyMask,
  loadMask,
  memorySink,
  memoryTree,
  sourceOf,
} from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { coco, cocoInstances, cocoPanoptic } from '../src/index.js';

const limited = { limits: { maxPixels: 1000 } };
const square = (size: number, annotations: Annotation[]) =>
  sourceOf({ labels: [{ name: 'cat' }] }, [
    {
      id: 'a',
      subset: 'train',
      media: { kind: 'image', path: 'a.jpg', width: size, height: size },
      annotations,
      attributes: {},
    },
  ]);
const stripe = () => {
  const data = new Uint8Array(100 * 100);
  for (let y = 20; y < 30; y++) data.fill(1, y * 100 + 5, y * 100 + 60);
  return data;
};
const lazy = () =>
  lazyMask(async () => ({ width: 100, height: 100, data: stripe() }), { width: 100, height: 100 });

it('writes a 100x100 polygon or mask only under limits.maxPixels', async () => {
  const cases: [typeof cocoInstances, Annotation][] = [
    [cocoInstances, { type: 'polygon', label: 0, attributes: {}, points: [5, 5, 70, 5, 70, 60] }],
    [cocoInstances, { type: 'mask', label: 0, attributes: {}, mask: lazy() }],
    [cocoPanoptic, { type: 'mask', label: 0, id: 1, attributes: {}, mask: lazy() }],
  ];
  for (const [format, a] of cases) {
    const err = await format.write!(square(100, [a]), memorySink(), limited).catch((e) => e);
    expect(err).toMatchObject({ code: 'too-large', message: expect.stringMatching(/limits\.maxPixels/) });
    await expect(format.write!(square(100, [a]), memorySink())).resolves.toBeDefined();
  }
});

it('a bitmap whose data does not match its size is DatasetError bad-value (hostile datasets)', async () => {
  for (const [w, h] of [
    [8, 5],
    [-1, 6],
  ]) {
    const mask = bitmapMask({ width: w, height: h, data: new Uint8Array(7).fill(1) });
    const err = await coco.write!(
      square(8, [{ type: 'mask', label: 0, attributes: {}, mask }]),
      memorySink(),
    ).catch((e) => e);
    expect(isDatasetError(err), String(err)).toBe(true);
    expect(err.code).toBe('bad-value');
  }
});

it.each([cocoInstances, cocoPanoptic])(
  '$id reads a 100x100 mask only under limits.maxPixels',
  async (format) => {
    const sink = memorySink();
    const mask: Annotation = {
      type: 'mask',
      label: 0,
      id: 1,
      attributes: {},
      mask: bitmapMask({ width: 100, height: 100, data: stripe() }),
    };
    await format.write!(square(100, [mask]), sink, { saveMedia: false });
    await sink.commit();
    const tree = memoryTree(sink.files, 'coco');
    const loadAll = async (options?: object) => {
      const ds = await readAll(format, tree, options);
      const [item] = ds.subset('train');
      const masks = item!.annotations.filter((a) => a.type === 'mask');
      for (const a of masks) await loadMask(a.mask);
      return masks.length;
    };
    expect(await loadAll()).toBe(1);
    await expect(loadAll(limited)).rejects.toMatchObject({ code: 'too-large' });
  },
);

// Regression tests from the fuzzer (tooling/fuzz): a polygon on an image declared 65535x65535 (a PNG
// header of a few bytes) was painted at that size (out of memory); and masks were painted, loaded and
// decoded under the default pixel limit (2^28) rather than the caller's options.limits.
import {
  type Annotation,
  isDatasetError,
  loadMask,
  memorySink,
  memoryTree,
  rleMask,
  sourceOf,
} from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { openImages } from '../src/index.js';

const polygon: Annotation = { type: 'polygon', label: 0, attributes: {}, points: [1, 1, 5, 1, 5, 4] };
// 100x100, its first 300 pixels (column-major) set
const mask: Annotation = {
  type: 'mask',
  label: 0,
  attributes: {},
  mask: rleMask({ size: [100, 100], counts: [0, 300, 9700] }),
};
const limited = { limits: { maxPixels: 1000 } };

const source = (size: number, annotation: Annotation) =>
  sourceOf({ labels: [{ name: 'Cat' }] }, [
    {
      id: 'a',
      subset: 'train',
      media: { kind: 'image', path: 'a.png', width: size, height: size },
      annotations: [annotation],
      attributes: {},
    },
  ]);

it('a polygon on an image declared 65535x65535 is DatasetError too-large, not an out-of-memory', async () => {
  const err = await openImages.write!(source(65535, polygon), memorySink()).catch((e) => e);
  expect(isDatasetError(err), String(err)).toBe(true);
  expect(err.code).toBe('too-large');
});

it('writes a 100x100 polygon or mask only under limits.maxPixels', async () => {
  for (const a of [polygon, mask]) {
    const err = await openImages.write!(source(100, a), memorySink(), limited).catch((e) => e);
    expect(err).toMatchObject({ code: 'too-large', message: expect.stringMatching(/limits\.maxPixels/) });
    await expect(openImages.write!(source(100, a), memorySink())).resolves.toBeDefined();
  }
});

it('loads a 100x100 mask PNG only under limits.maxPixels', async () => {
  const sink = memorySink();
  await openImages.write!(source(100, mask), sink);
  await sink.commit();
  const tree = memoryTree(sink.files, 'oi');
  const load = async (options?: object) => {
    const [item] = (await readAll(openImages, tree, options)).subset('train');
    const [m] = item!.annotations;
    return loadMask((m as Extract<Annotation, { type: 'mask' }>).mask);
  };
  await expect(load()).resolves.toMatchObject({ width: 100, height: 100 });
  await expect(load(limited)).rejects.toMatchObject({ code: 'too-large' });
});

// Regression tests from the fuzzer (tooling/fuzz): a polygon on an image declared 65535x65535 (a PNG
// header of a few bytes) was painted at that size (out of memory).
import { isDatasetError, memorySink, sourceOf } from '@labelport/core';
import { expect, it } from 'vitest';
import { openImages } from '../src/index.js';

it('a polygon on an image declared 65535x65535 is DatasetError too-large, not an out-of-memory', async () => {
  const source = sourceOf({ labels: [{ name: 'Cat' }] }, [
    {
      id: 'a',
      subset: 'train',
      media: { kind: 'image', path: 'a.png', width: 65535, height: 65535 },
      annotations: [{ type: 'polygon', label: 0, attributes: {}, points: [1, 1, 5, 1, 5, 4] }],
      attributes: {},
    },
  ]);
  const err = await openImages.write!(source, memorySink()).catch((e) => e);
  expect(isDatasetError(err), String(err)).toBe(true);
  expect(err.code).toBe('too-large');
});

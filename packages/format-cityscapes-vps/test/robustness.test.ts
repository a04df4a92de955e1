// Regression tests from the fuzzer (tooling/fuzz): an image declared 16385x16385 (a PNG header of a few
// bytes) is refused by the pixel limit, not painted for minutes.
import { isDatasetError, memorySink, sourceOf } from '@labelport/core';
import { expect, it } from 'vitest';
import { cityscapesVps } from '../src/index.js';

it('writing masks for a 16385x16385 image is DatasetError too-large, at once', async () => {
  const source = sourceOf({ labels: [{ name: 'car' }] }, [
    {
      id: 'frame_000001',
      subset: 'val',
      media: { kind: 'image', path: 'frame_000001.png', width: 16385, height: 16385 },
      annotations: [{ type: 'polygon', label: 0, objectId: 1, attributes: {}, points: [1, 1, 5, 1, 5, 4] }],
      attributes: {},
    },
  ]);
  const t0 = performance.now();
  const err = await cityscapesVps.write!(source, memorySink()).catch((e) => e);
  expect(isDatasetError(err), String(err)).toBe(true);
  expect(performance.now() - t0).toBeLessThan(5000);
});

// Regression tests from the fuzzer (tooling/fuzz): an image declared 16385x16385 (a PNG header of a few
// bytes) is refused by the pixel limit, not painted for minutes.
import { isDatasetError, loadMask, memorySink, memoryTree, rleMask, sourceOf } from '@labelport/core';
import { readAll } from '@labelport/core/testing';
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

// A frame's masks are painted at its size (written) and its PNGs decoded (read) under the caller's
// limits.maxPixels (the fuzzer runs at 2^22), not the default 2^28.
it('writes and reads a 100x100 frame only under limits.maxPixels', async () => {
  const limited = { limits: { maxPixels: 1000 } };
  const frame = sourceOf({ labels: [{ name: 'car' }] }, [
    {
      id: '0005_0025_frankfurt_000000_001736',
      subset: 'val',
      media: { kind: 'image', width: 100, height: 100 },
      // the first two columns of the frame
      annotations: [
        {
          type: 'mask',
          label: 0,
          objectId: 7,
          attributes: {},
          mask: rleMask({ size: [100, 100], counts: [0, 200, 9800] }),
        },
      ],
      attributes: {},
    },
  ]);
  await expect(cityscapesVps.write!(frame, memorySink(), limited)).rejects.toMatchObject({
    code: 'too-large',
  });
  const sink = memorySink();
  await cityscapesVps.write!(frame, sink);
  await sink.commit();
  const tree = memoryTree(sink.files, 'vps');
  const loadAll = async (options?: object) => {
    const ds = await readAll(cityscapesVps, tree, options);
    for (const item of ds.subset('val'))
      for (const a of item.annotations) if (a.type === 'mask') await loadMask(a.mask);
  };
  await expect(loadAll()).resolves.toBeUndefined();
  await expect(loadAll(limited)).rejects.toMatchObject({ code: 'too-large' });
});

// Regression tests from the fuzzer (tooling/fuzz): writers refuse what does not fit as a DatasetError.
import { bitmapMask, isDatasetError, memorySink, memoryTree, sourceOf } from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { kittiDetection, kittiSegmentation } from '../src/index.js';

const source = (width: number, height: number) =>
  sourceOf({ labels: [{ name: 'car' }] }, [
    {
      id: 'a',
      subset: 'default',
      media: { kind: 'image', path: 'a.png', width, height },
      annotations: [
        {
          type: 'mask',
          label: 0,
          attributes: {},
          mask: bitmapMask({ width: 8, height: 6, data: new Uint8Array(48).fill(1) }),
        },
        {
          type: 'mask',
          label: 0,
          attributes: {},
          mask: bitmapMask({ width, height, data: new Uint8Array(width * height) }),
        },
      ],
      attributes: {},
    },
  ]);

it('masks of different sizes (8x6 and 1x1) are a DatasetError, not a RangeError', async () => {
  const err = await kittiSegmentation.write!(source(1, 1), memorySink()).catch((e) => e);
  expect(isDatasetError(err), String(err)).toBe(true);
  expect(err.message).not.toContain('\n');
});

it('an aborted read is DatasetError aborted (it was a DOMException AbortError)', async () => {
  const ac = new AbortController();
  ac.abort();
  const tree = memoryTree({
    'training/label_2/a.txt': 'Car 0 0 0 1 1 4 4 0 0 0 0 0 0 0\n',
    'training/image_2/a.png': new Uint8Array([1]),
  });
  const err = await readAll(kittiDetection, tree, { signal: ac.signal }).catch((e) => e);
  expect(err).toMatchObject({ name: 'DatasetError', code: 'aborted' });
});

// The segmentation masks are painted at the item's size and decoded at the file's: both under the
// caller's limits.maxPixels (the fuzzer runs at 2^22), not the default 2^28.
it('KITTI segmentation writes and reads a 100x100 mask only under limits.maxPixels', async () => {
  const limited = { limits: { maxPixels: 1000 } };
  const square = sourceOf({ labels: [{ name: 'car' }] }, [
    {
      id: 'a',
      subset: 'default',
      annotations: [
        {
          type: 'mask',
          label: 0,
          attributes: {},
          mask: bitmapMask({ width: 100, height: 100, data: new Uint8Array(10000).fill(1, 0, 500) }),
        },
      ],
      attributes: {},
    },
  ]);
  await expect(kittiSegmentation.write!(square, memorySink(), limited)).rejects.toMatchObject({
    code: 'too-large',
  });
  const sink = memorySink();
  await kittiSegmentation.write!(square, sink);
  await sink.commit();
  const tree = memoryTree(sink.files, 'kitti');
  expect((await readAll(kittiSegmentation, tree)).size).toBe(1);
  const err = await readAll(kittiSegmentation, tree, limited).catch((e) => e);
  expect(err).toMatchObject({ code: 'too-large', message: expect.stringMatching(/limits\.maxPixels/) });
});

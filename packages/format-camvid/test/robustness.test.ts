// The mask PNGs are painted at the item's size and decoded at the file's: both under the caller's
// limits.maxPixels (the fuzzer runs at 2^22; a header of a few bytes may declare up to the default 2^28).
import { bitmapMask, memorySink, memoryTree, sourceOf } from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { camvid } from '../src/index.js';

const limited = { limits: { maxPixels: 1000 } };
const corner = new Uint8Array(100 * 100).fill(1, 0, 300);

const dataset = (shape: 'mask' | 'polygon') =>
  sourceOf({ labels: [{ name: 'Car' }] }, [
    {
      id: 'a',
      subset: 'train',
      media: { kind: 'image', path: 'a.png', width: 100, height: 100 },
      annotations: [
        shape === 'mask'
          ? {
              type: 'mask',
              label: 0,
              attributes: {},
              mask: bitmapMask({ width: 100, height: 100, data: corner }),
            }
          : { type: 'polygon', label: 0, attributes: {}, points: [1, 1, 60, 1, 60, 30] },
      ],
      attributes: {},
    },
  ]);

it('writes a 100x100 mask or polygon only under limits.maxPixels', async () => {
  for (const shape of ['mask', 'polygon'] as const) {
    const err = await camvid.write!(dataset(shape), memorySink(), limited).catch((e) => e);
    expect(err).toMatchObject({ code: 'too-large', message: expect.stringMatching(/limits\.maxPixels/) });
    await expect(camvid.write!(dataset(shape), memorySink())).resolves.toBeDefined();
  }
});

it('reads a 100x100 mask PNG only under limits.maxPixels', async () => {
  const sink = memorySink();
  await camvid.write!(dataset('mask'), sink);
  await sink.commit();
  const tree = memoryTree(sink.files, 'camvid');
  expect((await readAll(camvid, tree)).size).toBe(1);
  await expect(readAll(camvid, tree, limited)).rejects.toMatchObject({ code: 'too-large' });
});

// Regression tests from the fuzzer (tooling/fuzz): a frame declared large (a corrupted PNG header)
// was painted for over 10 s; the writer now holds it to options.limits.
import {
  bitmapMask,
  lazyMask,
  loadMask,
  type MaskAnnotation,
  memorySink,
  memoryTree,
  sourceOf,
} from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { motsPng, motsTxt } from '../src/index.js';

const source = (width: number, height: number) =>
  sourceOf({ labels: [{ name: 'car' }] }, [
    {
      id: '000001',
      subset: 'train',
      media: { kind: 'image', path: '000001.png', width, height },
      annotations: [
        {
          type: 'mask',
          label: 0,
          objectId: 1,
          attributes: {},
          mask: bitmapMask({ width, height, data: new Uint8Array(width * height).fill(1) }),
        },
      ],
      attributes: {},
    },
  ]);

it('a frame over options.limits.maxPixels is DatasetError too-large before it is painted', async () => {
  const options = { limits: { maxPixels: 2 ** 16 } } as object;
  await expect(motsPng.write!(source(512, 256), memorySink(), options)).rejects.toMatchObject({
    code: 'too-large',
  });
  await expect(motsPng.write!(source(256, 256), memorySink(), options)).resolves.toBeDefined();
});

// The readers decode each frame's PNG (mots_png) or RLE lines (mots_txt) at the size the file declares:
// under the caller's limits.maxPixels (the fuzzer runs at 2^22), not the default 2^28.
it.each([motsPng, motsTxt])('$id reads a 256x256 frame only under limits.maxPixels', async (format) => {
  const sink = memorySink();
  await format.write!(source(256, 256), sink);
  await sink.commit();
  const tree = memoryTree(sink.files, 'mots');
  const loadAll = async (options?: object) => {
    const ds = await readAll(format, tree, options);
    const masks = ds.subsets().flatMap((s) => ds.subset(s).flatMap((i) => i.annotations)) as MaskAnnotation[];
    return (await Promise.all(masks.map((m) => loadMask(m.mask)))).length;
  };
  expect(await loadAll()).toBe(1);
  await expect(loadAll({ limits: { maxPixels: 1000 } })).rejects.toMatchObject({ code: 'too-large' });
});

it('a mask larger than options.limits.maxPixels is refused before it is loaded', async () => {
  const small = sourceOf({ labels: [{ name: 'car' }] }, [
    {
      id: '000001',
      subset: 'train',
      media: { kind: 'image', path: '000001.png', width: 8, height: 6 },
      annotations: [
        {
          type: 'mask',
          label: 0,
          objectId: 1,
          attributes: {},
          mask: lazyMask(() => Promise.reject(new Error('loaded')), { width: 512, height: 256 }),
        },
      ],
      attributes: {},
    },
  ]);
  const options = { limits: { maxPixels: 2 ** 16 } } as object;
  await expect(motsPng.write!(small, memorySink(), options)).rejects.toMatchObject({ code: 'too-large' });
});

// Regression tests from the fuzzer (tooling/fuzz): a frame declared large (a corrupted PNG header)
// was painted for over 10 s; the writer now holds it to options.limits.
import { bitmapMask, memorySink, sourceOf } from '@labelport/core';
import { expect, it } from 'vitest';
import { motsPng } from '../src/index.js';

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

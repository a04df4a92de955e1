// A mask is traced to its outline at its own size: under the caller's limits.maxPixels (the fuzzer
// runs at 2^22), not the default 2^28, before it is loaded.
import { bitmapMask, memorySink, sourceOf } from '@labelport/core';
import { expect, it } from 'vitest';
import { yoloUltralytics } from '../src/index.js';

it('Ultralytics traces a 100x100 mask only under limits.maxPixels', async () => {
  const data = new Uint8Array(100 * 100);
  for (let y = 10; y < 20; y++) data.fill(1, y * 100 + 10, y * 100 + 30);
  const source = () =>
    sourceOf({ labels: [{ name: 'person' }] }, [
      {
        id: 'img1',
        subset: 'train',
        media: { kind: 'image', path: 'img1.jpg', width: 100, height: 100 },
        annotations: [
          { type: 'mask', label: 0, attributes: {}, mask: bitmapMask({ width: 100, height: 100, data }) },
        ],
        attributes: {},
      },
    ]);
  const err = await yoloUltralytics.write!(source(), memorySink(), { limits: { maxPixels: 1000 } }).catch(
    (e) => e,
  );
  expect(err).toMatchObject({ code: 'too-large', message: expect.stringMatching(/limits\.maxPixels/) });
  const report = await yoloUltralytics.write!(source(), memorySink());
  expect(report.converted).toEqual({ 'mask->polygon': 1 });
});

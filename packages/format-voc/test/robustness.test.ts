// The class and instance PNGs are painted at the item's size and decoded at the file's: both under the
// caller's limits.maxPixels (the fuzzer runs at 2^22; a header of a few bytes may declare up to the
// default 2^28, seconds of painting).
import {
  type Annotation,
  bitmapMask,
  Dataset,
  loadMask,
  type MaskAnnotation,
  memorySink,
  memoryTree,
} from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { voc, vocSegmentation } from '../src/index.js';

const limited = { limits: { maxPixels: 1000 } };
const top = new Uint8Array(100 * 100).fill(1, 0, 400);

// one shape of each kind a VOC mask is painted from, on an image of 100x100
const shapes: Record<'mask' | 'polygon' | 'bbox', Annotation> = {
  mask: { type: 'mask', label: 0, attributes: {}, mask: bitmapMask({ width: 100, height: 100, data: top }) },
  polygon: { type: 'polygon', label: 0, attributes: {}, points: [2, 2, 70, 2, 70, 50] },
  bbox: { type: 'bbox', label: 0, attributes: {}, x: 2, y: 2, w: 40, h: 30 },
};
const item = (shape: keyof typeof shapes) =>
  new Dataset({ labels: [{ name: 'cat' }] }, [
    {
      id: 'a',
      subset: 'train',
      media: { kind: 'image', width: 100, height: 100 },
      annotations: [shapes[shape]],
      attributes: {},
    },
  ]);

it('VOC segmentation paints a 100x100 mask, polygon or box only under limits.maxPixels', async () => {
  for (const shape of ['mask', 'polygon', 'bbox'] as const) {
    const err = await vocSegmentation.write!(item(shape), memorySink(), limited).catch((e) => e);
    expect(err).toMatchObject({ code: 'too-large', message: expect.stringMatching(/limits\.maxPixels/) });
    await expect(vocSegmentation.write!(item(shape), memorySink())).resolves.toBeDefined();
  }
});

it('VOC reads 100x100 mask PNGs only under limits.maxPixels', async () => {
  const sink = memorySink();
  await voc.write!(item('mask'), sink);
  await sink.commit();
  const tree = memoryTree(sink.files, 'voc');
  const [read] = (await readAll(voc, tree)).subset('train');
  const mask = read!.annotations.find((a): a is MaskAnnotation => a.type === 'mask');
  await expect(loadMask(mask!.mask)).resolves.toMatchObject({ width: 100, height: 100 });
  await expect(readAll(voc, tree, limited)).rejects.toMatchObject({ code: 'too-large' });
});

import { sourceOf } from '@labelport/core';
import { readAll, writeAndReadBack } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { cocoPanoptic } from '../src/index.js';

it('two masks of one image with the same id become two segments, pixels kept apart', async () => {
  const mask = (data: number[]) => ({
    kind: 'bitmap' as const,
    bitmap: { width: 2, height: 2, data: new Uint8Array(data) },
  });
  const source = sourceOf({ labels: [{ name: 'person' }, { name: 'car' }] }, [
    {
      id: 'a',
      subset: 'train',
      media: { kind: 'image', width: 2, height: 2 },
      attributes: {},
      annotations: [
        { type: 'mask', id: 1, label: 0, mask: mask([1, 1, 0, 0]), attributes: {} },
        { type: 'mask', id: 1, label: 1, mask: mask([0, 0, 1, 0]), attributes: {} },
      ],
    },
  ]);
  const { dataset } = await writeAndReadBack(cocoPanoptic, source);
  const masks = dataset.get('train', 'a')!.annotations;
  expect(masks).toHaveLength(2);
  const { loadMask } = await import('@labelport/core');
  const pixels = await Promise.all(
    masks.map(async (m) => (m.type === 'mask' ? [...(await loadMask(m.mask)).data] : [])),
  );
  expect(pixels.sort()).toEqual([
    [0, 0, 1, 0],
    [1, 1, 0, 0],
  ]);
  expect(new Set(masks.map((m) => m.id)).size).toBe(2);
  void readAll;
});

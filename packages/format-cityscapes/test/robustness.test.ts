// The label, instance and colour PNGs are painted at the item's size and decoded at the file's: both
// under the caller's limits.maxPixels (the fuzzer runs at 2^22), not the default 2^28, which a PNG
// header of a few bytes can reach.
import { type Annotation, memorySink, memoryTree, rleMask, sourceOf } from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { cityscapes } from '../src/index.js';

const limited = { limits: { maxPixels: 1000 } };
const shapes: Annotation[] = [
  // a car mask down the first column of 100x100, and a road polygon
  {
    type: 'mask',
    label: 1,
    id: 4,
    attributes: {},
    mask: rleMask({ size: [100, 100], counts: [0, 100, 9900] }),
  },
  { type: 'polygon', label: 0, attributes: {}, points: [10, 60, 90, 60, 90, 99, 10, 99] },
];
const oneImage = (annotations: Annotation[]) =>
  sourceOf({ labels: [{ name: 'road' }, { name: 'car' }] }, [
    {
      id: 'c_000000_000001',
      subset: 'val',
      media: { kind: 'image', width: 100, height: 100 },
      annotations,
      attributes: {},
    },
  ]);

it('writes a 100x100 mask or polygon only under limits.maxPixels', async () => {
  for (const a of shapes) {
    const err = await cityscapes.write!(oneImage([a]), memorySink(), limited).catch((e) => e);
    expect(err).toMatchObject({ code: 'too-large', message: expect.stringMatching(/limits\.maxPixels/) });
  }
  await expect(cityscapes.write!(oneImage(shapes), memorySink())).resolves.toBeDefined();
});

it('reads 100x100 id PNGs only under limits.maxPixels', async () => {
  const sink = memorySink();
  await cityscapes.write!(oneImage(shapes), sink);
  await sink.commit();
  const tree = memoryTree(sink.files, 'cityscapes');
  expect((await readAll(cityscapes, tree)).size).toBe(1);
  await expect(readAll(cityscapes, tree, limited)).rejects.toMatchObject({ code: 'too-large' });
});

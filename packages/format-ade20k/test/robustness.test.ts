// Regression tests from the fuzzer (tooling/fuzz): a part level of 1e9 (from the file, or a zOrder
// handed to the writer) looped a billion times.
import { isDatasetError, memorySink, memoryTree, sourceOf } from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { ade20k2017 } from '../src/index.js';

it('writing a polygon with zOrder 1e9 takes one level, not a billion', async () => {
  const source = sourceOf({ labels: [{ name: 'wall' }] }, [
    {
      id: 'a',
      subset: 'training',
      media: { kind: 'image', path: 'a.jpg', width: 8, height: 6 },
      annotations: [
        { type: 'polygon', label: 0, zOrder: 1e9, attributes: {}, points: [1, 1, 5, 1, 5, 4] },
        {
          type: 'polygon',
          label: 0,
          zOrder: Number.POSITIVE_INFINITY,
          attributes: {},
          points: [1, 1, 5, 1, 5, 4],
        },
      ],
      attributes: {},
    },
  ]);
  const t0 = performance.now();
  const sink = memorySink();
  await ade20k2017.write!(source, sink).catch((e) => {
    if (!isDatasetError(e)) throw e;
  });
  expect(performance.now() - t0).toBeLessThan(5000);
});

it('reading an object of part level 1000000000 does not loop to it', async () => {
  const atr = '001 # 0 # 0 # wall # wall # ""\n002 # 0 # 1000000000 # door # door # ""\n';
  const tree = memoryTree({
    'images/training/a/a.jpg': new Uint8Array([1]),
    'images/training/a/a_atr.txt': atr,
  });
  const t0 = performance.now();
  await readAll(ade20k2017, tree, { lenient: true }).catch((e) => {
    if (!isDatasetError(e)) throw e;
  });
  expect(performance.now() - t0).toBeLessThan(5000);
});

// Regression tests from the fuzzer (tooling/fuzz): a label map nested 20,000 deep overflowed the stack.
import {
  type Annotation,
  loadMask,
  type MaskAnnotation,
  memorySink,
  memoryTree,
  sourceOf,
} from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { tfDetectionApi } from '../src/index.js';
import { parseLabelMap } from '../src/lib/label-map-pbtxt.js';

it('a label_map.pbtxt nested deeper than limits.maxDepth is DatasetError too-large, not a RangeError', () => {
  const n = 20_000;
  const text = `item { id: 1 name: "a" x ${'{ y '.repeat(n)}${'}'.repeat(n)} }\n`;
  expect(() => parseLabelMap(text, 'label_map.pbtxt')).toThrow(
    expect.objectContaining({
      code: 'too-large',
      message: expect.stringMatching(/^label_map\.pbtxt: line 1: nested/),
    }),
  );
  const lists = `item { id: 1 name: "a" x: ${'['.repeat(n)}${']'.repeat(n)} }\n`;
  expect(() => parseLabelMap(lists, 'label_map.pbtxt')).toThrow(
    expect.objectContaining({ code: 'too-large' }),
  );
  expect(parseLabelMap('item { id: 1 name: "a" x { y { z: 1 } } }', 'l')).toEqual([{ id: 1, name: 'a' }]);
});

// Object masks are merged at the image's size (written) and decoded from their PNGs (read): both under
// the caller's limits.maxPixels (the fuzzer runs at 2^22), not the default 2^28.
it('writes and reads the mask of a 100x100 image only under limits.maxPixels', async () => {
  const limited = { limits: { maxPixels: 1000 } };
  const polygon: Annotation = { type: 'polygon', label: 0, attributes: {}, points: [5, 5, 60, 5, 60, 40] };
  const dataset = sourceOf({ labels: [{ name: 'dog' }] }, [
    {
      id: 'a',
      subset: 'train',
      media: { kind: 'image', path: 'a.jpg', width: 100, height: 100 },
      annotations: [polygon],
      attributes: {},
    },
  ]);
  await expect(tfDetectionApi.write!(dataset, memorySink(), limited)).rejects.toMatchObject({
    code: 'too-large',
  });
  const sink = memorySink();
  await tfDetectionApi.write!(dataset, sink);
  await sink.commit();
  const firstMask = async (options?: object) => {
    const ds = await readAll(tfDetectionApi, memoryTree(sink.files, 'tf'), options);
    const [item] = ds.subset('train');
    return loadMask(item!.annotations.find((a): a is MaskAnnotation => a.type === 'mask')!.mask);
  };
  await expect(firstMask()).resolves.toMatchObject({ width: 100, height: 100 });
  await expect(firstMask(limited)).rejects.toMatchObject({ code: 'too-large' });
});

// Regression tests from the fuzzing (issue 12): JSON nested 200,000 deep overflowed the stack
// on reading and on writing back; it is a one-line DatasetError naming the file.
import { isDatasetError, lazyMask, loadMask, memorySink, memoryTree, sourceOf } from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { datumaro } from '../src/index.js';

it.each([
  ['an item attribute', (deep: string) => `{"items":[{"id":"a","annotations":[],"attr":{"x":${deep}}}]}`],
  ['the categories', (deep: string) => `{"categories":{"label":{"labels":${deep}}},"items":[]}`],
  [
    'an annotation',
    (deep: string) => `{"items":[{"id":"a","annotations":[{"type":"bbox","bbox":${deep}}]}]}`,
  ],
])('JSON nested 200,000 deep in %s is a one-line DatasetError', async (_what, make) => {
  const n = 200_000;
  const tree = memoryTree({ 'annotations/default.json': make('['.repeat(n) + ']'.repeat(n)) });
  const err = await readAll(datumaro, tree).catch((e) => e);
  expect(isDatasetError(err), String(err)).toBe(true);
  expect(err.message).toMatch(/^annotations\/default\.json: /);
  expect(err.message).not.toContain('\n');
});

// An RLE is decoded at the size its file declares, and a mask loaded at its own to be encoded: both
// under the caller's limits.maxPixels (the fuzzer runs at 2^22), not the default 2^28.
it('reads and writes a 100x100 mask only under limits.maxPixels', async () => {
  const limited = { limits: { maxPixels: 1000 } };
  const rle = '{"size":[100,100],"counts":[0,300,9700]}';
  const tree = memoryTree({
    'annotations/default.json': `{"categories":{"label":{"labels":[{"name":"a"}]}},"items":[{"id":"x","annotations":[{"type":"mask","label_id":0,"rle":${rle}}]}]}`,
  });
  const masks = async (options?: object) => {
    const [item] = (await readAll(datumaro, tree, options)).subset('default');
    return Promise.all(item!.annotations.map((a) => (a.type === 'mask' ? loadMask(a.mask) : undefined)));
  };
  expect((await masks())[0]).toMatchObject({ width: 100, height: 100 });
  await expect(masks(limited)).rejects.toMatchObject({
    code: 'too-large',
    message: expect.stringMatching(/^annotations\/default\.json: items\[0\]\.annotations\[0\]\.rle: /),
  });
  const mask = lazyMask(async () => ({ width: 100, height: 100, data: new Uint8Array(10000) }), {
    width: 100,
    height: 100,
  });
  const source = sourceOf({ labels: [{ name: 'a' }] }, [
    {
      id: 'x',
      subset: 'default',
      annotations: [{ type: 'mask', label: 0, attributes: {}, mask }],
      attributes: {},
    },
  ]);
  await expect(datumaro.write!(source, memorySink(), limited)).rejects.toMatchObject({ code: 'too-large' });
  await expect(datumaro.write!(source, memorySink())).resolves.toBeDefined();
});

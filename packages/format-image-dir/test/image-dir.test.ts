import { memoryTree, sourceOf } from '@labelport/core';
import { encodePng } from '@labelport/core/png';
import { describeFormat, writeAndReadBack } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { imageDir } from '../src/index.js';

const png = (w: number, h: number) =>
  encodePng({ width: w, height: h, colorType: 'gray', data: new Uint8Array(w * h) });
// A JPEG header: SOI, then SOF0 with height 7 and width 9.
const jpeg = new Uint8Array([
  0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x07, 0x00, 0x09, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
]);

describeFormat(imageDir, {
  fixtures: [
    {
      name: 'nested images, sizes from headers',
      tree: memoryTree({ 'a.png': png(3, 2), 'sub/b.jpg': jpeg }),
      expect: { items: 2, subsets: { default: 2 }, annotations: {} },
      check(ds) {
        expect(ds.get('default', 'a')!.media).toMatchObject({
          kind: 'image',
          path: 'a.png',
          width: 3,
          height: 2,
        });
        expect(ds.get('default', 'sub/b')!.media).toMatchObject({ path: 'sub/b.jpg', width: 9, height: 7 });
      },
    },
  ],
});

it('is only a weak guess beside annotation files', async () => {
  const { createRegistry } = await import('@labelport/core');
  const alone = await createRegistry([imageDir]).detect(memoryTree({ 'a.png': png(1, 1) }));
  const beside = await createRegistry([imageDir]).detect(
    memoryTree({ 'a.png': png(1, 1), 'labels.json': '{}' }),
  );
  expect(alone.matches[0]!.confidence).toBeGreaterThan(beside.matches[0]!.confidence);
  const none = await createRegistry([imageDir]).detect(memoryTree({ 'a.txt': '' }));
  expect(none.matches).toEqual([]);
});

it('writes images under their ids, and reports annotations and missing media as dropped', async () => {
  const bytes = png(2, 2);
  const { dataset, report, tree } = await writeAndReadBack(
    imageDir,
    sourceOf({ labels: [] }, [
      {
        id: 'x/y',
        subset: 'default',
        media: { kind: 'image', path: 'q.png', bytes: async () => bytes },
        annotations: [{ type: 'label', attributes: {} }],
        attributes: {},
      },
      { id: 'z', subset: 'default', annotations: [], attributes: {} },
    ]),
  );
  expect((await tree.list()).map((e) => e.path)).toEqual(['x/y.png']);
  expect(report.dropped).toEqual({ label: 1, media: 1 });
  expect(dataset.get('default', 'x/y')!.media).toMatchObject({ width: 2, height: 2 });
});

it('an id in two subsets is written once, the second counted as a lost item with its reason', async () => {
  const bytes = png(1, 1);
  const item = (subset: string) => ({
    id: 'a',
    subset,
    media: { kind: 'image' as const, path: 'a.png', bytes: async () => bytes },
    annotations: [],
    attributes: {},
  });
  const { dataset, report, tree } = await writeAndReadBack(
    imageDir,
    sourceOf({ labels: [] }, [item('train'), item('val')]),
  );
  expect((await tree.list()).map((e) => e.path)).toEqual(['a.png']);
  expect(report.dropped).toEqual({ item: 1 });
  expect(report.warnings).toEqual([expect.stringMatching(/'a\.png' would be written twice/)]);
  expect(dataset.size).toBe(1);
});

it('reads on the item loop: progress counted, abort honoured', async () => {
  const tree = memoryTree({ 'a.png': png(1, 1), 'b.png': png(1, 1) });
  const progress: number[] = [];
  const source = await imageDir.read!(tree, { onProgress: (done) => progress.push(done) });
  for await (const _ of source.items());
  expect(progress).toEqual([1, 2]);
  const controller = new AbortController();
  controller.abort();
  const aborted = await imageDir.read!(tree, { signal: controller.signal });
  await expect(async () => {
    for await (const _ of aborted.items());
  }).rejects.toMatchObject({ code: 'aborted' });
});

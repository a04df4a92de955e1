// An item id is one label file per subset: a repeat in a subset is refused, the same id in two subsets is not.
import { memorySink, sourceOf } from '@labelport/core';
import { expect, it } from 'vitest';
import { yolo, yoloUltralytics } from '../src/index.js';

const item = (id: string, subset: string) => ({
  id,
  subset,
  media: { kind: 'image' as const, path: `${id}.jpg`, width: 10, height: 10 },
  annotations: [],
  attributes: {},
});

for (const format of [yolo, yoloUltralytics]) {
  it(`${format.id}: an id repeated in a subset is a duplicate-item error; in another subset it is not`, async () => {
    const labels = { labels: [{ name: 'a' }] };
    const twice = sourceOf(labels, [item('x', 'train'), item('y', 'train'), item('x', 'train')]);
    await expect(format.write!(twice, memorySink())).rejects.toMatchObject({
      code: 'duplicate-item',
      message: "item 'x' appears twice in subset 'train'",
    });
    const apart = sourceOf(labels, [item('x', 'train'), item('x', 'val')]);
    expect((await format.write!(apart, memorySink())).items).toBe(2);
  });
}

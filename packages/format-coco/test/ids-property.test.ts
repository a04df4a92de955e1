// Random datasets with ids from 0, repeated across subsets and within them: every object written is
// one COCO annotation, ids unique per file, and a COCO -> COCO round trip keeps every object.
import { type Annotation, convert, type DatasetItem, memorySink, sourceOf } from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { cocoInstances } from '../src/index.js';

function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A dataset of objects (a box, and often a polygon, sharing a group) with small, repeating ids. */
function randomDataset(seed: number) {
  const rnd = seeded(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const items: DatasetItem[] = [];
  let objects = 0;
  for (const subset of ['train', 'val']) {
    const n = 1 + int(5);
    for (let i = 0; i < n; i++) {
      const annotations: Annotation[] = [];
      const k = int(6);
      for (let o = 0; o < k; o++) {
        const id = rnd() < 0.2 ? undefined : int(4); // ids from 0, often repeated, sometimes none
        const group = rnd() < 0.15 ? undefined : o; // an object of one shape may have no group
        const label = int(3);
        const x = int(10);
        annotations.push({ type: 'bbox', x, y: 1, w: 2, h: 2, id, group, label, attributes: {} });
        if (group !== undefined && rnd() < 0.6)
          annotations.push({
            type: 'polygon',
            points: [x, 1, x + 2, 1, x + 2, 3],
            id,
            group,
            label,
            attributes: {},
          });
        objects++;
      }
      items.push({
        id: `img${i}`,
        subset,
        media: { kind: 'image', path: `img${i}.jpg`, width: 20, height: 10 },
        annotations,
        attributes: { id: int(3) }, // image ids from 0, repeated
      });
    }
  }
  const labels = ['a', 'b', 'c'].map((name, id) => ({ name, id }));
  return { source: () => sourceOf({ labels }, items), objects };
}

const decode = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b));

describe('COCO ids, property', () => {
  for (let seed = 1; seed <= 40; seed++) {
    it(`random dataset ${seed}: one annotation per object, unique ids per file, kept through a round trip`, async () => {
      const { source, objects } = randomDataset(seed);
      const sink = memorySink();
      await convert(source(), cocoInstances, sink);
      let written = 0;
      for (const [path, bytes] of sink.files) {
        if (!path.endsWith('.json')) continue;
        const file = decode(bytes);
        written += file.annotations.length;
        const ids = file.annotations.map((a: { id: number }) => a.id);
        expect(new Set(ids).size, path).toBe(ids.length);
        const imageIds = file.images.map((i: { id: number }) => i.id);
        expect(new Set(imageIds).size, path).toBe(imageIds.length);
        expect(file.categories.map((c: { id: number }) => c.id)).toEqual([0, 1, 2]);
      }
      expect(written).toBe(objects);
      // and back: COCO -> COCO keeps them all, with the same ids
      const again = memorySink();
      await convert(await readAll(cocoInstances, sink.tree()), cocoInstances, again);
      for (const [path, bytes] of sink.files)
        expect(decode(again.files.get(path)!), path).toEqual(decode(bytes));
    });
  }
});

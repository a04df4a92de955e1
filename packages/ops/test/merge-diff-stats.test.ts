import { sourceOf } from '@labelport/core';
import { describe, expect, it } from 'vitest';
import { datasetStats, diff, merge, mergeCategories, statsHtml } from '../src/index.js';
import { box, collect, item, mask, polygon, smallSource } from './fixtures.js';

describe('merge', () => {
  const second = (size = 10) =>
    sourceOf({ labels: [{ name: 'person' }, { name: 'cat' }, { name: 'bird' }] }, [
      item('a', [box(1, 1, 1, 2, 2), box(2, 5, 5, 1, 1, { id: 7 })], {
        media: { kind: 'image', width: size, height: size },
      }),
      item('z', [box(0, 0, 0, 3, 3)]),
    ]);

  it('labels by name, indices remapped; equal annotations once', async () => {
    const r = merge([smallSource(), second()], { onConflict: 'union' });
    expect(r.source.categories.labels.map((l) => l.name)).toEqual(['cat', 'dog', 'person', 'bird']);
    const items = await collect(r.source);
    expect(items.map((i) => i.id)).toEqual(['b', 'c', 'a', 'z']);
    const a = items.find((i) => i.id === 'a')!;
    // cat box (the same in both: kept once), dog polygon id 7, bird box id 7 (another shape: a conflict).
    expect(a.annotations.map((x) => [x.type, x.label, x.id])).toEqual([
      ['bbox', 0, undefined],
      ['polygon', 1, 7],
      ['bbox', 3, 7],
    ]);
    expect(items.find((i) => i.id === 'z')!.annotations[0].label).toBe(2);
    expect(r.conflicts).toEqual([
      expect.objectContaining({ subset: 'train', id: 'a', kind: 'annotation', inputs: [0, 1] }),
    ]);
    expect(r.report).toMatchObject({ itemsIn: 5, itemsOut: 4, annotationsRemoved: 1 });
  });

  it('a label keeps its format id unless an earlier label has it', () => {
    const { categories, indexMaps } = mergeCategories([
      {
        labels: [
          { name: 'cat', id: 1 },
          { name: 'dog', id: 2 },
        ],
      },
      {
        labels: [
          { name: 'person', id: 1 },
          { name: 'cat', id: 2 },
          { name: 'car', id: 3 },
        ],
      },
    ]);
    expect(categories.labels).toEqual([
      { name: 'cat', id: 1 },
      { name: 'dog', id: 2 },
      { name: 'person' },
      { name: 'car', id: 3 },
    ]);
    expect([...indexMaps[1]]).toEqual([2, 0, 3]);
  });

  it('first keeps the first input on conflict; error fails', async () => {
    const first = merge([smallSource(), second(20)], { onConflict: 'first' });
    const a = (await collect(first.source)).find((i) => i.id === 'a')!;
    expect(a.annotations).toHaveLength(2);
    expect(a.media?.width).toBe(10);
    expect(first.conflicts.map((c) => c.kind).sort()).toEqual(['annotation', 'media-size']);
    await expect(collect(merge([smallSource(), second(20)]).source)).rejects.toThrow(
      /media size 10x10 and 20x20/,
    );
  });
});

describe('diff', () => {
  it('matches masks and polygons by IoU', async () => {
    const a = sourceOf({ labels: [{ name: 'x' }] }, [
      item('i', [mask(0, 0, 0, 4, 4), polygon(0, [5, 5, 9, 5, 9, 9, 5, 9])]),
    ]);
    const same = sourceOf({ labels: [{ name: 'x' }] }, [
      item('i', [polygon(0, [0, 0, 4, 0, 4, 4, 0, 4]), mask(0, 5, 5, 4, 4)]),
    ]);
    const r = await diff(a, same);
    expect(r).toMatchObject({ equal: false, annotations: { matched: 2, changed: 2, added: 0, removed: 0 } });
    const shifted = sourceOf({ labels: [{ name: 'x' }] }, [
      item('i', [mask(0, 1, 0, 4, 4), polygon(0, [5, 5, 9, 5, 9, 9, 5, 9])]),
    ]);
    const r2 = await diff(a, shifted, { iou: 0.5 });
    expect(r2.annotations).toEqual({ matched: 2, changed: 1, added: 0, removed: 0 });
    const r3 = await diff(a, shifted, { iou: 0.9 });
    expect(r3.annotations).toEqual({ matched: 1, changed: 0, added: 1, removed: 1 });
  });

  it('labels compare by name, not index', async () => {
    const a = sourceOf({ labels: [{ name: 'p' }, { name: 'q' }] }, [item('i', [box(1, 0, 0, 2, 2)])]);
    const b = sourceOf({ labels: [{ name: 'q' }, { name: 'p' }] }, [item('i', [box(0, 0, 0, 2, 2)])]);
    expect((await diff(a, b)).equal).toBe(true);
    const c = sourceOf({ labels: [{ name: 'p' }, { name: 'q' }] }, [item('i', [box(0, 0, 0, 2, 2)])]);
    expect((await diff(a, c)).annotations).toEqual({ matched: 0, changed: 0, added: 1, removed: 1 });
  });
});

describe('stats', () => {
  it('labels by type, areas, objects per item, attribute values', async () => {
    const s = await datasetStats(smallSource());
    expect(s.labels).toEqual({ cat: { bbox: 1 }, dog: { polygon: 1, label: 1 }, person: { bbox: 1 } });
    expect(s.unusedLabels).toEqual([]);
    expect(s.itemsWithoutAnnotations).toBe(1);
    expect(s.areas.bbox).toMatchObject({ count: 2, min: 4, max: 25 });
    expect(s.areas.polygon).toMatchObject({ count: 1, median: 8 });
    expect(s.objectsPerItem).toMatchObject({ min: 0, max: 2, median: 2 });
    expect(s.attributes).toEqual({ score: { '0.9': 1 }, occluded: { true: 1 } });
    expect(s.itemAttributes).toEqual({ weather: { rain: 1 } });
    const page = statsHtml({
      title: 'x <y>',
      items: 3,
      subsets: { train: 2, val: 1 },
      annotations: { bbox: 2 },
      mediaWithSize: 3,
      mediaMissing: 3,
      ...s,
    });
    expect(page).toMatch(/<svg/);
    expect(page).toMatch(/x &lt;y&gt;/);
  });
});

import { type DatasetItem, sourceOf } from '@labelport/core';
import { describe, expect, it } from 'vitest';
import { seededRandom, split } from '../src/index.js';
import { box, collect, item } from './fixtures.js';

/** Items with 1-3 labels out of 12, label frequencies falling off like Zipf's law. */
function zipfItems(n: number, seed: number): DatasetItem[] {
  const random = seededRandom(seed);
  const pick = () => Math.max(0, Math.min(11, Math.floor(1 / (random() + 0.08)) - 1));
  return Array.from({ length: n }, (_, i) => {
    const k = 1 + Math.floor(random() * 3);
    return item(
      `i${i}`,
      Array.from({ length: k }, () => box(pick(), 0, 0, 5, 5)),
      { subset: 'default' },
    );
  });
}

const labels = { labels: Array.from({ length: 12 }, (_, i) => ({ name: `l${i}` })) };

describe('split', () => {
  for (const seed of [1, 2, 3]) {
    it(`item counts exact, labels with >= 20 items within 5% (seed ${seed})`, async () => {
      const items = zipfItems(997, seed);
      const shares = { train: 0.7, val: 0.2, test: 0.1 } as Record<string, number>;
      const r = split(sourceOf(labels, items), { subsets: Object.entries(shares), seed });
      const out = await collect(r.source);
      const counts: Record<string, number> = {};
      for (const it of out) counts[it.subset] = (counts[it.subset] ?? 0) + 1;
      for (const [s, p] of Object.entries(shares))
        expect(Math.abs(counts[s] - p * 997)).toBeLessThanOrEqual(1);
      expect(r.summary.subsets).toEqual(counts);
      let checked = 0;
      for (const [name, per] of Object.entries(r.summary.labels)) {
        const total = Object.values(per).reduce((a, b) => a + b, 0);
        if (total < 20) continue;
        checked++;
        for (const [s, n] of Object.entries(per))
          expect(Math.abs(n / total - shares[s]), `${name} in ${s}`).toBeLessThanOrEqual(0.05);
      }
      expect(checked).toBeGreaterThan(5);
    });
  }

  it('is deterministic for a seed, and differs between seeds', async () => {
    const src = sourceOf(labels, zipfItems(300, 9));
    const run = async (seed: number) =>
      (
        await collect(
          split(src, {
            subsets: [
              ['a', 0.5],
              ['b', 0.5],
            ],
            seed,
          }).source,
        )
      )
        .map((i) => i.subset)
        .join();
    expect(await run(4)).toBe(await run(4));
    expect(await run(4)).not.toBe(await run(5));
  });

  it('never splits a video sequence', async () => {
    const items: DatasetItem[] = [];
    for (let s = 0; s < 10; s++)
      for (let f = 0; f < 7; f++)
        items.push(item(`seq${s}/f${f}`, [box(s % 2, 0, 0, 1, 1, { objectId: 1 })], { subset: `video${s}` }));
    const src = sourceOf({ labels: [{ name: 'a' }, { name: 'b' }] }, items);
    const out = await collect(
      split(src, {
        subsets: [
          ['train', 0.8],
          ['test', 0.2],
        ],
        seed: 1,
      }).source,
    );
    const where = new Map<string, Set<string>>();
    for (const [i, it] of out.entries()) {
      const seq = items[i].subset;
      where.set(seq, (where.get(seq) ?? new Set()).add(it.subset));
    }
    for (const subsets of where.values()) expect(subsets.size).toBe(1);
    expect(out.filter((i) => i.subset === 'train')).toHaveLength(56);
  });

  it('refuses ids that could meet in one new subset', async () => {
    const src = sourceOf({ labels: [] }, [item('x', []), item('x', [], { subset: 'val' })]);
    await expect(collect(split(src, { subsets: [['a', 1]] }).source)).rejects.toThrow(
      /occur in several subsets/,
    );
  });
});

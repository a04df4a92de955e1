import { describe, expect, it } from 'vitest';
import { mapConcurrent, mapSettled } from '../../src/files/concurrent.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('mapConcurrent', () => {
  it('keeps the order of the source while calls finish out of order, never more than `limit` at once', async () => {
    let running = 0;
    let most = 0;
    const out = await collect(
      mapConcurrent([5, 1, 4, 0, 3, 2, 1, 0], 3, async (ms, i) => {
        running++;
        most = Math.max(most, running);
        await sleep(ms * 3);
        running--;
        return `${i}:${ms}`;
      }),
    );
    expect(out).toEqual(['0:5', '1:1', '2:4', '3:0', '4:3', '5:2', '6:1', '7:0']);
    expect(most).toBe(3);
  });

  it('takes an async source and reads it no further ahead than the limit', async () => {
    let pulled = 0;
    async function* source() {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield i;
      }
    }
    const out: number[] = [];
    for await (const x of mapConcurrent(source(), 4, (i) => i * 2)) {
      out.push(x);
      if (out.length === 3) break;
    }
    expect(out).toEqual([0, 2, 4]);
    expect(pulled).toBeLessThanOrEqual(7);
  });

  it('throws a failure where its result would have come, after the results before it', async () => {
    const seen: number[] = [];
    const run = async () => {
      for await (const x of mapConcurrent([1, 2, 3, 4], 2, async (i) => {
        if (i === 3) throw new Error('three');
        await sleep(5);
        return i;
      }))
        seen.push(x);
    };
    await expect(run()).rejects.toThrow('three');
    expect(seen).toEqual([1, 2]);
  });
});

describe('mapSettled', () => {
  it('hands out each failure in its place and goes on', async () => {
    const out = await collect(
      mapSettled([1, 2, 3], 2, async (i) => {
        if (i === 2) throw new Error('two');
        return i * 10;
      }),
    );
    expect(out.map((r) => ('error' in r ? `${r.input}: ${(r.error as Error).message}` : r.value))).toEqual([
      10,
      '2: two',
      30,
    ]);
  });
});

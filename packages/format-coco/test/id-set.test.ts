import { describe, expect, it } from 'vitest';
import { IdSet } from '../src/lib/coco-id-set.js';

describe('IdSet', () => {
  it('holds small ids as bits and large ones (past 2^27, up to 2^53) in a Set', () => {
    const s = new IdSet();
    const ids = [0, 1, 7, 8, 1023 * 8, 5_000_000, 2 ** 27 - 1, 2 ** 27, 904600516168, 2 ** 53 - 1];
    for (const id of ids) expect(s.add(id)).toBe(true);
    for (const id of ids) expect(s.add(id)).toBe(false);
    for (const id of ids) expect(s.has(id)).toBe(true);
    for (const id of [2, 9, 5_000_001, 2 ** 27 + 1, 904600516169]) expect(s.has(id)).toBe(false);
    expect(s.size).toBe(ids.length);
  });
});

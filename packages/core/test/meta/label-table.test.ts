import { describe, expect, it } from 'vitest';
import { LabelTable } from '../../src/meta/index.js';

describe('LabelTable', () => {
  it('interns names in order of first use after the seeds, from 0', () => {
    const t = new LabelTable(['cat', 'dog']);
    expect(t.get('dog')).toBe(1);
    expect(t.get('bird')).toBe(2);
    expect(t.get('cat')).toBe(0);
    expect(t.find('fish')).toBeUndefined();
    expect(t.labels.map((l) => l.name)).toEqual(['cat', 'dog', 'bird']);
    expect(t.size).toBe(3);
  });
  it('keeps seeded categories whole and a repeated name once', () => {
    const t = new LabelTable([{ name: 'a', parent: 'p' }, { name: 'b', id: 0 }, { name: 'a' }]);
    expect(t.labels).toEqual([{ name: 'a', parent: 'p' }, { name: 'b', id: 0 }]);
    expect(t.get('b')).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { Dataset, sourceOf, validateDataset } from '../../src/index.js';

describe('Dataset', () => {
  it('puts, gets, removes, and keeps subsets in order', async () => {
    const ds = new Dataset();
    ds.put({ id: 'a', subset: 'train', annotations: [], attributes: {} });
    ds.put({ id: 'b', subset: 'val', annotations: [], attributes: {} });
    ds.put({ id: 'a', subset: 'train', annotations: [{ type: 'label', attributes: {} }], attributes: {} });
    expect(ds.size).toBe(2);
    expect(ds.subsets()).toEqual(['train', 'val']);
    expect(ds.get('train', 'a')!.annotations).toHaveLength(1);
    expect(ds.remove('val', 'b')).toBe(true);
    expect(ds.subsets()).toEqual(['train']);
    const copy = await Dataset.from(ds);
    expect([...copy].map((i) => i.id)).toEqual(['a']);
    expect(ds.filter((i) => i.id === 'x').size).toBe(0);
  });
});

describe('validateDataset', () => {
  it('finds labels out of range, empty and outside shapes, duplicate ids and wrong mask sizes', async () => {
    const res = await validateDataset(
      sourceOf({ labels: [{ name: 'a' }] }, [
        {
          id: 'x',
          subset: 's',
          media: { kind: 'image', width: 10, height: 10 },
          attributes: {},
          annotations: [
            { type: 'bbox', id: 1, label: 2, x: 0, y: 0, w: 1, h: 1, attributes: {} },
            { type: 'bbox', id: 1, label: 0, x: 8, y: 8, w: 5, h: 1, attributes: {} },
            { type: 'polygon', points: [0, 0, 1, 1], attributes: {} },
            { type: 'mask', mask: { kind: 'rle', rle: { size: [2, 2], counts: [4] } }, attributes: {} },
          ],
        },
        { id: 'x', subset: 's', attributes: {}, annotations: [] },
      ]),
    );
    expect(res.issues.map((i) => `${i.code}@${i.annotation ?? '-'}`)).toEqual([
      'label-out-of-range@0',
      'duplicate-annotation-id@1',
      'outside-image@1',
      'empty-shape@2',
      'mask-size@3',
      'duplicate-item@-',
    ]);
    expect(res.errors).toBe(4);
    expect(res.warnings).toBe(2);
  });
});

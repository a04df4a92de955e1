import { Dataset, memorySink } from '@labelport/core';
import { writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { datumaro } from '../src/index.js';

const box = (id: number, group?: number) => ({
  type: 'bbox' as const,
  x: id,
  y: 0,
  w: 1,
  h: 1,
  id,
  label: 0,
  ...(group !== undefined ? { group } : {}),
  attributes: {},
});

describe('datumaro ids and groups', () => {
  const ds = new Dataset({ labels: [{ name: 'a' }] }, [
    { id: 'x', subset: 'default', attributes: {}, annotations: [box(0, 0), box(1, 0), box(2, 3), box(3)] },
  ]);

  it('writes group 0 onto a free number >= 1 (Datumaro reads 0 as none) and keeps groups >= 1', async () => {
    const sink = memorySink();
    await datumaro.write!(ds, sink);
    await sink.commit();
    const doc = JSON.parse(new TextDecoder().decode(sink.files.get('annotations/default.json')!));
    expect(doc.items[0].annotations.map((a: { group: number }) => a.group)).toEqual([4, 4, 3, 0]);
    expect(doc.items[0].annotations.map((a: { id: number }) => a.id)).toEqual([0, 1, 2, 3]);
  });

  it('reads id 0 back as id 0, the shapes of group 0 still together', async () => {
    const { dataset } = await writeAndReadBack(datumaro, ds);
    const anns = dataset.get('default', 'x')!.annotations;
    expect(anns.map((a) => a.id)).toEqual([0, 1, 2, 3]);
    expect(anns[0]!.group).toBe(anns[1]!.group);
    expect(anns[0]!.group).not.toBe(anns[2]!.group);
    expect(anns[3]!.group).toBeUndefined();
  });
});

import { sourceOf } from '@labelport/core';
import { describe, expect, it } from 'vitest';
import { compileExpression, filter } from '../src/index.js';
import { box, collect, item, mask, polygon, smallSource } from './fixtures.js';

const ids = async (expression: string, mode?: 'items' | 'annotations' | 'items+annotations') =>
  (await collect(filter(smallSource(), { expression, mode }).source)).map(
    (i) => `${i.id}:${i.annotations.length}`,
  );

describe('filter', () => {
  it('item fields', async () => {
    expect(await ids("subset == 'val'")).toEqual(['c:0']);
    expect(await ids('annotations >= 2 and width == 10')).toEqual(['a:2', 'b:2']);
    expect(await ids("startswith(id, 'b') or weather == 'rain'")).toEqual(['b:2', 'c:0']);
  });

  it('annotation fields: some annotation of the item, in items mode', async () => {
    expect(await ids("label == 'dog' and type == 'polygon'")).toEqual(['a:2']);
    expect(await ids('area >= 8 and area < 10')).toEqual(['a:2']);
    expect(await ids('score > 0.5 and attributes.occluded')).toEqual(['b:2']);
    expect(await ids("label in ['cat', 'person'] and w * h > 20")).toEqual(['b:2']);
  });

  it("not binds as Python's: not a == b is not (a == b)", async () => {
    expect(await ids("not label == 'dog'", 'annotations')).toEqual(['a:1', 'b:1', 'c:0']);
    expect(await ids("not subset == 'train'")).toEqual(['c:0']);
  });

  it('annotations and items+annotations modes', async () => {
    const r = filter(smallSource(), { expression: "type == 'bbox'", mode: 'items+annotations' });
    expect((await collect(r.source)).map((i) => `${i.id}:${i.annotations.length}`)).toEqual(['a:1', 'b:1']);
    expect(r.report).toMatchObject({ itemsIn: 3, itemsOut: 2, itemsRemoved: 1, annotationsRemoved: 2 });
  });

  it('mask and polygon areas', async () => {
    const src = sourceOf({ labels: [{ name: 'a' }] }, [
      item('m', [mask(0, 0, 0, 3, 3), polygon(0, [0, 0, 10, 0, 10, 10]), box(0, 0, 0, 1, 1)]),
    ]);
    const kept = await collect(
      filter(src, { expression: 'area > 5 and area < 60', mode: 'annotations' }).source,
    );
    expect(kept[0].annotations.map((a) => a.type)).toEqual(['mask', 'polygon']);
  });

  it('nothing but fields, attributes, literals and known functions', () => {
    for (const bad of [
      'constructor.name',
      'x.__proto__',
      'this',
      'a = 1',
      'eval("1")',
      'f()',
      'a ? b : c',
      'a | b',
      '(a, b)',
    ])
      expect(() => compileExpression(bad), bad).toThrow(/filter:/);
    expect(() => filter(smallSource(), { expression: 'true', mode: 'frames' as never })).toThrow(
      /valid modes/,
    );
  });

  it('an attribute named like a prototype property is just absent', async () => {
    expect(await ids("attributes['__proto__'] != null or attributes.constructor != null")).toEqual([]);
    expect(await ids('toString == null and id != null')).toEqual(['a:2', 'b:2', 'c:0']);
  });
});

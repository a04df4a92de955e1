import { type DatasetItem, type DatasetSource, loadMask, sourceOf } from '@labelport/core';
import { rasterizePolygon, rleArea } from '@labelport/core/geometry';
import { describe, expect, it } from 'vitest';
import { applyTransforms, describeOpReport, getTransform, transform } from '../src/index.js';
import { box, collect, item, mask, polygon, smallSource } from './fixtures.js';

/** A source that does not know its size (as a reader that streams). */
const unsized = (s: DatasetSource): DatasetSource => ({ ...s, size: undefined });

const ids = (items: DatasetItem[]) => items.map((i) => i.id);

describe('data transforms (issue 24)', () => {
  it('boxes_to_polygons gives the four corners, keeping label, id and group', async () => {
    const r = transform(smallSource(), 'boxes_to_polygons');
    const items = await collect(r.source);
    expect(items[0].annotations[0]).toEqual({
      type: 'polygon',
      points: [1, 1, 3, 1, 3, 3, 1, 3],
      label: 0,
      attributes: {},
    });
    expect(items[1].annotations[0]).toMatchObject({ type: 'polygon', label: 2, attributes: { score: 0.9 } });
    expect(r.report.converted).toEqual({ 'bbox->polygon': 2 });
    expect(describeOpReport(r.report)).toMatch(/2 bbox->polygon/);
  });

  it('reindex_annotations numbers annotation ids across the dataset, or per item', async () => {
    const r = transform(smallSource(), 'reindex_annotations', { start: 10 });
    const items = await collect(r.source);
    expect(items.map((i) => i.annotations.map((a) => a.id))).toEqual([[10, 11], [12, 13], []]);
    expect(ids(items)).toEqual(['a', 'b', 'c']);
    expect(r.report.annotationsChanged).toBe(4);
    const again = await collect(r.source);
    expect(again[0].annotations.map((a) => a.id)).toEqual([10, 11]);
    const each = await collect(transform(smallSource(), 'reindex_annotations', [['r', 'true']]).source);
    expect(each.map((i) => i.annotations.map((a) => a.id))).toEqual([[1, 2], [1, 2], []]);
  });

  it('sort orders by id by default, stably by any item expression, and says how many moved', async () => {
    const src = sourceOf({ labels: [] }, [
      item('b', [], { subset: 'val' }),
      item('c', []),
      item('a', [], { subset: 'val' }),
      item('d', [], { attributes: { rank: 1 } }),
    ]);
    const r = transform(src, 'sort');
    expect(ids(await collect(r.source))).toEqual(['a', 'b', 'c', 'd']);
    expect(r.report.notes).toEqual(['3 items moved']);
    expect(r.report.itemsOut).toBe(4);
    expect(ids(await collect(transform(src, 'sort', { key: 'subset' }).source))).toEqual([
      'c',
      'd',
      'b',
      'a',
    ]);
    expect(ids(await collect(transform(src, 'sort', { key: '[subset, id]' }).source))).toEqual([
      'c',
      'd',
      'a',
      'b',
    ]);
    // items without the attribute (null) go last
    expect(ids(await collect(transform(src, 'sort', { k: 'rank' }).source))[0]).toBe('d');
    expect(getTransform('sort').holdsItems).toBe(true);
  });

  it('sort refuses keys that read annotations or do not parse', () => {
    expect(() => transform(smallSource(), 'sort', { key: 'area' })).toThrow(/reads annotation fields/);
    expect(() => transform(smallSource(), 'sort', { key: 'id ==' })).toThrow(/^sort: key: /);
  });

  it('bbox_values_decrement moves boxes one pixel up and left, normalised ones by a pixel of their image', async () => {
    const src = sourceOf({ labels: [{ name: 'a' }] }, [
      item('p', [box(0, 5, 6, 2, 2, { id: 3, group: 1 }), polygon(0, [0, 0, 1, 1, 1, 0])]),
      item('n', [box(0, 0.5, 0.5, 0.1, 0.1, { normalized: true })]),
      item('u', [box(0, 0.5, 0.5, 0.1, 0.1, { normalized: true })], { media: undefined }),
    ]);
    const r = transform(src, 'bbox_values_decrement');
    const [p, n, u] = await collect(r.source);
    expect(p.annotations[0]).toMatchObject({ type: 'bbox', x: 4, y: 5, w: 2, h: 2, id: 3, group: 1 });
    expect(p.annotations[1].type).toBe('polygon');
    expect(n.annotations[0]).toMatchObject({ x: 0.4, y: 0.4, w: 0.1, normalized: true });
    expect(u.annotations[0]).toMatchObject({ x: 0.5, y: 0.5 });
    expect(r.report.annotationsChanged).toBe(2);
    expect(r.report.notes.join()).toMatch(/without an image size are kept/);
  });

  it('project_infos adds infos (JSON values where they parse), or replaces them with overwrite', async () => {
    const src = { ...smallSource(), infos: { author: 'old', version: 1 } };
    const r = transform(src, 'project_infos', [
      ['author', 'Ann, Bo'],
      ['year', '2024'],
      ['infos', 'url:https://example.org/x'],
      ['__proto__', '{"x":1}'],
    ]);
    expect(r.source.infos).toEqual({
      author: 'Ann, Bo',
      version: 1,
      year: 2024,
      url: 'https://example.org/x',
      ['__proto__']: { x: 1 },
    });
    expect(Object.getPrototypeOf(r.source.infos)).toBe(Object.prototype);
    expect(ids(await collect(r.source))).toEqual(['a', 'b', 'c']);
    expect(describeOpReport(r.report)).toMatch(
      /infos set: author, year, __proto__, url; infos replaced: author/,
    );
    const o = transform(src, 'project_infos', { year: '2025', overwrite: 'true' });
    expect(o.source.infos).toEqual({ year: 2025 });
    expect(o.report.notes).toContain('infos removed: author, version');
    expect(() => transform(src, 'project_infos', { infos: 'nocolon' })).toThrow(/not key:value/);
  });

  it('crop_covered_segments cuts what the segments above cover; a cut polygon becomes parts in a group', async () => {
    const src = sourceOf({ labels: [{ name: 'a' }, { name: 'b' }] }, [
      item('p', [
        mask(1, 4, 0, 2, 10, { zOrder: 1 }),
        polygon(0, [0, 0, 10, 0, 10, 4, 0, 4], { id: 5 }),
        { type: 'caption', caption: 'x', attributes: {} },
      ]),
      item('m', [mask(0, 0, 0, 4, 4, { zOrder: 0 }), mask(1, 2, 2, 4, 4, { zOrder: 1 })]),
      item('inside', [mask(0, 0, 0, 6, 6), mask(1, 1, 1, 2, 2, { zOrder: 1 })]),
    ]);
    const r = transform(src, 'crop_covered_segments');
    const [p, m, inside] = await collect(r.source);
    expect(p.annotations.map((a) => a.type)).toEqual(['caption', 'polygon', 'polygon', 'mask']);
    const parts = p.annotations.filter((a) => a.type === 'polygon');
    expect(parts.every((a) => a.group === 0 && a.id === 5 && a.label === 0)).toBe(true);
    const areas = parts.map((a) => a.type === 'polygon' && rleArea(rasterizePolygon(a.points, 10, 10)));
    expect(areas).toEqual([16, 16]);
    const bottom = m.annotations[0];
    if (bottom.type !== 'mask') throw new Error('expected a mask');
    expect((await loadMask(bottom.mask)).data.reduce((s, v) => s + v, 0)).toBe(12);
    const top = m.annotations[1];
    if (top.type !== 'mask') throw new Error('expected a mask');
    expect((await loadMask(top.mask)).data.reduce((s, v) => s + v, 0)).toBe(16);
    expect(inside.annotations.map((a) => a.label)).toEqual([0, 1]);
    const kept = (await collect(src))[2];
    expect(inside).toBe(kept);
    expect(r.report).toMatchObject({ annotationsChanged: 2, annotationsAdded: 1, itemsChanged: 2 });
  });

  it('crop_covered_segments keeps items without an image size, and says so', async () => {
    const src = sourceOf({ labels: [{ name: 'a' }] }, [
      item('n', [polygon(0, [0, 0, 2, 0, 2, 2])], { media: undefined }),
    ]);
    const r = transform(src, 'crop_covered_segments');
    expect((await collect(r.source))[0].annotations).toHaveLength(1);
    expect(r.report.notes.join()).toMatch(/without an image size/);
  });

  it('random_sampler keeps exactly count items in their order, the same for a seed', async () => {
    const many = Array.from({ length: 100 }, (_, i) => item(`i${String(i).padStart(3, '0')}`, []));
    const src = sourceOf({ labels: [] }, many);
    const run = async (params: Record<string, unknown>, s = src) =>
      ids(await collect(transform(s, 'random_sampler', params).source));
    const a = await run({ count: 10 });
    expect(a).toHaveLength(10);
    expect([...a].sort()).toEqual(a);
    expect(await run({ count: 10 })).toEqual(a);
    expect(await run({ count: 10, seed: 0 }, unsized(src))).toEqual(a);
    expect(await run({ k: 10, seed: 7 })).not.toEqual(a);
    expect(await run({ count: 1000 })).toHaveLength(100);
    const r = transform(src, 'random_sampler', { count: 10 });
    expect(r.source.size).toBe(10);
    await collect(r.source);
    expect(r.report).toMatchObject({ itemsIn: 100, itemsOut: 10, itemsRemoved: 90 });
    expect(() => transform(src, 'random_sampler')).toThrow(/'count' is required/);
  });

  it('random_sampler with a subset samples that subset only', async () => {
    const src = sourceOf({ labels: [] }, [
      ...Array.from({ length: 20 }, (_, i) => item(`t${i}`, [])),
      ...Array.from({ length: 5 }, (_, i) => item(`v${i}`, [], { subset: 'val' })),
    ]);
    const out = await collect(transform(src, 'random_sampler', { count: 3, subset: 'train' }).source);
    expect(out.filter((i) => i.subset === 'train')).toHaveLength(3);
    expect(out.filter((i) => i.subset === 'val')).toHaveLength(5);
  });

  it('label_random_sampler keeps at least count items per label and subset, dropping labels of count 0', async () => {
    const items = [
      ...Array.from({ length: 30 }, (_, i) => item(`c${i}`, [box(0, 0, 0, 1, 1)])),
      ...Array.from({ length: 30 }, (_, i) => item(`d${i}`, [box(1, 0, 0, 1, 1), box(2, 0, 0, 2, 2)])),
      ...Array.from({ length: 10 }, (_, i) => item(`v${i}`, [box(0, 0, 0, 1, 1)], { subset: 'val' })),
      item('none', []),
    ];
    const src = sourceOf({ labels: [{ name: 'cat' }, { name: 'dog' }, { name: 'person' }] }, items);
    const r = transform(src, 'label_random_sampler', [
      ['count', '3'],
      ['label', 'person:0'],
      ['l', 'dog:2'],
    ]);
    expect(r.source.categories.labels.map((l) => l.name)).toEqual(['cat', 'dog']);
    const out = await collect(r.source);
    const perSubset = (s: string, prefix: string) =>
      out.filter((i) => i.subset === s && i.id.startsWith(prefix));
    expect(perSubset('train', 'c')).toHaveLength(3);
    expect(perSubset('train', 'd')).toHaveLength(2);
    expect(perSubset('val', 'v')).toHaveLength(3);
    expect(out.flatMap((i) => i.annotations.map((a) => a.label))).not.toContain(2);
    expect(r.report.annotationsRemoved).toBe(2);
    const again = await collect(
      transform(src, 'label_random_sampler', { count: 3, label: 'person:0,dog:2' }).source,
    );
    expect(ids(again)).toEqual(ids(out));
    const other = await collect(transform(src, 'label_random_sampler', { count: 3, seed: 5 }).source);
    expect(ids(other)).not.toEqual(ids(out));
    expect(() => transform(src, 'label_random_sampler', {})).toThrow(/give count=N/);
    expect(() => transform(src, 'label_random_sampler', { label: 'cat:x' })).toThrow(
      /count of 'cat' is invalid/,
    );
  });

  it('astype_annotations turns item attributes into labels (where the label <name>:<value> is) or captions', async () => {
    const labels = [
      { name: 'genre' },
      { name: 'genre:comedy', parent: 'genre' },
      { name: 'genre:drama', parent: 'genre' },
    ];
    const src = sourceOf({ labels }, [
      item('a', [box(0, 0, 0, 1, 1)], { attributes: { genre: 'drama', title: 'Up', year: 2009 } }),
      item('b', [], { attributes: { genre: 'horror' } }),
      item('c', []),
    ]);
    const r = transform(src, 'astype_annotations');
    const [a, b, c] = await collect(r.source);
    expect(a.attributes).toEqual({});
    expect(a.annotations.slice(1)).toEqual([
      { type: 'label', label: 2, attributes: {} },
      { type: 'caption', caption: 'title:Up', attributes: {} },
      { type: 'caption', caption: 'year:2009', attributes: {} },
    ]);
    expect(b.annotations).toEqual([{ type: 'caption', caption: 'genre:horror', attributes: {} }]);
    expect(c.annotations).toEqual([]);
    expect(r.report.annotationsAdded).toBe(4);
    const only = transform(src, 'astype_annotations', { mapping: 'genre:label', title: 'caption' });
    const [a2, b2] = await collect(only.source);
    expect(a2.attributes).toEqual({ year: 2009 });
    expect(a2.annotations.map((x) => x.type)).toEqual(['bbox', 'label', 'caption']);
    expect(b2.annotations[0].type).toBe('caption');
    expect(only.report.notes.join()).toMatch(/became captions/);
    expect(() => transform(src, 'astype_annotations', { mapping: 'genre:mask' })).toThrow(/label or caption/);
  });

  it("remove_items is Datumaro's spec name of remove_images; the chain's seed goes to every seeded step", async () => {
    const rm = transform(smallSource(), 'remove_items', { id: 'a:train' });
    expect(rm.report.operation).toBe('remove_images');
    expect(ids(await collect(rm.source))).toEqual(['b', 'c']);
    const many = sourceOf(
      { labels: [] },
      Array.from({ length: 50 }, (_, i) => item(`i${i}`, [])),
    );
    const chain = (seed?: number, params: [string, string][] = [['count', '5']]) =>
      applyTransforms(many, [{ name: 'random_sampler', params }], { seed }).source;
    const seeded = ids(await collect(chain(3)));
    expect(ids(await collect(chain(3)))).toEqual(seeded);
    expect(
      ids(
        await collect(
          chain(undefined, [
            ['count', '5'],
            ['seed', '3'],
          ]),
        ),
      ),
    ).toEqual(seeded);
    expect(
      ids(
        await collect(
          chain(9, [
            ['count', '5'],
            ['seed', '3'],
          ]),
        ),
      ),
    ).toEqual(seeded);
    expect(ids(await collect(chain(4)))).not.toEqual(seeded);
  });

  it('correct repairs what validate reports, item by item', async () => {
    const src = sourceOf({ labels: [{ name: 'a' }] }, [
      item('x', [
        box(0, 1, 1, 2, 2, { id: 1 }),
        box(5, 1, 1, 2, 2),
        box(0, 1, 1, 0, 2),
        box(0, 8, 8, 4, 4, { id: 1 }),
        polygon(0, [-1, 0, 4, 0, 4, 12]),
      ]),
      item('x', []),
      item('ok', [box(0, 1, 1, 2, 2)]),
    ]);
    const r = transform(src, 'correct');
    const out = await collect(r.source);
    expect(ids(out)).toEqual(['x', 'ok']);
    expect(out[0].annotations).toEqual([
      box(0, 1, 1, 2, 2, { id: 1 }),
      box(0, 8, 8, 2, 2, { id: 2 }),
      polygon(0, [0, 0, 4, 0, 4, 10]),
    ]);
    expect(out[1]).toBe((await collect(src))[2]);
    expect(r.report).toMatchObject({ itemsRemoved: 1, annotationsRemoved: 2, annotationsChanged: 2 });
    expect(r.report.notes).toEqual([
      'label-out-of-range: 1 annotations removed',
      'empty-shape: 1 annotations removed',
      'outside-image: 2 shapes clipped to the image',
      'duplicate-annotation-id: 1 annotations given a new id',
      'duplicate-item: 1 items removed',
    ]);
    await collect(r.source);
    expect(r.report.notes).toHaveLength(5);
  });
});

import { loadMask, sourceOf } from '@labelport/core';
import { describe, expect, it } from 'vitest';
import { applyTransforms, checkTransforms, TRANSFORMS, transform } from '../src/index.js';
import { box, collect, item, mask, smallSource } from './fixtures.js';

describe('transforms', () => {
  it('remap_labels renames and merges labels, default=keep keeps the rest', async () => {
    const r = transform(smallSource(), 'remap_labels', [
      ['cat', 'animal'],
      ['dog', 'animal'],
    ]);
    expect(r.source.categories.labels.map((l) => l.name)).toEqual(['animal', 'person']);
    const items = await collect(r.source);
    expect(items[0].annotations.map((a) => a.label)).toEqual([0, 0]);
    expect(items[1].annotations.map((a) => a.label)).toEqual([1, 0]);
    expect(r.report.annotationsChanged).toBe(3);
    expect(r.report.annotationsRemoved).toBe(0);
  });

  it('remap_labels default=delete drops labels not named, with their annotations', async () => {
    const r = transform(smallSource(), 'remap_labels', { person: 'human', default: 'delete' });
    expect(r.source.categories.labels.map((l) => l.name)).toEqual(['human']);
    const items = await collect(r.source);
    expect(items[0].annotations).toEqual([]);
    expect(items[1].annotations).toEqual([expect.objectContaining({ type: 'bbox', label: 0 })]);
    expect(r.report.annotationsRemoved).toBe(3);
  });

  it("default=delete also drops annotations without a label, as Datumaro's", async () => {
    const src = sourceOf({ labels: [{ name: 'a' }, { name: 'b', parent: 'a' }] }, [
      item('x', [box(0, 0, 0, 1, 1), { type: 'caption', caption: 'hi', attributes: {} }]),
    ]);
    const kept = await collect(transform(src, 'remap_labels', { a: 'z' }).source);
    expect(kept[0].annotations.map((a) => a.type)).toEqual(['bbox', 'caption']);
    const r = transform(src, 'remap_labels', { b: 'b', default: 'delete' });
    expect((await collect(r.source))[0].annotations).toEqual([]);
    expect(r.source.categories.labels).toEqual([{ name: 'b' }]);
  });

  it('project_labels takes the given list and order', async () => {
    const r = transform(smallSource(), 'project_labels', { labels: 'person,bird,cat' });
    expect(r.source.categories.labels.map((l) => l.name)).toEqual(['person', 'bird', 'cat']);
    const items = await collect(r.source);
    expect(items[0].annotations.map((a) => [a.type, a.label])).toEqual([['bbox', 2]]);
    expect(items[1].annotations.map((a) => [a.type, a.label])).toEqual([['bbox', 0]]);
  });

  it("rename takes Datumaro's |pattern|replacement| with \\1", async () => {
    const r = transform(smallSource(), 'rename', { regex: '|^(.*)$|x_\\1|' });
    expect((await collect(r.source)).map((i) => i.id)).toEqual(['x_a', 'x_b', 'x_c']);
    expect(r.report.itemsChanged).toBe(3);
    expect(() => transform(smallSource(), 'rename', { regex: 'nope' })).toThrow(/pattern\|replacement/);
    const withSubset = transform(smallSource(), 'rename', { regex: '#^#{item.subset}_#' });
    expect((await collect(withSubset.source)).map((i) => i.id)).toEqual(['train_a', 'train_b', 'val_c']);
  });

  it('reindex numbers items from start and annotations across the dataset', async () => {
    const items = await collect(transform(smallSource(), 'reindex', { start: 5 }).source);
    expect(items.map((i) => i.id)).toEqual(['5', '6', '7']);
    expect(items.flatMap((i) => i.annotations.map((a) => a.id))).toEqual([1, 2, 3, 4]);
    const byDefault = await collect(transform(smallSource(), 'reindex').source);
    expect(byDefault.map((i) => i.id)).toEqual(['1', '2', '3']);
    const again = await collect(transform(smallSource(), 'reindex', { start: 0, annotations: false }).source);
    expect(again.map((i) => i.id)).toEqual(['0', '1', '2']);
    expect(again[0].annotations[1].id).toBe(7);
  });

  it('id_from_image_name and map_subsets', async () => {
    const src = sourceOf({ labels: [] }, [
      item('x', [], { media: { kind: 'image', path: 'dir/photo.1.png' } }),
    ]);
    expect((await collect(transform(src, 'id_from_image_name').source))[0].id).toBe('photo.1');
    const mapped = await collect(transform(smallSource(), 'map_subsets', { val: 'valid' }).source);
    expect(mapped.map((i) => i.subset)).toEqual(['train', 'train', 'valid']);
  });

  it('boxes_to_masks and polygons_to_masks rasterise at the image size, keeping label, id and group', async () => {
    const items = await collect(transform(smallSource(), 'boxes_to_masks').source);
    const m = items[0].annotations[0];
    expect(m.type).toBe('mask');
    if (m.type !== 'mask') return;
    const bits = await loadMask(m.mask);
    expect(bits.data.reduce((s, v) => s + v, 0)).toBe(4);
    const p = await collect(transform(smallSource(), 'polygons_to_masks').source);
    expect(p[0].annotations[1]).toMatchObject({ type: 'mask', label: 1, id: 7, group: 0 });
    const ellipse = sourceOf({ labels: [{ name: 'e' }] }, [
      item('e', [{ type: 'ellipse', x1: 2, y1: 2, x2: 8, y2: 8, label: 0, attributes: {} }]),
    ]);
    const [e] = (await collect(transform(ellipse, 'polygons_to_masks').source))[0].annotations;
    if (e.type !== 'mask') throw new Error('expected a mask');
    const area = (await loadMask(e.mask)).data.reduce((s, v) => s + v, 0);
    expect(Math.abs(area - Math.PI * 9)).toBeLessThan(4);
  });

  it('boxes_to_masks keeps boxes of items without a size, and says so', async () => {
    const src = sourceOf({ labels: [{ name: 'a' }] }, [
      item('n', [box(0, 0, 0, 1, 1)], { media: undefined }),
    ]);
    const r = transform(src, 'boxes_to_masks');
    expect((await collect(r.source))[0].annotations[0].type).toBe('bbox');
    expect(r.report.notes.join()).toMatch(/without an image size/);
  });

  it('masks_to_polygons gives the outline; shapes_to_boxes the extents', async () => {
    const src = sourceOf({ labels: [{ name: 'a' }] }, [item('m', [mask(0, 2, 2, 3, 2)])]);
    const polys = await collect(transform(src, 'masks_to_polygons').source);
    expect(polys[0].annotations).toEqual([expect.objectContaining({ type: 'polygon', label: 0 })]);
    const boxes = await collect(transform(smallSource(), 'shapes_to_boxes').source);
    expect(boxes[0].annotations[1]).toMatchObject({ type: 'bbox', x: 0, y: 0, w: 4, h: 4, id: 7 });
    const mb = await collect(transform(src, 'shapes_to_boxes').source);
    expect(mb[0].annotations[0]).toMatchObject({ type: 'bbox', x: 2, y: 2, w: 3, h: 2 });
  });

  it('merge_instance_segments unites the masks of one group under the largest', async () => {
    const src = sourceOf({ labels: [{ name: 'a' }, { name: 'b' }] }, [
      item('m', [
        mask(0, 0, 0, 2, 2, { group: 0, id: 1 }),
        mask(1, 5, 5, 4, 4, { group: 0, id: 2 }),
        mask(0, 0, 5, 1, 1),
      ]),
    ]);
    const r = transform(src, 'merge_instance_segments');
    const [it] = await collect(r.source);
    expect(it.annotations).toHaveLength(2);
    const merged = it.annotations.find((a) => a.group === 0);
    expect(merged).toMatchObject({ type: 'mask', label: 1, id: 2 });
    if (merged?.type === 'mask')
      expect((await loadMask(merged.mask)).data.reduce((s, v) => s + v, 0)).toBe(20);
  });

  it('anns_to_labels, remove_annotations, remove_attributes, remove_images', async () => {
    const labels = await collect(transform(smallSource(), 'anns_to_labels').source);
    expect(labels[0].annotations).toEqual([
      { type: 'label', label: 0, attributes: {} },
      { type: 'label', label: 1, attributes: {} },
    ]);
    const noBoxes = await collect(transform(smallSource(), 'remove_annotations', { type: 'bbox' }).source);
    expect(noBoxes.flatMap((i) => i.annotations.map((a) => a.type))).toEqual(['polygon', 'label']);
    const noDogs = await collect(transform(smallSource(), 'remove_annotations', { label: 'dog' }).source);
    expect(noDogs.flatMap((i) => i.annotations.map((a) => a.label))).toEqual([0, 2]);
    const r = transform(smallSource(), 'remove_attributes', { attributes: 'score' });
    const stripped = await collect(r.source);
    expect(stripped[1].annotations[0].attributes).toEqual({ occluded: true });
    expect(stripped[2].attributes).toEqual({ weather: 'rain' });
    const all = await collect(transform(smallSource(), 'remove_attributes').source);
    expect(all[2].attributes).toEqual({});
    const rm = transform(smallSource(), 'remove_images', { ids: 'a,c:val,b:val' });
    expect((await collect(rm.source)).map((i) => i.id)).toEqual(['b']);
    expect(rm.report.itemsIn).toBe(3);
    expect(rm.report.itemsRemoved).toBe(2);
  });

  it('random_split gives exact counts, deterministic for a seed', async () => {
    const items = Array.from({ length: 101 }, (_, i) => item(`i${i}`, [box(0, 0, 0, 1, 1)]));
    const src = sourceOf({ labels: [{ name: 'a' }] }, items);
    const run = async (seed: number) =>
      (
        await collect(
          transform(src, 'random_split', [
            ['train', 0.7],
            ['test', 0.3],
            ['seed', seed],
          ]).source,
        )
      ).map((i) => i.subset);
    const a = await run(1);
    expect(a.filter((s) => s === 'train')).toHaveLength(71);
    expect(await run(1)).toEqual(a);
    expect(await run(2)).not.toEqual(a);
  });

  it('unknown transforms and parameters are refused with the valid ones listed', () => {
    expect(() => checkTransforms([{ name: 'nope' }])).toThrow(
      /valid transforms: remap_labels, project_labels/,
    );
    expect(() => checkTransforms([{ name: 'reindex', params: [['begin', '1']] }])).toThrow(
      /unknown parameter 'begin'; valid parameters: start, annotations, annotation_start/,
    );
    expect(() => checkTransforms([{ name: 'reindex', params: [['start', 'x']] }])).toThrow(
      /reindex: parameter 'start': expected an? (integer|number), got 'x'/,
    );
    expect(() => checkTransforms([{ name: 'reindex', params: [['start', '1.5']] }])).toThrow(
      /reindex: parameter 'start': expected an integer, got '1.5'/,
    );
    expect(() => checkTransforms([{ name: 'reindex', params: [['annotations', 'maybe']] }])).toThrow(
      /parameter 'annotations': expected true or false/,
    );
    expect(() => checkTransforms([{ name: 'remap_labels', params: [['default', 'drop']] }])).toThrow(
      /keep, delete/,
    );
    expect(() => checkTransforms([{ name: 'project_labels' }])).toThrow(/'labels' is required/);
    expect(TRANSFORMS.every((t) => t.doc && Object.values(t.params).every((p) => p.doc))).toBe(true);
  });

  it("answers to Datumaro's option names, repeatable: -p label=a -p label=b, -p id=x:subset", async () => {
    const r = transform(smallSource(), 'project_labels', [
      ['label', 'person'],
      ['label', 'cat'],
    ]);
    expect(r.source.categories.labels.map((l) => l.name)).toEqual(['person', 'cat']);
    const rm = transform(smallSource(), 'remove_images', [
      ['id', 'a:train'],
      ['id', 'c:val'],
    ]);
    expect((await collect(rm.source)).map((i) => i.id)).toEqual(['b']);
    const attrs = transform(smallSource(), 'remove_attributes', [['attr', 'occluded']]);
    expect((await collect(attrs.source))[1].annotations[0].attributes).toEqual({ score: 0.9 });
    expect(() =>
      transform(smallSource(), 'reindex', [
        ['start', '1'],
        ['start', '2'],
      ]),
    ).toThrow(/given twice/);
    const remap = transform(smallSource(), 'remap_labels', [
      ['label', 'cat:animal'],
      ['l', 'dog:animal'],
      ['default', 'delete'],
    ]);
    expect(remap.source.categories.labels.map((l) => l.name)).toEqual(['animal']);
    const subsets = await collect(transform(smallSource(), 'map_subsets', [['subset', 'val:valid']]).source);
    expect(subsets.map((i) => i.subset)).toEqual(['train', 'train', 'valid']);
    const parts = transform(smallSource(), 'random_split', [
      ['subset', 'a:0.34'],
      ['s', 'b:0.66'],
    ]);
    expect((await collect(parts.source)).filter((i) => i.subset === 'a')).toHaveLength(1);
    expect(() => transform(smallSource(), 'map_subsets', [['subset', 'nocolon']])).toThrow(/not src:dst/);
  });

  it('chains in order', async () => {
    const { source, reports } = applyTransforms(smallSource(), [
      { name: 'remap_labels', params: [['cat', 'dog']] },
      { name: 'remove_annotations', params: [['label', 'dog']] },
    ]);
    const items = await collect(source);
    expect(items.flatMap((i) => i.annotations.map((a) => a.type))).toEqual(['bbox']);
    expect(reports.map((r) => r.operation)).toEqual(['remap_labels', 'remove_annotations']);
  });
});

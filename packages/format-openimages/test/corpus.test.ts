import { join } from 'node:path';
import { createRegistry, loadMask } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import { countAnnotations, fixturesDir, readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { openImages } from '../src/index.js';

const dir = fixturesDir();
if (!dir) console.warn('LABELPORT_FIXTURES is not set: the Open Images corpus tests are skipped');
const sample = (v: string) => directoryTree(join(dir ?? '', 'datumaro/open_images_dataset', v));

// Expected values come from the corpus files themselves (datumaro/open_images_dataset) and agree
// with Datumaro's own importer test for them (tests/unit/test_open_images_format.py).
describe.skipIf(!dir)('Open Images corpus', () => {
  it('v6: items, subsets, labels with parents, annotations', async () => {
    const ds = await readAll(openImages, sample('v6'));
    // image_ids_and_rotation.csv lists a, b (train), c (test), d (validation).
    expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).map((i) => i.id)]))).toEqual({
      train: ['a', 'b'],
      test: ['c'],
      validation: ['d'],
    });
    // oidv6-class-descriptions.csv: /m/0../m/3; the hierarchy makes /m/0 the parent of /m/1.
    expect(ds.categories.labels).toEqual([
      { name: '/m/0' },
      { name: '/m/1', parent: '/m/0' },
      { name: '/m/2' },
      { name: '/m/3' },
    ]);
    // 2 label rows in the train labels file + 2 in the test one; 1 box in each bbox file; 1 mask row.
    expect(countAnnotations(ds)).toEqual({ label: 4, bbox: 2, mask: 1 });
    const b = ds.get('train', 'b')!;
    // images.meta says b is 2 high, 8 wide; box 0.2..1 x 0.3..0.5 -> x 1.6, y 0.6, w 6.4, h 0.4.
    expect(b.media).toMatchObject({ width: 8, height: 2 });
    const box = b.annotations.find((a) => a.type === 'bbox')!;
    expect(box).toMatchObject({ label: 0, group: 1, attributes: { score: 1, source: 'xclick' } });
    if (box.type === 'bbox') {
      expect([box.x, box.y, box.w, box.h].map((v) => Number(v.toFixed(6)))).toEqual([1.6, 0.6, 6.4, 0.4]);
    }
    const mask = b.annotations.find((a) => a.type === 'mask')!;
    expect(mask).toMatchObject({
      label: 0,
      group: 1,
      attributes: { box_id: '01234567', predicted_iou: 0.5 },
    });
    if (mask.type === 'mask') {
      const m = await loadMask(mask.mask);
      // The PNG is 8x2 with the first two columns set.
      expect([...m.data]).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0]);
    }
    const c = ds.get('test', 'c')!;
    // c is not in images.meta: its size comes from images/test/c.jpg (5 wide, 10 high).
    expect(c.media).toMatchObject({ width: 5, height: 10 });
    const cbox = c.annotations.find((a) => a.type === 'bbox')!;
    expect(cbox).toMatchObject({
      label: 3,
      x: 3.5,
      y: 0,
      attributes: {
        score: 0.7,
        occluded: true,
        truncated: false,
        is_group_of: true,
        is_depiction: false,
        is_inside: false,
      },
    });
    expect(ds.get('validation', 'd')!.media).toMatchObject({ width: 5, height: 1 });
  });

  it("v6 with datumaroModel: the annotations and attributes of Datumaro's importer test", async () => {
    const ds = await readAll(openImages, sample('v6'), { datumaroModel: true });
    const strip = (item: string, subset: string) =>
      ds.get(subset, item)!.annotations.map((a) => {
        const { mask: _m, ...rest } = a as typeof a & { mask?: unknown };
        return rest;
      });
    expect(strip('a', 'train')).toEqual([{ type: 'label', label: 0, attributes: { score: 1 } }]);
    const b = strip('b', 'train');
    expect(b[0]).toEqual({ type: 'label', label: 0, attributes: { score: 0 } });
    expect(b[1]).toMatchObject({ type: 'bbox', label: 0, group: 1, attributes: { score: 1 } });
    expect(b[2]).toEqual({
      type: 'mask',
      label: 0,
      group: 1,
      attributes: { box_id: '01234567', predicted_iou: 0.5 },
    });
    const c = strip('c', 'test');
    expect(c.slice(0, 2)).toEqual([
      { type: 'label', label: 1, attributes: { score: 1 } },
      { type: 'label', label: 3, attributes: { score: 1 } },
    ]);
    expect(c[2]).toEqual({
      type: 'bbox',
      label: 3,
      x: 3.5,
      y: 0,
      w: c[2]!.type === 'bbox' ? c[2]!.w : 0,
      h: 5,
      group: 1,
      attributes: {
        score: 0.7,
        occluded: true,
        truncated: false,
        is_group_of: true,
        is_depiction: false,
        is_inside: false,
      },
    });
    expect(c[2]!.type === 'bbox' && Math.abs(c[2]!.w - 0.5) < 1e-9).toBe(true);
    expect(strip('d', 'validation')).toEqual([]);
  });

  it('v5: header-less class list, per-subset image lists', async () => {
    const ds = await readAll(openImages, sample('v5'));
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['/m/0', '/m/1']);
    expect(ds.subsets().sort()).toEqual(['test', 'train']);
    expect(ds.get('train', 'aa')!.media).toMatchObject({ width: 6, height: 8 });
    expect(ds.get('test', 'cc')!.media).toMatchObject({ width: 5, height: 10 });
    expect(countAnnotations(ds)).toEqual({});
  });

  it('detects both versions, at the root and from the folder above', async () => {
    const reg = createRegistry([openImages]);
    for (const v of ['v5', 'v6']) {
      const { matches } = await reg.detect(sample(v));
      expect(matches).toEqual([{ id: 'open_images', confidence: 1, root: '' }]);
    }
    const { matches } = await reg.detect(directoryTree(join(dir ?? '', 'datumaro/open_images_dataset')));
    expect(matches[0]).toMatchObject({ id: 'open_images', confidence: 1 });
  });
});

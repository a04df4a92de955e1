/**
 * Oriented boxes: an Ultralytics OBB dataset (`task: obb`, `class x1 y1 x2 y2 x3 y3 x4 y4` lines with
 * normalised corners, as Ultralytics' DOTA converter and `xywhr2xyxyxyxy` write them) reads as rotated
 * boxes, and rotated boxes write as such a dataset.
 */
import { convert, memorySink, memoryTree, sourceOf } from '@labelport/core';
import { readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { yoloUltralytics } from '../src/index.js';
import { png } from './fixtures/trees.js';

const round = (v: number) => Math.round(v * 1e6) / 1e6;
const boxOf = (a: unknown) => {
  const b = a as { x: number; y: number; w: number; h: number; attributes: { rotation?: number } };
  return [b.x, b.y, b.w, b.h, b.attributes.rotation ?? 0].map(round);
};

// a 100 x 50 image; one upright 40 x 20 box centred at (30, 30) in Ultralytics' corner order, and one
// turned by 90 degrees about (60, 25)
const obbTree = () =>
  memoryTree({
    'data.yaml': 'path: .\ntrain: images/train\nval: images/val\ntask: obb\nnames:\n  0: plane\n  1: ship\n',
    'images/train/a.png': png(100, 50),
    'labels/train/a.txt': '0 0.5 0.8 0.5 0.4 0.1 0.4 0.1 0.8\n1 0.65 0.1 0.65 0.9 0.55 0.9 0.55 0.1\n',
  });

const rotated = () =>
  sourceOf({ labels: [{ name: 'plane' }, { name: 'ship' }] }, [
    {
      id: 'a',
      subset: 'train',
      media: { kind: 'image', path: 'a.png', width: 100, height: 50 },
      annotations: [
        { type: 'bbox', label: 0, x: 10, y: 20, w: 40, h: 20, attributes: { rotation: 30 } },
        { type: 'bbox', label: 1, x: 60, y: 10, w: 10, h: 10, attributes: {} },
      ],
      attributes: {},
    },
  ]);

describe('yolo_ultralytics oriented boxes', () => {
  it('reads an OBB dataset as rotated boxes', async () => {
    const ds = await readAll(yoloUltralytics, obbTree());
    const [plane, ship] = ds.get('train', 'a')!.annotations;
    expect(plane!.type).toBe('bbox');
    expect(boxOf(plane)).toEqual([10, 20, 40, 20, 0]);
    // 10 wide (x 55..65), 40 tall (y 5..45): a 40 x 10 box turned by 90 degrees
    expect(boxOf(ship)).toEqual([40, 20, 40, 10, 90]);
  });

  it('without task: obb, the same lines are 4-point polygons (segmentation)', async () => {
    const tree = obbTree();
    const text = new TextDecoder().decode(await tree.read('data.yaml')).replace('task: obb\n', '');
    const files = new Map(
      await Promise.all((await tree.list()).map(async (f) => [f.path, await tree.read(f.path)] as const)),
    );
    files.set('data.yaml', new TextEncoder().encode(text));
    const ds = await readAll(yoloUltralytics, memoryTree(files));
    expect(ds.get('train', 'a')!.annotations.map((a) => a.type)).toEqual(['polygon', 'polygon']);
  });

  it('writes rotated boxes as an OBB dataset that reads back to the same boxes', async () => {
    const { dataset, tree, report } = await writeAndReadBack(yoloUltralytics, rotated());
    expect(report.dropped).toEqual({});
    expect(report.converted).toEqual({});
    expect(new TextDecoder().decode(await tree.read('data.yaml'))).toMatch(/^task: obb$/m);
    const lines = new TextDecoder()
      .decode(await tree.read('labels/train/a.txt'))
      .trim()
      .split('\n');
    expect(lines.map((l) => l.split(' ').length)).toEqual([9, 9]);
    const [plane, ship] = dataset.get('train', 'a')!.annotations;
    expect(boxOf(plane)).toEqual([10, 20, 40, 20, 30]);
    expect(boxOf(ship)).toEqual([60, 10, 10, 10, 0]);
  });

  it('obb=false writes a rotated box as its corner polygon, counted', async () => {
    const { dataset, report } = await writeAndReadBack(yoloUltralytics, rotated(), { obb: false });
    // the rotated box as its corners, and the upright one too: a file with a polygon is all polygons
    expect(report.converted).toEqual({ 'bbox->polygon': 2 });
    expect(report.warnings.join('\n')).toMatch(/rotated boxes in a dataset that is not OBB/);
    expect(
      dataset
        .get('train', 'a')!
        .annotations.map((a) => a.type)
        .sort(),
    ).toEqual(['polygon', 'polygon']);
  });

  it('a format without rotation gets the polygon from convert(); this one keeps the box', async () => {
    const report = await convert(rotated(), yoloUltralytics, memorySink());
    expect(report.converted).toEqual({});
  });
});

import { type BboxAnnotation, convert, Dataset, memorySink, memoryTree } from '@labelport/core';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { dota } from '../src/dota.js';
import { minAreaRectangle } from '../src/lib/min-area-rect.js';
import { dotaShapes, dotaTree, PNG } from './fixtures.js';

const text = async (tree: { read(p: string): Promise<Uint8Array> }, path: string) =>
  new TextDecoder().decode(await tree.read(path));

describeFormat(dota, {
  fixtures: [
    {
      name: 'DOTA v1.0/v2.0 release layout: train, val, test (images only)',
      tree: dotaTree,
      expect: {
        items: 4,
        subsets: { train: 2, val: 1, test: 1 },
        annotations: { bbox: 4, polygon: 1 },
        labels: ['harbor', 'large-vehicle', 'plane', 'ship', 'small-vehicle'],
      },
      check(ds) {
        const p = ds.get('train', 'P0000')!;
        expect(p.attributes).toEqual({ imagesource: 'GoogleEarth', gsd: 0.146343590398 });
        expect(p.media).toMatchObject({ path: 'train/images/P0000.png', width: 4, height: 3 });
        expect(p.annotations[0]).toEqual({
          type: 'bbox',
          label: 2,
          x: 2753,
          y: 2408,
          w: 108,
          h: 60,
          attributes: { difficult: 0 },
        });
        const turned = p.annotations[1] as BboxAnnotation;
        expect(turned).toMatchObject({ type: 'bbox', label: 4, attributes: { difficult: 1 } });
        expect(turned.attributes.rotation).toBeCloseTo(30, 0);
        expect(Math.abs(turned.w - 40)).toBeLessThan(1);
        expect(Math.abs(turned.h - 20)).toBeLessThan(1);
        expect(p.annotations[2]).toEqual({
          type: 'polygon',
          label: 0,
          points: [100, 100, 200, 100, 260, 180, 90, 170],
          attributes: { difficult: 0 },
        });
        const q = ds.get('train', 'P0001')!;
        expect(q.attributes).toEqual({ imagesource: 'GF2', gsd: 'null' });
        expect((q.annotations[0] as BboxAnnotation).attributes.rotation).toBeCloseTo(120, 0);
        expect(ds.get('val', 'P0002')!.annotations[0]!.attributes).toEqual({ difficult: 0 });
        expect(ds.get('test', 'P0003')!.annotations).toEqual([]);
      },
    },
    {
      name: "Datumaro's exporter layout: default/labelTxt, corners counter-clockwise, no images",
      tree: memoryTree({
        'default/labelTxt/a.txt': '0 0 0 2 2 2 2 0 label_0 0\n1 2 1 5 10 5 10 2 label_1 0\n',
      }),
      expect: { items: 1, subsets: { default: 1 }, annotations: { bbox: 2 }, labels: ['label_0', 'label_1'] },
      check(ds) {
        const a = ds.get('default', 'a')!;
        expect(a.annotations[1]).toMatchObject({ x: 1, y: 2, w: 9, h: 3, attributes: { difficult: 0 } });
        expect(a.media).toMatchObject({ path: 'default/images/a.png' });
        expect(a.media?.bytes).toBeUndefined();
      },
    },
    {
      name: 'labelTxt at the top',
      tree: memoryTree({ 'labelTxt/x.txt': '1 1 3 1 3 3 1 3 ship 0\n', 'images/x.jpg': 'x' }),
      expect: { items: 1, subsets: { default: 1 }, annotations: { bbox: 1 } },
    },
  ],
  roundTrips: [
    {
      name: 'upright and rotated boxes, a quadrilateral, header lines',
      source: dotaShapes,
      writeOptions: { saveMedia: true },
    },
  ],
  badInputs: [
    {
      name: 'a line of 7 fields',
      tree: memoryTree({ 'train/labelTxt/a.txt': 'gsd:0.5\n1 2 3 4 5 6 plane\n' }),
      code: 'bad-field',
      message: /train\/labelTxt\/a\.txt.*line 2.*7 fields/,
    },
    {
      name: 'a corner that is no number',
      tree: memoryTree({ 'labelTxt/a.txt': '1 2 3 4 5 six 7 8 plane 0\n' }),
      message: /labelTxt\/a\.txt: line 1: y3 is not a number/,
    },
    {
      name: 'difficult that is no integer',
      tree: memoryTree({ 'labelTxt/a.txt': '1 2 3 4 5 6 7 8 plane yes\n' }),
      message: 'line 1',
    },
    { name: 'no labelTxt folder', tree: memoryTree({ 'images/a.png': 'x' }), code: 'bad-layout' },
  ],
});

describe('dota details', () => {
  it("writes DOTA's lines: header lines, corners clockwise, class, difficult; Datumaro's folders", async () => {
    const { tree, report } = await writeAndReadBack(dota, dotaShapes(), { saveMedia: true });
    expect(report.dropped).toEqual({});
    const lines = (await text(tree, 'train/labelTxt/P0100.txt')).split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'imagesource:GoogleEarth',
      'gsd:0.146343590398',
      '10 20 40 20 40 60 10 60 plane 0',
    ]);
    expect(lines[3]).toBe(
      '87.6794919243 81.3397459622 122.3205080757 101.3397459622 112.3205080757 118.6602540378 77.6794919243 98.6602540378 small-vehicle 1',
    );
    expect(lines[5]).toBe('100 100 200 100 260 180 90 170 ship 0');
    expect(await text(tree, 'val/labelTxt/P0200.txt')).toBe('imagesource:GF2\ngsd:null\n');
    expect(await tree.exists('val/images/P0200.png')).toBe(true);
  });

  it('keeps rotated boxes through convert() (capabilities.rotation)', async () => {
    const sink = memorySink('out');
    const report = await convert(dotaShapes(), dota, sink);
    expect(report.converted).toEqual({});
    const back = await readAll(dota, sink.tree());
    const box = back.get('train', 'P0100')!.annotations[1] as BboxAnnotation;
    expect(box.attributes.rotation).toBeCloseTo(30, 9);
  });

  it('writes polygons of four corners as they are, others as their least rectangle, counted', async () => {
    const ds = new Dataset({ labels: [{ name: 'ship' }] }, [
      {
        id: 'a',
        subset: 'default',
        attributes: {},
        annotations: [
          { type: 'polygon', label: 0, points: [0, 0, 4, 0, 4, 2, 0, 2], attributes: {} },
          { type: 'polygon', label: 0, points: [0, 0, 10, 0, 10, 4, 5, 6, 0, 4], attributes: {} },
          { type: 'polygon', label: 0, points: [0, 0, 1, 1], attributes: {} },
        ],
      },
    ]);
    const { dataset, report, tree } = await writeAndReadBack(dota, ds);
    expect(report.converted).toEqual({ 'polygon->bbox': 2 });
    expect(report.dropped).toEqual({ polygon: 1 });
    expect(report.warnings.join('\n')).toMatch(/least rectangle/);
    expect((await text(tree, 'default/labelTxt/a.txt')).split('\n')[1]).toBe('0 0 10 0 10 6 0 6 ship 0');
    expect(dataset.get('default', 'a')!.annotations.map((a) => a.type)).toEqual(['bbox', 'bbox']);
  });

  it('writes one shape per object and counts what DOTA cannot hold', async () => {
    const ds = new Dataset({ labels: [{ name: 'small vehicle' }] }, [
      {
        id: 'a',
        subset: 'default',
        attributes: { weather: 'rain', flag: true },
        annotations: [
          { type: 'polygon', label: 0, points: [0, 0, 4, 0, 4, 4], group: 0, attributes: {} },
          {
            type: 'bbox',
            label: 0,
            x: 0,
            y: 0,
            w: 4,
            h: 4,
            group: 0,
            attributes: { score: 0.9, difficulty: 1 },
          },
          { type: 'bbox', x: 0, y: 0, w: 1, h: 1, attributes: {} },
          { type: 'ellipse', label: 0, x1: 0, y1: 0, x2: 2, y2: 2, attributes: {} },
          { type: 'bbox', label: 0, x: 5, y: 5, w: 1, h: 1, objectId: 3, attributes: { difficult: 'maybe' } },
        ],
      },
    ]);
    const { report, tree } = await writeAndReadBack(dota, ds);
    expect(report.dropped).toEqual({
      group: 1,
      polygon: 1,
      bbox: 1,
      ellipse: 1,
      attribute: 2,
      objectId: 1,
      'item attribute': 1,
    });
    expect(await text(tree, 'default/labelTxt/a.txt')).toBe(
      'weather:rain\n0 0 4 0 4 4 0 4 small-vehicle 1\n5 5 6 5 6 6 5 6 small-vehicle 0\n',
    );
    expect(report.warnings.join('\n')).toMatch(/one word/);
  });

  it('reads four corners near a rectangle as a box within the tolerance, a polygon beyond it', async () => {
    const tree = memoryTree({ 'labelTxt/a.txt': '88 81 122 101 112 119 78 99 car 0\n' });
    expect((await readAll(dota, tree)).get('default', 'a')!.annotations[0]!.type).toBe('bbox');
    const exact = await readAll(dota, tree, { rectangleTolerance: 0 });
    expect(exact.get('default', 'a')!.annotations[0]!.type).toBe('polygon');
  });

  it('finds the least rectangle of a polygon', () => {
    const r = minAreaRectangle([0, 0, 2, 2, 4, 0, 2, -2]);
    const area = Math.hypot(r[2]! - r[0]!, r[3]! - r[1]!) * Math.hypot(r[4]! - r[2]!, r[5]! - r[3]!);
    expect(area).toBeCloseTo(8, 9);
  });

  it('is not taken for YOLO labels', async () => {
    const yolo = memoryTree({ 'labels/a.txt': '0 0.5 0.5 0.1 0.1\n', 'images/a.png': PNG });
    await expect(readAll(dota, yolo)).rejects.toThrow(/no labelTxt folder/);
  });
});

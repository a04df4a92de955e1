import { createRegistry, memorySink, memoryTree, sourceOf } from '@labelport/core';
import { readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formats, yolo, yoloUltralytics } from '../src/index.js';
import { png } from './fixtures/trees.js';

/** Label Studio's "YOLO" export: classes.txt and notes.json beside images/ and labels/, CRLF lines. */
const labelStudioTree = () =>
  memoryTree({
    'classes.txt': 'Airplane\r\nCar\r\n',
    'notes.json': JSON.stringify({
      categories: [
        { id: 0, name: 'Airplane' },
        { id: 1, name: 'Car' },
      ],
      info: {},
    }),
    'images/0a1b2c-photo1.jpg': png(100, 50),
    'images/0d4e5f-photo2.PNG': png(40, 40),
    'images/77aa00-scan.jpeg': png(10, 20),
    'labels/0a1b2c-photo1.txt': '0 0.5 0.5 0.2 0.4\r\n1 0.25 0.25 0.1 0.1\r\n',
    'labels/0d4e5f-photo2.txt': '1 0.5 0.5 1 1\r\n',
    'labels/77aa00-scan.txt': '',
  });

describe('yolo as Label Studio exports it', () => {
  it('is detected as yolo', async () => {
    const { matches } = await createRegistry(formats).detect(labelStudioTree());
    expect(matches[0]).toMatchObject({ id: 'yolo' });
  });

  it('reads classes.txt, CRLF lines and images of any extension matched by stem', async () => {
    const ds = await readAll(yolo, labelStudioTree());
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['Airplane', 'Car']);
    const a = ds.get('default', '0a1b2c-photo1')!;
    expect(a.media?.path).toBe('images/0a1b2c-photo1.jpg');
    expect(a.annotations).toMatchObject([
      { type: 'bbox', label: 0, x: 40, y: 15, w: 20, h: 20 },
      { type: 'bbox', label: 1, x: 20, y: 10, w: 10, h: 5 },
    ]);
    const b = ds.get('default', '0d4e5f-photo2')!;
    expect(b.media?.path).toBe('images/0d4e5f-photo2.PNG');
    expect(b.annotations).toMatchObject([{ type: 'bbox', label: 1, x: 0, y: 0, w: 40, h: 40 }]);
    expect(ds.get('default', '77aa00-scan')!.media?.path).toBe('images/77aa00-scan.jpeg');
    expect(ds.get('default', '77aa00-scan')!.annotations).toEqual([]);
  });
});

const media = (width: number, height: number) => ({ kind: 'image' as const, width, height });
const text = async (tree: { read(p: string): Promise<Uint8Array> }, p: string) =>
  new TextDecoder().decode(await tree.read(p));

describe('yolo_ultralytics written as Ultralytics reads it', () => {
  // A COCO object (box and two polygon parts in group 0), a box-only object, and images in
  // Roboflow's subsets train/valid.
  const coco = () =>
    sourceOf({ labels: [{ name: 'person' }, { name: 'car' }] }, [
      {
        id: 'a',
        subset: 'train',
        attributes: {},
        media: media(100, 100),
        annotations: [
          { type: 'bbox', x: 10, y: 10, w: 50, h: 50, id: 0, group: 0, label: 0, attributes: {} },
          { type: 'polygon', points: [10, 10, 30, 10, 30, 30], id: 0, group: 0, label: 0, attributes: {} },
          { type: 'polygon', points: [40, 40, 60, 40, 60, 60], id: 0, group: 0, label: 0, attributes: {} },
          { type: 'bbox', x: 70, y: 70, w: 20, h: 10, id: 1, group: 1, label: 1, attributes: {} },
        ],
      },
      { id: 'b', subset: 'valid', attributes: {}, media: media(10, 10), annotations: [] },
    ]);

  it('writes one line per object; a file with a polygon has polygon lines only, and the report says so', async () => {
    const sink = memorySink();
    const report = await yoloUltralytics.write!(coco(), sink);
    await sink.commit();
    const lines = (await text(sink.tree(), 'labels/train/a.txt')).trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => l.split(' ').length > 5)).toBe(true);
    expect(lines[1]).toBe('1 0.7 0.7 0.9 0.7 0.9 0.8 0.7 0.8');
    expect(report.dropped).toEqual({ bbox: 1 });
    expect(report.converted).toEqual({ 'polygon->merged polygon': 2, 'bbox->polygon': 1 });
  });

  it('writes val: for a valid subset, no path:, an empty label file for an image without objects', async () => {
    const sink = memorySink();
    await yoloUltralytics.write!(coco(), sink);
    await sink.commit();
    const yaml = await text(sink.tree(), 'data.yaml');
    expect(yaml).toBe('train: images/train\nval: images/val\nnames:\n  0: person\n  1: car\n');
    expect(await text(sink.tree(), 'labels/val/b.txt')).toBe('');
  });

  it('reads its own output back: the merged outline covers both parts', async () => {
    const { dataset } = await writeAndReadBack(yoloUltralytics, coco());
    expect(dataset.subsets().sort()).toEqual(['train', 'val']);
    const [object] = dataset.get('train', 'a')!.annotations;
    expect(object).toMatchObject({ type: 'polygon', label: 0 });
    const pts = (object as { points: number[] }).points;
    expect(Math.min(...pts)).toBeCloseTo(10);
    expect(Math.max(...pts)).toBeCloseTo(60);
  });
});

describe('yolo_ultralytics pose with groups from 0', () => {
  it('writes the keypoints of group 0 on the line of their box', async () => {
    const source = sourceOf({ labels: [{ name: 'person' }] }, [
      {
        id: 'p',
        subset: 'train',
        attributes: {},
        media: media(100, 50),
        annotations: [
          { type: 'bbox', x: 10, y: 10, w: 20, h: 20, label: 0, group: 0, attributes: {} },
          { type: 'points', points: [15, 15], visibility: [2], label: 0, group: 0, attributes: {} },
        ],
      },
    ]);
    const { tree, report } = await writeAndReadBack(yoloUltralytics, source, { keypoints: 1 });
    expect(report.converted).toEqual({});
    expect(await text(tree, 'labels/train/p.txt')).toBe('0 0.2 0.4 0.2 0.4 0.15 0.3 2\n');
  });
});

describe('yolo loss reports', () => {
  it('does not count attributes a reader filled with their defaults (is_crowd, occluded) as lost', async () => {
    const box = (attributes: Record<string, boolean | number | string>) => ({
      type: 'bbox' as const,
      x: 1,
      y: 1,
      w: 2,
      h: 2,
      label: 0,
      attributes,
    });
    const source = sourceOf({ labels: [{ name: 'a' }] }, [
      {
        id: 'x',
        subset: 'train',
        attributes: {},
        media: media(10, 10),
        annotations: [box({ is_crowd: false, occluded: false }), box({ is_crowd: true, note: 'n' })],
      },
    ]);
    for (const format of [yolo, yoloUltralytics]) {
      const report = await format.write!(source, memorySink());
      expect(report.dropped, format.id).toEqual({ attribute: 2 });
    }
  });
});

describe('yolo_ultralytics coordinates inside the image', () => {
  it('cuts shapes that leave the image and drops those wholly outside (Ultralytics rejects the file else)', async () => {
    const source = sourceOf({ labels: [{ name: 'a' }] }, [
      {
        id: 'x',
        subset: 'train',
        attributes: {},
        media: media(10, 10),
        annotations: [
          { type: 'bbox', x: -2, y: 5, w: 6, h: 10, label: 0, attributes: {} },
          { type: 'bbox', x: 20, y: 20, w: 5, h: 5, label: 0, attributes: {} },
        ],
      },
      {
        id: 'y',
        subset: 'train',
        attributes: {},
        media: media(10, 10),
        annotations: [{ type: 'polygon', points: [-1, 0, 12, 0, 5, 5], label: 0, attributes: {} }],
      },
    ]);
    const { tree, report } = await writeAndReadBack(yoloUltralytics, source);
    expect(await text(tree, 'labels/train/x.txt')).toBe('0 0.2 0.75 0.4 0.5\n');
    expect(await text(tree, 'labels/train/y.txt')).toBe('0 0 0 1 0 0.5 0.5\n');
    expect(report.dropped).toEqual({ bbox: 1 });
    expect(report.converted).toEqual({
      'bbox->bbox cut to the image': 1,
      'polygon->polygon cut to the image': 1,
    });
  });
});

describe('yolo without images: boxes as fractions', () => {
  it('reads label files without images or images.meta as normalised boxes, and writes them back as they are', async () => {
    const tree = memoryTree({ 'obj.names': 'cat\n', 'labels/x.txt': '0 0.5 0.5 0.25 0.5\n' });
    const ds = await readAll(yolo, tree);
    const [box] = ds.get('default', 'x')!.annotations;
    expect(box).toMatchObject({ type: 'bbox', x: 0.375, y: 0.25, w: 0.25, h: 0.5, normalized: true });
    for (const format of [yolo, yoloUltralytics]) {
      const sink = memorySink();
      const report = await format.write!(ds, sink);
      await sink.commit();
      expect(report.dropped, format.id).toEqual({});
      const file = format === yolo ? 'obj_train_data/x.txt' : 'labels/train/x.txt';
      expect(await text(sink.tree(), file), format.id).toBe('0 0.5 0.5 0.25 0.5\n');
    }
  });

  it('turns fractions into pixels where the image size is known', async () => {
    const source = sourceOf({ labels: [{ name: 'a' }] }, [
      {
        id: 'x',
        subset: 'train',
        attributes: {},
        media: media(200, 100),
        annotations: [
          { type: 'bbox', x: 0.25, y: 0.5, w: 0.5, h: 0.25, label: 0, normalized: true, attributes: {} },
        ],
      },
    ]);
    const { dataset } = await writeAndReadBack(yoloUltralytics, source);
    expect(dataset.get('train', 'x')!.annotations[0]).toMatchObject({ x: 50, y: 50, w: 100, h: 25 });
    expect(dataset.get('train', 'x')!.annotations[0]!.normalized).toBeUndefined();
  });
});

describe('yolo_ultralytics item ids with an images folder', () => {
  it('warns that Ultralytics would look for their labels elsewhere', async () => {
    const source = sourceOf({ labels: [{ name: 'a' }] }, [
      { id: 'scan/images/p1', subset: 'train', attributes: {}, media: media(10, 10), annotations: [] },
    ]);
    const report = await yoloUltralytics.write!(source, memorySink());
    expect(report.warnings.join(' ')).toMatch(/folder named images/);
  });
});

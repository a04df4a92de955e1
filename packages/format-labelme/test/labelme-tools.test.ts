import { Dataset, memorySink, memoryTree } from '@labelport/core';
import { readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { labelmeJson } from '../src/index.js';

/** A shape as labelme 5.x saves it (group_id null when the shape has no group). */
const polygon = (label: string, group_id: number | null, x: number) => ({
  label,
  points: [
    [x, 0],
    [x + 4, 0],
    [x + 4, 4],
  ],
  group_id,
  description: '',
  shape_type: 'polygon',
  flags: {},
  mask: null,
});

// 18 shapes: 9 without a group, and three groups of three: 0, 1 and 2. labelme2coco makes 12 objects.
const groups: (number | null)[] = [
  null,
  0,
  0,
  1,
  null,
  0,
  1,
  1,
  null,
  2,
  2,
  2,
  null,
  null,
  null,
  null,
  null,
  null,
];
const LABELME_FILE = {
  version: '5.4.1',
  flags: {},
  shapes: groups.map((g, i) =>
    polygon(g === null ? (i % 2 ? 'cat' : 'dog') : g === 1 ? 'cat' : 'dog', g, i * 5),
  ),
  imagePath: '../images/room.jpg',
  imageData: null,
  imageHeight: 40,
  imageWidth: 120,
};

describe('labelme_json as labelme and labelme2coco use it', () => {
  it('reads group_id 0 as a group: 18 shapes are 12 objects', async () => {
    const tree = memoryTree({
      'annotations/room.json': JSON.stringify(LABELME_FILE, null, 2),
      'images/room.jpg': new Uint8Array([0xff, 0xd8]),
    });
    const ds = await readAll(labelmeJson, tree);
    const item = ds.get('default', 'annotations/room')!;
    expect(item.annotations).toHaveLength(18);
    expect(item.annotations[1]!.group).toBe(0);
    expect(item.annotations[0]!.group).toBeUndefined();
    const objects = new Set(
      item.annotations.map((a, i) => (a.group !== undefined ? `g${a.group}` : `s${i}`)),
    );
    expect(objects.size).toBe(12);
    expect(item.media?.path).toBe('images/room.jpg');
    expect(item.media?.bytes).toBeDefined();
  });

  it('makes one object of a label and a group_id, as labelme2coco does: a group_id of two labels is two objects', async () => {
    const doc = {
      ...LABELME_FILE,
      shapes: [polygon('dog', 0, 0), polygon('dog', 0, 5), polygon('cat', 0, 10)],
    };
    const ds = await readAll(labelmeJson, memoryTree({ 'a.json': JSON.stringify(doc) }));
    expect(ds.get('default', 'a')!.annotations.map((a) => a.group)).toEqual([0, 0, 1]);
  });

  it('writes group 0 back as group_id 0 and no group as null', async () => {
    const tree = memoryTree({ 'room.json': JSON.stringify(LABELME_FILE) });
    const { dataset } = await writeAndReadBack(labelmeJson, await readAll(labelmeJson, tree));
    const back = dataset.get('default', 'room')!.annotations.map((a) => a.group ?? null);
    expect(back).toEqual(groups);
  });

  it('without saveMedia points imagePath at the media where it is, and reports the media dropped', async () => {
    const ds = new Dataset({ labels: [{ name: 'dog' }] }, [
      {
        id: 'ann/room',
        subset: 'default',
        attributes: {},
        media: { kind: 'image', path: 'images/room.jpg', bytes: async () => new Uint8Array([1]) },
        annotations: [{ type: 'bbox', x: 1, y: 1, w: 2, h: 2, label: 0, attributes: {} }],
      },
      {
        id: 'flat',
        subset: 'default',
        attributes: {},
        media: { kind: 'image', path: 'flat.png', bytes: async () => new Uint8Array([2]) },
        annotations: [],
      },
    ]);
    const sink = memorySink();
    const report = await labelmeJson.write!(ds, sink);
    await sink.commit();
    const files = sink.files;
    const room = JSON.parse(new TextDecoder().decode(files.get('ann/room.json')!));
    expect(room.imagePath).toBe('../images/room.jpg');
    const flat = JSON.parse(new TextDecoder().decode(files.get('flat.json')!));
    expect(flat.imagePath).toBe('flat.png');
    expect(report.dropped).toEqual({ media: 2 });
    expect([...files.keys()].sort()).toEqual(['ann/room.json', 'flat.json']);

    const saved = memorySink();
    const savedReport = await labelmeJson.write!(ds, saved, { saveMedia: true });
    await saved.commit();
    expect(savedReport.dropped).toEqual({});
    const back = JSON.parse(new TextDecoder().decode(saved.files.get('ann/room.json')!));
    expect(back.imagePath).toBe('room.jpg');
    expect(saved.files.get('ann/room.jpg')).toEqual(new Uint8Array([1]));
  });
});

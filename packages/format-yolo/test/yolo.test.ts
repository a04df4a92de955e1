import { type Categories, memoryTree, sourceOf } from '@labelport/core';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { yolo } from '../src/index.js';
import { looseTree, png, strictTree } from './fixtures/trees.js';

const categories: Categories = { labels: [{ name: 'cat' }, { name: 'dog' }] };
const item = (
  id: string,
  subset: string,
  w: number,
  h: number,
  boxes: [number, number, number, number, number][],
) => ({
  id,
  subset,
  attributes: {},
  // a darknet list names every item's image: the image path is always known on reading back
  media: { kind: 'image' as const, path: `${id}.jpg`, width: w, height: h },
  annotations: boxes.map(([label, x, y, bw, bh]) => ({
    type: 'bbox' as const,
    label,
    x,
    y,
    w: bw,
    h: bh,
    attributes: {},
  })),
});

describeFormat(yolo, {
  fixtures: [
    {
      name: 'strict: obj.data, lists, obj_<subset>_data',
      tree: strictTree,
      // train.txt: a, sub/b (no label file); valid.txt: c (no image; 40x30 from images.meta)
      expect: {
        items: 3,
        subsets: { train: 2, valid: 1 },
        annotations: { bbox: 3 },
        labels: ['cat', 'dog', 'bird'],
      },
      check(ds) {
        const a = ds.get('train', 'a')!;
        expect(a.media).toMatchObject({ path: 'obj_train_data/a.png', width: 20, height: 10 });
        // '0 0.5 0.5 0.5 0.2' on 20x10: x = (0.5 - 0.25) * 20 = 5, y = (0.5 - 0.1) * 10 = 4, w 10, h 2
        expect(a.annotations[0]).toMatchObject({ type: 'bbox', label: 0, x: 5, y: 4, w: 10, h: 2 });
        expect(ds.get('train', 'sub/b')!.annotations).toEqual([]);
        expect(ds.get('valid', 'c')!.annotations[0]).toMatchObject({ x: 0, y: 0, w: 40, h: 30 });
      },
    },
    {
      name: 'loose: obj.names, labels/<subset>, images/<subset>',
      tree: looseTree,
      // z.png has no label file: an item without annotations
      expect: { items: 3, subsets: { train: 1, val: 2 }, annotations: { bbox: 3 } },
    },
    {
      name: "Roboflow's YOLO Darknet export (<subset>/_darknet.labels, files side by side)",
      tree: () =>
        memoryTree({
          'train/_darknet.labels': 'cat\ndog\n',
          'train/a.png': png(4, 4),
          'train/a.txt': '1 0.5 0.5 0.5 0.5\n',
          'valid/_darknet.labels': 'cat\ndog\n',
          'valid/b.png': png(4, 4),
          'valid/b.txt': '0 0.5 0.5 0.5 0.5\n0 0.25 0.25 0.5 0.5\n',
          'README.roboflow.txt': 'exported from roboflow\n',
        }),
      expect: { items: 2, subsets: { train: 1, valid: 1 }, annotations: { bbox: 3 }, labels: ['cat', 'dog'] },
    },
  ],
  roundTrips: [
    {
      name: 'boxes with awkward fractions on odd sizes, two subsets',
      source: () =>
        sourceOf(categories, [
          item('a', 'train', 1919, 1077, [
            [0, 0.123456789, 17.000001, 333.333333, 1 / 7],
            [1, 1000.5, 3, 918.5, 1074],
          ]),
          item('nested/b', 'val', 3, 5, [[1, 0, 0, 3, 5]]),
          item('c', 'val', 7, 7, []),
        ]),
    },
  ],
  badInputs: [
    {
      name: 'a label index past obj.names',
      tree: () =>
        memoryTree({
          'obj.names': 'cat\n',
          'labels/train/x.txt': '0 0.5 0.5 0.1 0.1\n3 0.5 0.5 0.1 0.1\n',
          'images.meta': 'x 10 10\n',
        }),
      code: 'bad-line',
      message: /labels\/train\/x\.txt: line 2: class index 3 is past the 1 names in obj\.names/,
    },
    {
      name: 'a 4-field line',
      tree: () =>
        memoryTree({ 'obj.names': 'cat\n', 'labels/x.txt': '0 0.5 0.5 0.1\n', 'images.meta': 'x 10 10\n' }),
      message: /labels\/x\.txt: line 1: expected 5 fields \(class cx cy w h\), got 4/,
    },
    {
      name: 'an image whose header cannot be read',
      tree: () =>
        memoryTree({
          'obj.names': 'cat\n',
          'labels/x.txt': '0 0.5 0.5 0.1 0.1\n',
          'images/x.png': 'not a png',
        }),
      code: 'not-found',
      message: /labels\/x\.txt: cannot read the size of 'images\/x\.png' from its header/,
    },
    {
      name: 'a coordinate that is not a number',
      tree: () =>
        memoryTree({
          'obj.names': 'cat\n',
          'labels/x.txt': '0 0.5 abc 0.1 0.1\n',
          'images.meta': 'x 10 10\n',
        }),
      message: /labels\/x\.txt: line 1: field 3 is not a number: 'abc'/,
    },
    {
      name: 'obj.data without names',
      tree: () => memoryTree({ 'obj.data': 'classes = 1\ntrain = data/train.txt\n', 'train.txt': '' }),
      message: /obj\.data: no 'names = <file>' line/,
    },
  ],
});

describe('yolo reading', () => {
  it("matches the absolute paths of the author's machine by their tails", async () => {
    const ds = await readAll(
      yolo,
      memoryTree({
        'obj.data':
          'classes = 1\ntrain = /home/me/darknet/data/train.txt\nnames = C:\\darknet\\data\\obj.names\n',
        'obj.names': 'cat\n',
        'train.txt': '/home/me/darknet/data/obj_train_data/x.jpg\n',
        'obj_train_data/x.txt': '0 0.5 0.5 1 1\n',
        'images.meta': 'x 4 4\n',
      }),
    );
    expect(ds.subset('train').map((i) => [i.id, i.annotations.length])).toEqual([['x', 1]]);
  });

  it("takes the label names from Datumaro's dataset_meta.json when there is one", async () => {
    const ds = await readAll(
      yolo,
      memoryTree({
        'obj.names': 'a\nb\n',
        'dataset_meta.json': '{"labels": ["x", "y", "z"]}',
        'labels/t.txt': '2 0.5 0.5 1 1\n',
        'images.meta': 't 2 2\n',
      }),
    );
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['x', 'y', 'z']);
    expect(ds.get('default', 't')!.annotations[0].label).toBe(2);
  });

  it('finds label files where darknet looks for them (images/ -> labels/)', async () => {
    const ds = await readAll(
      yolo,
      memoryTree({
        'obj.data': 'train = data/train.txt\nnames = data/obj.names\n',
        'obj.names': 'cat\n',
        'train.txt': 'data/VOC/images/x.jpg\ndata/VOC/JPEGImages/y.jpg\n',
        'VOC/labels/x.txt': '0 0.5 0.5 1 1\n',
        'VOC/labels/y.txt': '0 0.5 0.5 1 1\n0 0.5 0.5 1 1\n',
        'images.meta': 'images/x 4 4\nJPEGImages/y 4 4\n',
      }),
    );
    // item ids drop the first folder of the listed path, as Datumaro's do
    expect(ds.subset('train').map((i) => [i.id, i.annotations.length])).toEqual([
      ['images/x', 1],
      ['JPEGImages/y', 2],
    ]);
  });
});

describe('yolo writing', () => {
  it('writes the darknet layout with the data/ prefix, train as the default subset, and images.meta', async () => {
    const { tree, report } = await writeAndReadBack(
      yolo,
      sourceOf(categories, [item('a', 'default', 4, 2, [[1, 1, 0, 2, 2]])]),
    );
    const text = async (p: string) => new TextDecoder().decode(await tree.read(p));
    expect(await text('obj.data')).toBe(
      'classes = 2\ntrain = data/train.txt\nnames = data/obj.names\nbackup = backup/\n',
    );
    expect(await text('train.txt')).toBe('data/obj_train_data/a.jpg\n');
    expect(await text('obj_train_data/a.txt')).toBe('1 0.5 0.5 0.5 1\n');
    expect(await text('images.meta')).toBe('a 2 4\n');
    expect(report.items).toBe(1);
  });

  it('addPathPrefix false writes paths without data/, and they read back', async () => {
    const { dataset, tree } = await writeAndReadBack(
      yolo,
      sourceOf(categories, [item('a', 'val', 4, 2, [[1, 1, 0, 2, 2]])]),
      { addPathPrefix: false },
    );
    const text = async (p: string) => new TextDecoder().decode(await tree.read(p));
    expect(await text('obj.data')).toBe('classes = 2\nval = val.txt\nnames = obj.names\nbackup = backup/\n');
    expect(await text('val.txt')).toBe('obj_val_data/a.jpg\n');
    expect(dataset.get('val', 'a')!.annotations.length).toBe(1);
  });

  it('keys images.meta by image path when an id is in two subsets', async () => {
    const { dataset, tree } = await writeAndReadBack(
      yolo,
      sourceOf(categories, [
        item('a', 'train', 4, 2, [[0, 0, 0, 4, 2]]),
        item('a', 'val', 8, 6, [[0, 0, 0, 8, 6]]),
        item('b', 'val', 3, 3, []),
      ]),
    );
    expect(new TextDecoder().decode(await tree.read('images.meta'))).toBe(
      'obj_train_data/a.jpg 2 4\nobj_val_data/a.jpg 6 8\nb 3 3\n',
    );
    expect(dataset.get('val', 'a')!.annotations[0]).toMatchObject({ w: 8, h: 6 });
  });

  it("quotes an id with a space in images.meta as shlex.quote does (Datumaro's reader), and reads it back", async () => {
    const { dataset, tree } = await writeAndReadBack(
      yolo,
      sourceOf(categories, [item("my cat's", 'train', 4, 2, [[0, 0, 0, 4, 2]])]),
    );
    expect(new TextDecoder().decode(await tree.read('images.meta'))).toBe(`'my cat'"'"'s' 2 4\n`);
    expect(dataset.get('train', "my cat's")!.annotations[0]).toMatchObject({ w: 4, h: 2 });
  });

  it('a broken images.meta line is an error naming the file and the line', async () => {
    const tree = memoryTree({
      'obj.names': 'cat\n',
      'labels/x.txt': '0 0.5 0.5 0.1 0.1\n',
      'images.meta': 'x 10 10\n"y 10 10\n',
    });
    await expect(readAll(yolo, tree)).rejects.toThrow('images.meta: line 2: no closing quotation');
  });

  it('reports what it cannot hold', async () => {
    const { report } = await writeAndReadBack(
      yolo,
      sourceOf(categories, [
        {
          id: 'a',
          subset: 'train',
          attributes: {},
          annotations: [
            { type: 'polygon', points: [0, 0, 1, 0, 1, 1], label: 0, attributes: {} },
            { type: 'bbox', x: 0, y: 0, w: 1, h: 1, label: 0, attributes: {} },
          ],
        },
      ]),
    );
    // no image size: the box cannot be normalised
    expect(report.dropped).toEqual({ polygon: 1, bbox: 1 });
  });

  it('reads back exactly to 1e-6 pixels', async () => {
    const source = sourceOf(categories, [
      item('a', 'train', 4000, 3000, [[0, 1234.567891, 2345.678912, 345.678901, 456.789012]]),
    ]);
    const { dataset } = await writeAndReadBack(yolo, source);
    const b = dataset.get('train', 'a')!.annotations[0] as any;
    expect(Math.abs(b.x - 1234.567891)).toBeLessThan(1e-6);
    expect(Math.abs(b.y - 2345.678912)).toBeLessThan(1e-6);
    expect(Math.abs(b.w - 345.678901)).toBeLessThan(1e-6);
    expect(Math.abs(b.h - 456.789012)).toBeLessThan(1e-6);
  });

  it('lenient reading skips a bad item and says so', async () => {
    const warnings: string[] = [];
    const ds = await readAll(
      yolo,
      memoryTree({
        'obj.names': 'cat\n',
        'labels/x.txt': '0 0.5 0.5 0.1\n',
        'labels/y.txt': '0 0.5 0.5 0.5 0.5\n',
        'images.meta': 'x 10 10\ny 10 10\n',
      }),
      { lenient: true, onWarning: (w: string) => warnings.push(w) },
    );
    expect(ds.size).toBe(1);
    expect(warnings[0]).toMatch(/labels\/x\.txt: line 1/);
  });
});

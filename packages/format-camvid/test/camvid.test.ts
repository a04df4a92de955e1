import {
  bitmapMask,
  createRegistry,
  Dataset,
  type DatasetItem,
  loadMask,
  memorySink,
  memoryTree,
} from '@labelport/core';
import { parseLabelColors } from '@labelport/core/meta';
import { decodePng, encodePng } from '@labelport/core/png';
import { describeFormat, readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { camvid } from '../src/index.js';
import { camvidCategories } from '../src/lib/camvid-labelmap.js';

type Rgb = [number, number, number];
const rgbPng = (width: number, height: number, pixels: Rgb[]) =>
  encodePng({ width, height, colorType: 'rgb', data: Uint8Array.from(pixels.flat()) });
const grayPng = (width: number, height: number, values: number[]) =>
  encodePng({ width, height, colorType: 'gray', data: Uint8Array.from(values) });

const VOID: Rgb = [0, 0, 0];
const BUILDING: Rgb = [128, 0, 0];
const TREE: Rgb = [0, 128, 0];
const SKY: Rgb = [128, 128, 128];
const ROAD: Rgb = [128, 64, 128];

const tree = () =>
  memoryTree({
    'label_colors.txt': '0 0 0 Void\n128 0 0 Building\n0 128 0 Tree\n',
    'train.txt': '/train/a.png /trainannot/a.png\n/train/b.png\n',
    'val.txt': '"/val/with space.png" "/valannot/with space.png"\n',
    'train/a.png': rgbPng(3, 2, [SKY, SKY, SKY, SKY, SKY, SKY]),
    'trainannot/a.png': rgbPng(3, 2, [VOID, BUILDING, BUILDING, TREE, TREE, VOID]),
    'valannot/with space.png': rgbPng(2, 1, [TREE, TREE]),
  });

const bits = (...v: number[]) => Uint8Array.from(v);
const categories = () => ({
  labels: [{ name: 'Void' }, { name: 'Building' }, { name: 'Tree' }],
  colors: new Map<number, Rgb>([
    [0, VOID],
    [1, BUILDING],
    [2, TREE],
  ]),
});
const source = () =>
  new Dataset(categories(), [
    {
      id: 'x/1',
      subset: 'train',
      media: {
        kind: 'image',
        path: 'x/1.png',
        width: 3,
        height: 1,
        bytes: async () => rgbPng(3, 1, [SKY, SKY, SKY]),
      },
      annotations: [
        {
          type: 'mask',
          label: 1,
          mask: bitmapMask({ width: 3, height: 1, data: bits(1, 1, 0) }),
          attributes: {},
        },
        {
          type: 'mask',
          label: 2,
          mask: bitmapMask({ width: 3, height: 1, data: bits(0, 0, 1) }),
          attributes: {},
        },
      ],
      attributes: {},
    },
    {
      id: 'empty',
      subset: 'test',
      media: {
        kind: 'image',
        path: 'empty.jpg',
        width: 3,
        height: 1,
        bytes: async () => rgbPng(3, 1, [SKY, SKY, SKY]),
      },
      annotations: [],
      attributes: {},
    },
  ]);

describeFormat(camvid, {
  fixtures: [
    {
      name: 'colour masks, a label map, an item without mask, quoted paths',
      tree,
      // trainannot/a.png: Void x2, Building x2, Tree x2 -> 3 masks; b has no mask; the val mask is all Tree.
      expect: {
        items: 3,
        subsets: { train: 2, val: 1 },
        annotations: { mask: 4 },
        labels: ['Void', 'Building', 'Tree'],
      },
      async check(ds) {
        const a = ds.get('train', 'a')!;
        expect(a.media).toMatchObject({ path: 'train/a.png', width: 3, height: 2 });
        const masks = await Promise.all(
          a.annotations.map(async (m) => [m.label, [...(await loadMask((m as any).mask)).data]]),
        );
        expect(masks).toEqual([
          [0, [1, 0, 0, 0, 0, 1]],
          [1, [0, 1, 1, 0, 0, 0]],
          [2, [0, 0, 0, 1, 1, 0]],
        ]);
        expect(ds.get('train', 'b')!.annotations).toEqual([]);
        expect(ds.get('val', 'with space')!.media!.bytes).toBeUndefined();
        expect(ds.categories.colors!.get(1)).toEqual(BUILDING);
      },
    },
    {
      name: 'no label map: the CamVid colours',
      tree: () =>
        memoryTree({
          'test.txt': '/test/r.png /testannot/r.png\n',
          'testannot/r.png': rgbPng(2, 1, [SKY, ROAD]),
        }),
      expect: { items: 1, annotations: { mask: 2 } },
      check(ds) {
        expect(ds.categories.labels.length).toBe(32);
        expect(ds.get('test', 'r')!.annotations.map((a) => ds.categories.labels[a.label!]!.name)).toEqual([
          'Road',
          'Sky',
        ]);
      },
    },
    {
      name: 'a one-channel mask of label indices',
      tree: () =>
        memoryTree({
          'label_colors.txt': '0 0 0 Void\n128 0 0 Building\n',
          'a.txt': '/a/i.png /aannot/i.png\n',
          'aannot/i.png': grayPng(2, 1, [1, 1]),
        }),
      expect: { items: 1, annotations: { mask: 1 } },
    },
  ],
  roundTrips: [
    { name: 'masks covering every pixel, subsets, images', source, writeOptions: { saveMedia: true } },
    {
      name: 'masks as label indices',
      source,
      writeOptions: { applyColormap: false },
      compare: { ignoreMedia: true },
    },
  ],
  badInputs: [
    {
      name: 'a colour that is not in the label map',
      tree: () =>
        memoryTree({
          'label_colors.txt': '0 0 0 Void\n',
          'a.txt': '/a/i.png /aannot/i.png\n',
          'aannot/i.png': rgbPng(2, 1, [VOID, [1, 2, 3]]),
        }),
      code: 'bad-image',
      message: /^aannot\/i\.png: colour \(1 2 3\) at pixel 1,0 is not in the label map$/,
    },
    {
      name: 'a one-channel mask with an index past the labels',
      tree: () =>
        memoryTree({
          'label_colors.txt': '0 0 0 Void\n',
          'a.txt': '/a/i.png /aannot/i.png\n',
          'aannot/i.png': grayPng(2, 1, [0, 255]),
        }),
      code: 'unknown-label',
      message: /^aannot\/i\.png: index 255 at pixel 1,0 is not a label \(1 known\)$/,
    },
    {
      name: 'a mask that is not there',
      tree: () =>
        memoryTree({
          'label_colors.txt': '0 0 0 Void\n',
          'a.txt': '/a/i.png /aannot/i.png\n',
          'aannot/x.png': '',
        }),
      code: 'not-found',
      message: /^a\.txt: line 1: mask 'aannot\/i\.png' not found$/,
    },
    {
      name: 'a label map line with a bad colour',
      tree: () => memoryTree({ 'label_colors.txt': '0 0 0 Void\n1 2 x Car\n', 'a.txt': '/a/i.png\n' }),
      message: /^label_colors\.txt: line 2: colour '1 2 x' is not 3 numbers/,
    },
    {
      name: 'a mask that is not a PNG',
      tree: () =>
        memoryTree({
          'label_colors.txt': '0 0 0 Void\n',
          'a.txt': '/a/i.png /aannot/i.png\n',
          'aannot/i.png': 'text',
        }),
      message: /^aannot\/i\.png: /,
    },
  ],
});

describe('camvid details', () => {
  it('writes the lists, colour masks and label_colors.txt', async () => {
    const sink = memorySink();
    await camvid.write!(source(), sink, {});
    await sink.commit();
    const text = (p: string) => new TextDecoder().decode(sink.files.get(p));
    expect([...sink.files.keys()].sort()).toEqual([
      'label_colors.txt',
      'test.txt',
      'train.txt',
      'trainannot/x/1.png',
    ]);
    expect(text('train.txt')).toBe('/train/x/1.png /trainannot/x/1.png\n');
    expect(text('test.txt')).toBe('/test/empty.jpg \n');
    expect(text('label_colors.txt')).toBe('0 0 0 Void\n128 0 0 Building\n0 128 0 Tree\n');
    const mask = decodePng(sink.files.get('trainannot/x/1.png')!);
    expect([...mask.data]).toEqual([...BUILDING, ...BUILDING, ...TREE]);
  });

  it('adds a background label when no label is black, and generates missing colours', async () => {
    const ds = new Dataset({ labels: [{ name: 'cat' }, { name: 'dog' }] }, [
      {
        id: 'i',
        subset: 'default',
        media: { kind: 'image', path: 'i.png', width: 2, height: 1 },
        annotations: [
          {
            type: 'mask',
            label: 1,
            mask: bitmapMask({ width: 2, height: 1, data: bits(0, 1) }),
            attributes: {},
          },
        ],
        attributes: {},
      },
    ]);
    const sink = memorySink();
    const report = await camvid.write!(ds, sink, {});
    await sink.commit();
    expect(report.warnings.join(' ')).toMatch(/'background' label is added/);
    // VOC colours 1 and 2 for cat and dog; the added background is not written (as Datumaro does).
    expect(new TextDecoder().decode(sink.files.get('label_colors.txt'))).toBe('128 0 0 cat\n0 128 0 dog\n');
    const back = await readAll(camvid, sink.tree());
    expect(back.categories.labels.map((l) => l.name)).toEqual(['background', 'cat', 'dog']);
    // The unpainted pixel is background, whose masks are not read (it is not in the label map).
    expect(back.get('default', 'i')!.annotations.map((a) => a.label)).toEqual([2]);
  });

  it('writes labels and colours to dataset_meta.json when asked', async () => {
    const sink = memorySink();
    await camvid.write!(source(), sink, { saveDatasetMeta: true });
    await sink.commit();
    expect(sink.files.has('label_colors.txt')).toBe(false);
    expect(JSON.parse(new TextDecoder().decode(sink.files.get('dataset_meta.json')))).toEqual({
      labels: ['Void', 'Building', 'Tree'],
      label_map: { '0': 'Void', '1': 'Building', '2': 'Tree' },
      segmentation_colors: [VOID, BUILDING, TREE],
      background_label: '0',
    });
  });

  it('merges masks of one label and says so', async () => {
    const ds = source();
    ds.get('train', 'x/1')!.annotations.push({
      type: 'polygon',
      points: [0, 0, 1, 0, 1, 1, 0, 1],
      label: 2,
      attributes: {},
    });
    const report = await camvid.write!(ds, memorySink(), {});
    expect(report.converted).toEqual({ 'polygon->mask': 1 });
    expect(report.dropped).toEqual({ mask: 1 });
  });

  it('leaves out colours not in the label map when lenient, warning once per colour', async () => {
    const warnings: string[] = [];
    const ds = await readAll(
      camvid,
      memoryTree({
        'label_colors.txt': '0 0 0 Void\n128 0 0 Building\n',
        'a.txt': '/a/i.png /aannot/i.png\n',
        'aannot/i.png': rgbPng(4, 1, [BUILDING, [9, 9, 9], [9, 9, 9], BUILDING]),
      }),
      { lenient: true, onWarning: (w: string) => warnings.push(w) },
    );
    const [m] = ds.get('a', 'i')!.annotations;
    expect([...(await loadMask((m as any).mask)).data]).toEqual([1, 0, 0, 1]);
    // Skipped under the annotation policy: the warning is the error's message; its pixels are left out.
    expect(warnings).toEqual(['aannot/i.png: colour (9 9 9) at pixel 1,0 is not in the label map']);
  });

  it('reads lists written with absolute paths (SegNet)', async () => {
    const tree = memoryTree({
      'train.txt': '/SegNet/CamVid/train/a.png /SegNet/CamVid/trainannot/a.png\n',
      'train/a.png': rgbPng(1, 1, [SKY]),
      'trainannot/a.png': rgbPng(1, 1, [SKY]),
    });
    const { matches } = await createRegistry([camvid]).detect(tree);
    expect(matches).toEqual([{ id: 'camvid', confidence: 1, root: '' }]);
    const ds = await readAll(camvid, tree);
    expect(ds.get('train', 'a')!.media!.path).toBe('train/a.png');
    expect(ds.get('train', 'a')!.annotations.map((a) => ds.categories.labels[a.label!]!.name)).toEqual([
      'Sky',
    ]);
  });

  it('is not taken for a list whose masks are missing', async () => {
    const { matches } = await createRegistry([camvid]).detect(memoryTree({ 'train.txt': 'a.png b.png\n' }));
    expect(matches).toEqual([]);
  });

  it('reads label maps and orders background first', () => {
    const map = new Map(parseLabelColors('# color (RGB) label\n64 128 64 Animal\n0 0 0 Void\nbare\n', 'f'));
    expect([...map]).toEqual([
      ['Animal', [64, 128, 64]],
      ['Void', [0, 0, 0]],
      ['bare', undefined],
    ]);
    const { categories: c, fromMap } = camvidCategories(map);
    expect(c.labels.map((l) => l.name)).toEqual(['Void', 'Animal', 'bare']);
    expect([...fromMap]).toEqual([0, 1, 2]);
  });

  it('saveMedia keeps the extension as written and counts an image referenced without bytes', async () => {
    const item = (id: string, media: DatasetItem['media']): DatasetItem => ({
      id,
      subset: 'train',
      attributes: {},
      annotations: [],
      media,
    });
    const ds = new Dataset(categories(), [
      item('a', { kind: 'image', path: 'x/a.PNG', bytes: async () => new Uint8Array([1]) }),
      item('b', { kind: 'image', path: 'b.png' }),
    ]);
    const sink = memorySink();
    const report = await camvid.write?.(ds, sink, { saveMedia: true });
    await sink.commit();
    expect([...sink.files.keys()].filter((p) => p.startsWith('train/'))).toEqual(['train/a.PNG']);
    expect(report?.dropped).toEqual({ media: 1 });
  });

  it('counts masks painted over entirely by later ones (issue 21), and merged ones, saying why', async () => {
    const m = (label: number, zOrder: number, ...data: number[]) => ({
      type: 'mask' as const,
      label,
      zOrder,
      mask: bitmapMask({ width: 3, height: 1, data: bits(...data) }),
      attributes: {},
    });
    const ds = new Dataset(categories(), [
      {
        id: 'x',
        subset: 'train',
        media: { kind: 'image', width: 3, height: 1 },
        // Tree (z 0) is covered by Building (z 1); two Building masks merge; Void keeps its pixel.
        annotations: [m(2, 0, 1, 1, 0), m(1, 1, 1, 0, 0), m(1, 2, 0, 1, 0), m(0, 3, 0, 0, 1)],
        attributes: {},
      },
    ]);
    const sink = memorySink();
    const report = await camvid.write!(ds, sink, {});
    await sink.commit();
    expect(report.dropped).toEqual({ mask: 2 });
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        'masks painted over entirely by later masks are dropped',
        'masks of one label are merged: CamVid masks are per class',
      ]),
    );
    const back = await readAll(camvid, sink.tree());
    // 4 masks written, 2 reported lost: 2 read back.
    expect(back.get('train', 'x')!.annotations.map((a) => a.label)).toEqual([0, 1]);
  });
});

import { type AnyFormat, bitmapMask, Dataset, type DatasetItem, loadMask, memoryTree } from '@labelport/core';
import { decodePng, encodePng } from '@labelport/core/png';
import { countAnnotations, describeFormat, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import {
  bdd100kDrivable,
  bdd100kInsSeg,
  bdd100kLane,
  bdd100kPanSeg,
  bdd100kSegTrack,
  bdd100kSemSeg,
} from '../src/index.js';
import { MASK_TASKS, maskTaskCategories } from '../src/lib/mask-tasks.js';

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
const gray = (w: number, rows: number[][]) =>
  encodePng({ width: w, height: rows.length, colorType: 'gray', data: rows.flat() });
/** RGBA pixels given as [R, G, instance id]. */
const rgba = (w: number, rows: [number, number, number][][]) =>
  encodePng({
    width: w,
    height: rows.length,
    colorType: 'rgba',
    data: rows.flat().flatMap(([r, g, id]) => [r, g, id >> 8, id & 0xff]),
  });

const X = 255;

function maskItem(
  id: string,
  subset: string,
  masks: {
    label: number;
    rows: string[];
    attributes?: DatasetItem['annotations'][number]['attributes'];
    objectId?: number;
    id?: number;
  }[],
  video?: number,
): DatasetItem {
  const h = masks[0]?.rows.length ?? 2;
  const w = masks[0] ? masks[0].rows[0]!.length : 2;
  return {
    id,
    subset,
    media: {
      kind: video === undefined ? 'image' : 'video-frame',
      path: `${id}.jpg`,
      width: w,
      height: h,
      frame: video,
    },
    attributes: {},
    annotations: masks.map((m) => ({
      type: 'mask' as const,
      label: m.label,
      id: m.id,
      objectId: m.objectId,
      mask: bitmapMask({ width: w, height: h, data: new Uint8Array(m.rows.join('').split('').map(Number)) }),
      attributes: m.attributes ?? {},
    })),
  };
}

function categoriesOf(format: AnyFormat) {
  return maskTaskCategories(MASK_TASKS[format.id.replace('bdd100k_', '') as keyof typeof MASK_TASKS]);
}

describeFormat(bdd100kSemSeg, {
  fixtures: [
    {
      name: 'sem_seg masks in a BDD100K tree',
      tree: () =>
        memoryTree({
          'bdd100k/labels/sem_seg/masks/train/a1.png': gray(4, [
            [0, 0, 13, 13],
            [0, X, 13, 13],
            [X, X, X, 18],
          ]),
          'bdd100k/labels/sem_seg/masks/val/b1.png': gray(2, [[10, 10]]),
          'bdd100k/labels/sem_seg/colormaps/train/a1.png': gray(1, [[0]]),
          'bdd100k/images/10k/train/a1.jpg': JPEG,
        }),
      // a1: road (0), car (13), bicycle (18); b1: sky (10). Colormaps are not read.
      expect: { items: 2, subsets: { train: 1, val: 1 }, annotations: { mask: 4 } },
      async check(ds) {
        const a = ds.get('train', 'a1')!;
        expect(a.media).toMatchObject({ path: 'images/10k/train/a1.jpg', width: 4, height: 3 });
        expect(a.annotations.map((x) => x.label)).toEqual([0, 13, 18]);
        const second = a.annotations[1]!;
        if (second.type !== 'mask') throw new Error('expected a mask');
        const car = await loadMask(second.mask);
        expect([...car.data].join('')).toBe('001100110000');
      },
    },
  ],
  roundTrips: [
    {
      name: 'classes with the ignore background',
      source: () =>
        new Dataset(categoriesOf(bdd100kSemSeg), [
          maskItem('x', 'train', [
            { label: 2, rows: ['110', '000'] },
            { label: 10, rows: ['000', '011'] },
          ]),
        ]),
    },
  ],
  badInputs: [
    {
      name: 'a value that is no class',
      tree: memoryTree({ 'sem_seg/masks/train/a.png': gray(2, [[0, 77]]) }),
      code: 'bad-image',
      message: /sem_seg\/masks\/train\/a\.png: pixel value 77/,
    },
    {
      name: 'an RGB mask',
      tree: memoryTree({
        'sem_seg/masks/train/a.png': encodePng({ width: 1, height: 1, colorType: 'rgb', data: [1, 2, 3] }),
      }),
      code: 'bad-image',
      message: /a\.png: a sem_seg mask must have one channel/,
    },
    {
      name: 'a PNG that is not one',
      tree: memoryTree({ 'sem_seg/masks/train/a.png': 'not a png' }),
      message: /sem_seg\/masks\/train\/a\.png/,
    },
  ],
});

describeFormat(bdd100kDrivable, {
  fixtures: [
    {
      name: 'drivable masks',
      tree: () =>
        memoryTree({
          'labels/drivable/masks/val/d.png': gray(3, [
            [0, 1, 2],
            [2, 2, 1],
          ]),
        }),
      // direct and alternative; 2 is background.
      expect: { items: 1, annotations: { mask: 2 }, labels: ['direct', 'alternative'] },
    },
  ],
  roundTrips: [
    {
      name: 'direct and alternative',
      source: () =>
        new Dataset(categoriesOf(bdd100kDrivable), [
          maskItem('d', 'val', [{ label: 1, rows: ['01', '01'] }]),
        ]),
    },
  ],
  badInputs: [
    {
      name: 'a value past background',
      tree: memoryTree({ 'drivable/masks/val/d.png': gray(1, [[3]]) }),
      code: 'bad-image',
    },
  ],
});

describeFormat(bdd100kLane, {
  fixtures: [
    {
      name: 'lane bit fields',
      tree: () =>
        memoryTree({
          // 6: single white, solid, parallel; 50 = 2 | dashed (16) | vertical (32): double white; 255 and 8 background.
          'lane/masks/train/l.png': gray(3, [
            [6, 6, 255],
            [50, 8, 6],
          ]),
        }),
      expect: { items: 1, annotations: { mask: 2 } },
      check(ds) {
        const anns = ds.get('train', 'l')!.annotations;
        expect(anns.map((a) => [a.label, a.attributes])).toEqual([
          [6, { laneDirection: 'parallel', laneStyle: 'solid' }],
          [2, { laneDirection: 'vertical', laneStyle: 'dashed' }],
        ]);
      },
    },
  ],
  roundTrips: [
    {
      name: 'styles and directions',
      source: () =>
        new Dataset(categoriesOf(bdd100kLane), [
          maskItem('l', 'train', [
            { label: 0, rows: ['10', '00'], attributes: { laneDirection: 'vertical', laneStyle: 'solid' } },
            { label: 7, rows: ['01', '01'], attributes: { laneDirection: 'parallel', laneStyle: 'dashed' } },
          ]),
        ]),
    },
  ],
});

describeFormat(bdd100kInsSeg, {
  fixtures: [
    {
      name: 'RGBA bitmasks',
      tree: () =>
        memoryTree({
          'bdd100k/labels/ins_seg/bitmasks/train/i.png': rgba(3, [
            [
              [3, 4, 1],
              [3, 4, 1],
              [0, 0, 0],
            ],
            [
              [1, 0, 2],
              [3, 2, 258],
              [3, 2, 258],
            ],
          ]),
          // Another task's bitmasks in the same download are not this format's.
          'bdd100k/labels/pan_seg/bitmasks/train/p.png': rgba(1, [[[7, 0, 7]]]),
        }),
      // car #1 (occluded), pedestrian #2, car #258 (crowd; B = 1, A = 2).
      expect: { items: 1, annotations: { mask: 3 } },
      check(ds) {
        const anns = ds.get('train', 'i')!.annotations;
        expect(anns.map((a) => [a.label, a.id, a.attributes.occluded, a.attributes.crowd])).toEqual([
          [0, 2, false, false],
          [2, 1, true, false],
          [2, 258, false, true],
        ]);
      },
    },
  ],
  roundTrips: [
    {
      name: 'instances with attributes',
      source: () =>
        new Dataset(categoriesOf(bdd100kInsSeg), [
          maskItem('i', 'val', [
            {
              label: 2,
              id: 1,
              rows: ['110', '000'],
              attributes: { truncated: true, occluded: false, crowd: false, ignored: false },
            },
            {
              label: 7,
              id: 2,
              rows: ['000', '011'],
              attributes: { truncated: false, occluded: true, crowd: true, ignored: true },
            },
          ]),
        ]),
    },
  ],
  badInputs: [
    {
      name: 'a category past the list',
      tree: memoryTree({ 'ins_seg/bitmasks/train/i.png': rgba(1, [[[9, 0, 1]]]) }),
      code: 'bad-image',
      message: /category id 9/,
    },
    {
      name: 'a grey bitmask',
      tree: memoryTree({ 'ins_seg/bitmasks/train/i.png': gray(1, [[1]]) }),
      code: 'bad-image',
      message: /8-bit RGBA/,
    },
  ],
});

describeFormat(bdd100kPanSeg, {
  fixtures: [
    {
      name: 'stuff and things',
      tree: () =>
        memoryTree({
          'labels/pan_seg/bitmasks/train/p.png': rgba(2, [
            [
              [7, 0, 7],
              [35, 0, 31],
            ],
            [
              [7, 0, 7],
              [35, 0, 32],
            ],
          ]),
        }),
      // road (stuff, instance = its id), two cars (things 31, 32).
      expect: { items: 1, annotations: { mask: 3 } },
      check(ds) {
        const anns = ds.get('train', 'p')!.annotations;
        expect(anns.map((a) => [ds.categories.labels[a.label!]!.name, a.id])).toEqual([
          ['road', undefined],
          ['car', 31],
          ['car', 32],
        ]);
      },
    },
  ],
  roundTrips: [
    {
      name: 'stuff and things',
      source: () =>
        new Dataset(categoriesOf(bdd100kPanSeg), [
          maskItem('p', 'train', [
            {
              label: 6,
              rows: ['11', '00'],
              attributes: { truncated: false, occluded: false, crowd: false, ignored: false },
            },
            {
              label: 34,
              id: 31,
              rows: ['00', '10'],
              attributes: { truncated: false, occluded: false, crowd: false, ignored: false },
            },
          ]),
        ]),
    },
  ],
});

describeFormat(bdd100kSegTrack, {
  fixtures: [
    {
      name: 'a video of bitmasks',
      tree: () =>
        memoryTree({
          'seg_track_20/bitmasks/val/v1/v1-0000001.png': rgba(2, [
            [
              [3, 0, 5],
              [0, 0, 0],
            ],
          ]),
          'seg_track_20/bitmasks/val/v1/v1-0000002.png': rgba(2, [
            [
              [0, 0, 0],
              [3, 0, 5],
            ],
          ]),
          'images/seg_track_20/val/v1/v1-0000002.jpg': JPEG,
        }),
      expect: { items: 2, subsets: { val: 2 }, annotations: { mask: 2 } },
      check(ds) {
        const [a, b] = [ds.get('val', 'v1/v1-0000001')!, ds.get('val', 'v1/v1-0000002')!];
        expect([a.media?.frame, b.media?.frame]).toEqual([0, 1]);
        expect(b.media?.path).toBe('images/seg_track_20/val/v1/v1-0000002.jpg');
        expect([a.annotations[0]!.objectId, b.annotations[0]!.objectId]).toEqual([5, 5]);
      },
    },
  ],
  roundTrips: [
    {
      name: 'tracks across frames',
      source: () =>
        new Dataset(categoriesOf(bdd100kSegTrack), [
          maskItem(
            'v/v-1',
            'train',
            [
              {
                label: 1,
                objectId: 7,
                rows: ['10'],
                attributes: { truncated: false, occluded: false, crowd: false, ignored: false },
              },
            ],
            0,
          ),
          maskItem(
            'v/v-2',
            'train',
            [
              {
                label: 1,
                objectId: 7,
                rows: ['01'],
                attributes: { truncated: false, occluded: false, crowd: false, ignored: false },
              },
            ],
            1,
          ),
        ]),
    },
  ],
});

describe('bdd100k mask writers', () => {
  it('write the pixel values BDD100K defines', async () => {
    const ds = new Dataset(categoriesOf(bdd100kInsSeg), [
      maskItem('i', 'train', [
        { label: 2, rows: ['10'], attributes: { occluded: true } },
        { label: 0, rows: ['01'], attributes: { crowd: true } },
      ]),
    ]);
    const { tree } = await writeAndReadBack(bdd100kInsSeg, ds);
    const png = decodePng(await tree.read('labels/ins_seg/bitmasks/train/i.png'));
    // car (3), occluded (G 4), instance 1; pedestrian (1), crowd (G 2), instance 2.
    expect([...png.data]).toEqual([3, 4, 0, 1, 1, 2, 0, 2]);
  });

  it('writes colormaps when asked, and reports labels outside the task', async () => {
    const cats = { labels: [{ name: 'road' }, { name: 'unicorn' }] };
    const ds = new Dataset(cats, [
      maskItem('s', 'train', [
        { label: 0, rows: ['10'] },
        { label: 1, rows: ['01'] },
      ]),
    ]);
    const { tree, report } = await writeAndReadBack(bdd100kSemSeg, ds, { colormaps: true });
    expect((await tree.list()).map((f) => f.path).sort()).toEqual([
      'labels/sem_seg/colormaps/train/s.png',
      'labels/sem_seg/masks/train/s.png',
    ]);
    expect(report.dropped).toEqual({ mask: 1 });
    expect([...decodePng(await tree.read('labels/sem_seg/masks/train/s.png')).data]).toEqual([0, 255]);
    const cm = decodePng(await tree.read('labels/sem_seg/colormaps/train/s.png'));
    expect(cm.colorType).toBe('palette');
    expect(cm.palette?.[0]).toEqual([128, 64, 128]);
  });

  it('reports attributes a bitmask cannot hold', async () => {
    const ds = new Dataset(categoriesOf(bdd100kInsSeg), [
      maskItem('i', 'train', [
        { label: 2, rows: ['10'], attributes: { occluded: true, color: 'red', score: 0.5 } },
      ]),
    ]);
    const { report } = await writeAndReadBack(bdd100kInsSeg, ds);
    expect(report.dropped).toEqual({ attribute: 2 });
  });

  it('writes bitmask colormaps by category', async () => {
    const ds = new Dataset(categoriesOf(bdd100kInsSeg), [
      maskItem('i', 'train', [{ label: 2, rows: ['10'] }]),
    ]);
    const { tree } = await writeAndReadBack(bdd100kInsSeg, ds, { colormaps: true });
    const cm = decodePng(await tree.read('labels/ins_seg/colormaps/train/i.png'));
    // car is category 3, drawn in Cityscapes' car colour; background 0 is black.
    expect([...cm.data]).toEqual([3, 0]);
    expect(cm.palette?.[3]).toEqual([0, 0, 142]);
  });

  it('turns polygons into masks', async () => {
    const ds = new Dataset(categoriesOf(bdd100kDrivable), [
      {
        id: 'p',
        subset: 'val',
        media: { kind: 'image', width: 4, height: 4 },
        attributes: {},
        annotations: [{ type: 'polygon', label: 0, points: [0, 0, 2, 0, 2, 2, 0, 2], attributes: {} }],
      },
    ]);
    const { dataset, report } = await writeAndReadBack(bdd100kDrivable, ds);
    expect(report.converted).toEqual({ 'polygon->mask': 1 });
    expect(countAnnotations(dataset)).toEqual({ mask: 1 });
  });
});

describe('bdd100k detection across its formats', async () => {
  const { createRegistry } = await import('@labelport/core');
  const { formats } = await import('../src/index.js');
  const registry = createRegistry(formats);
  const cases: [string, Record<string, string | Uint8Array>][] = [
    [
      'bdd100k_sem_seg',
      { 'labels/sem_seg/masks/train/a.png': gray(1, [[0]]), 'images/10k/train/a.jpg': JPEG },
    ],
    ['bdd100k_drivable', { 'labels/drivable/masks/train/a.png': gray(1, [[0]]) }],
    ['bdd100k_lane', { 'labels/lane/masks/train/a.png': gray(1, [[0]]) }],
    ['bdd100k_ins_seg', { 'labels/ins_seg/bitmasks/train/a.png': rgba(1, [[[1, 0, 1]]]) }],
    ['bdd100k_pan_seg', { 'labels/pan_seg/bitmasks/train/a.png': rgba(1, [[[1, 0, 1]]]) }],
    ['bdd100k_seg_track', { 'labels/seg_track_20/bitmasks/train/v/a.png': rgba(1, [[[1, 0, 1]]]) }],
    ['bdd100k', { 'labels/det_20/det_train.json': '[{"name": "a.jpg", "labels": []}]' }],
  ];
  for (const [id, files] of cases) {
    it(`${id} alone matches its files`, async () => {
      const { matches } = await registry.detect(memoryTree(files));
      expect(matches.map((m) => m.id)).toEqual([id]);
    });
  }
  it('finds the BDD100K root above labels/', async () => {
    const { matches } = await registry.detect(
      memoryTree({ 'bdd100k/labels/lane/masks/val/a.png': gray(1, [[0]]) }),
    );
    expect(matches).toEqual([{ id: 'bdd100k_lane', confidence: 1, root: 'bdd100k' }]);
  });
});

describe('BDD100K mask writers: what does not read back is reported (issue 21)', () => {
  it('paints by z-order, then score, then as given', async () => {
    const ds = new Dataset(categoriesOf(bdd100kSemSeg), [
      maskItem('z', 'train', [
        { label: 0, rows: ['11'] },
        { label: 13, rows: ['10'] },
      ]),
    ]);
    const [first, second] = [...ds][0]!.annotations;
    first!.zOrder = 1; // over the later one
    second!.attributes = { score: 0.9 };
    const { tree, report } = await writeAndReadBack(bdd100kSemSeg, ds);
    expect([...decodePng(await tree.read('labels/sem_seg/masks/train/z.png')).data]).toEqual([0, 0]);
    expect(report.dropped).toEqual({ mask: 1, attribute: 1 });
    expect(report.warnings).toContain('masks painted over entirely by later masks are dropped');
  });

  it('counts masks of one class (one mask in a class PNG) and lost groups', async () => {
    const ds = new Dataset(categoriesOf(bdd100kSemSeg), [
      maskItem('m', 'train', [
        { label: 13, rows: ['100'] },
        { label: 13, rows: ['010'] },
        { label: 0, rows: ['001'] },
      ]),
    ]);
    const anns = [...ds][0]!.annotations;
    anns[0]!.group = 4;
    anns[1]!.group = 4;
    const { dataset, report } = await writeAndReadBack(bdd100kSemSeg, ds);
    expect(dataset.get('train', 'm')?.annotations).toHaveLength(2);
    expect(report.dropped).toEqual({ mask: 1, group: 2 });
    expect(report.warnings).toContain(
      'masks of one class are one mask in a BDD100K sem_seg PNG (its pixels hold class ids)',
    );
    expect(report.warnings).toContain('groups are not kept: a BDD100K sem_seg PNG holds no group');
  });

  it('counts an instance painted over, and one track twice in a frame as a merged mask', async () => {
    const ds = new Dataset(categoriesOf(bdd100kSegTrack), [
      maskItem(
        'v/f',
        'train',
        [
          { label: 2, rows: ['110'], objectId: 3 },
          { label: 2, rows: ['001'], objectId: 3 },
          { label: 1, rows: ['010'], objectId: 4 },
          { label: 1, rows: ['110'], objectId: 5 },
        ],
        0,
      ),
    ]);
    const { dataset, report } = await writeAndReadBack(bdd100kSegTrack, ds);
    expect(dataset.get('train', 'v/f')?.annotations.map((a) => a.objectId)).toEqual([5, 3]);
    expect(report.dropped).toEqual({ mask: 1, 'merged mask': 1 });
    expect(report.warnings).toContain(
      'masks of one track in one frame are one mask in a seg_track bitmask (the instance id is the track id)',
    );
  });
});

import { bitmapMask, Dataset, loadMask, memoryTree } from '@labelport/core';
import { encodeRle, rleToString } from '@labelport/core/geometry';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { motsTxt } from '../src/index.js';

const mask = (width: number, data: number[]) => ({
  width,
  height: data.length / width,
  data: Uint8Array.from(data),
});
const rle = (width: number, data: number[]) => rleToString(encodeRle(mask(width, data)).counts);

// A 3x2 frame: car 1 (id 1001) on the left column, pedestrian 5 (2005) on the right, an ignore region.
const kittiMots = () =>
  memoryTree({
    'instances_txt/0002.txt': [
      `0 1001 1 2 3 ${rle(3, [1, 0, 0, 1, 0, 0])}`,
      `0 2005 2 2 3 ${rle(3, [0, 0, 1, 0, 0, 1])}`,
      `1 1001 1 2 3 ${rle(3, [0, 1, 0, 0, 1, 0])}`,
      `1 10000 10 2 3 ${rle(3, [0, 0, 1, 0, 0, 0])}`,
    ].join('\n'),
    'image_02/0002/000000.png': 'png',
    'image_02/0002/000001.png': 'png',
    'image_02/0002/000002.png': 'png',
  });

const source = () =>
  new Dataset(
    { labels: [{ name: 'background' }, { name: 'car' }, { name: 'pedestrian' }, { name: 'ignored' }] },
    [
      {
        id: '0',
        subset: 'seq',
        attributes: {},
        media: { kind: 'image', frame: 0, width: 3, height: 2 },
        annotations: [
          {
            type: 'mask',
            mask: bitmapMask(mask(3, [1, 1, 0, 0, 0, 0])),
            label: 1,
            objectId: 3,
            attributes: {},
          },
          {
            type: 'mask',
            mask: bitmapMask(mask(3, [0, 0, 0, 0, 1, 1])),
            label: 2,
            objectId: 3,
            attributes: {},
          },
        ],
      },
      {
        id: '4',
        subset: 'seq',
        attributes: {},
        media: { kind: 'image', frame: 4, width: 3, height: 2 },
        annotations: [
          {
            type: 'mask',
            mask: bitmapMask(mask(3, [0, 0, 0, 1, 0, 0])),
            label: 1,
            objectId: 3,
            attributes: {},
          },
        ],
      },
    ],
  );

describeFormat(motsTxt, {
  fixtures: [
    {
      name: 'KITTI MOTS instances_txt',
      tree: kittiMots,
      // Frames 0 and 1 have lines, frame 2 only an image; 4 lines = 4 masks.
      expect: { items: 3, subsets: { '0002': 3 }, annotations: { mask: 4 } },
      async check(ds) {
        const f0 = ds.get('0002', '0');
        expect(f0?.media).toMatchObject({ path: 'image_02/0002/000000.png', width: 3, height: 2, frame: 0 });
        expect(f0?.annotations.map((a) => [a.label, a.objectId])).toEqual([
          [1, 1],
          [2, 5],
        ]);
        const m = f0?.annotations[1];
        if (m?.type !== 'mask') throw new Error('mask expected');
        expect(Array.from((await loadMask(m.mask)).data)).toEqual([0, 0, 1, 0, 0, 1]);
        expect(ds.get('0002', '1')?.annotations[1]).toMatchObject({ label: 3, zOrder: 1 });
      },
    },
    {
      name: 'MOTSChallenge gt/gt.txt',
      tree: () =>
        memoryTree({
          'MOTS20-02/gt/gt.txt': `1 2002 2 1 2 ${rle(2, [1, 0])}\n`,
          'MOTS20-02/img1/000001.jpg': 'jpg',
        }),
      expect: { items: 1, subsets: { 'MOTS20-02': 1 }, annotations: { mask: 1 } },
    },
  ],
  roundTrips: [{ name: 'cars and pedestrians with tracks', source }],
  badInputs: [
    {
      name: 'five fields',
      tree: memoryTree({ 'instances_txt/1.txt': '0 1001 1 2 3\n' }),
      message: /instances_txt\/1\.txt: line 1/,
    },
    {
      name: 'RLE of the wrong size',
      tree: memoryTree({ 'instances_txt/1.txt': `0 1001 1 2 2 ${rle(3, [1, 0, 0, 1, 0, 0])}\n` }),
      code: 'bad-value',
    },
    {
      name: 'unknown class',
      tree: memoryTree({ 'instances_txt/1.txt': `0 5001 5 1 2 ${rle(2, [1, 0])}\n` }),
      code: 'bad-value',
    },
  ],
});

describe('mots_txt details', () => {
  it('writes `time id class height width rle` lines', async () => {
    const { tree } = await writeAndReadBack(motsTxt, source());
    const text = new TextDecoder().decode(await tree.read('instances_txt/seq.txt'));
    expect(text.split('\n')[0]).toBe(`0 1003 1 2 3 ${rle(3, [1, 1, 0, 0, 0, 0])}`);
    expect(text.split('\n')[1]).toBe(`0 2003 2 2 3 ${rle(3, [0, 0, 0, 0, 1, 1])}`);
  });

  it('drops, and says so, masks whose label MOTS has no class for', async () => {
    const ds = new Dataset({ labels: [{ name: 'tree' }] }, [
      {
        id: '1',
        subset: 'a',
        attributes: {},
        annotations: [{ type: 'mask', mask: bitmapMask(mask(1, [1])), label: 0, attributes: {} }],
      },
    ]);
    const sink = (await import('@labelport/core')).memorySink();
    const report = await motsTxt.write?.(ds, sink);
    expect(report?.dropped).toEqual({ mask: 1, item: 1 });
    expect(report?.warnings).toEqual([
      'MOTS txt holds only the classes car, pedestrian and ignored; masks of other labels were dropped',
      'a frame with no mask and no image leaves no trace in MOTS txt',
    ]);
  });

  it('saves frames where KITTI MOTS keeps them, and reports a frame without its image', async () => {
    const bytes = Uint8Array.from([1, 2, 3]);
    const items = [...source()].map((item, i) => ({
      ...item,
      media: {
        ...item.media!,
        path: `frames/${item.id}.jpg`,
        ...(i === 0 ? { bytes: async () => bytes } : {}),
      },
    }));
    const ds = new Dataset(source().categories, items);
    const { dataset, report, tree } = await writeAndReadBack(motsTxt, ds, { saveMedia: true });
    expect(report.dropped).toEqual({ media: 1 });
    expect(await tree.read('image_02/seq/000000.jpg')).toEqual(bytes);
    expect(await tree.exists('image_02/seq/000004.jpg')).toBe(false);
    expect(await dataset.get('seq', '0')?.media?.bytes?.()).toEqual(bytes);
  });

  it('skips bad lines when lenient', async () => {
    const warnings: string[] = [];
    const ds = await readAll(
      motsTxt,
      memoryTree({ 'instances_txt/1.txt': `0 1001 1 1 2 ${rle(2, [1, 0])}\nbroken\n` }),
      {
        lenient: true,
        onWarning: (w: string) => warnings.push(w),
      },
    );
    expect(ds.size).toBe(1);
    expect(warnings[0]).toMatch(/line 2/);
  });
});

describe('mots_txt overlaps and groups (issue 21)', () => {
  const labels = { labels: [{ name: 'car' }, { name: 'pedestrian' }] };
  const m = (data: number[]) => bitmapMask(mask(3, data));
  it('makes a frame’s masks disjoint by z-order (mots_tools rejects overlaps), counting those painted over', async () => {
    const ds = new Dataset(labels, [
      {
        id: '7',
        subset: 's',
        attributes: {},
        annotations: [
          { type: 'mask', mask: m([1, 1, 0, 1, 1, 0]), label: 0, objectId: 1, zOrder: 1, attributes: {} },
          { type: 'mask', mask: m([0, 1, 1, 0, 1, 1]), label: 1, objectId: 2, attributes: {} },
          { type: 'mask', mask: m([1, 0, 0, 0, 0, 0]), label: 1, objectId: 3, group: 1, attributes: {} },
          {
            type: 'mask',
            mask: m([0, 0, 1, 0, 0, 0]),
            label: 1,
            objectId: 4,
            group: 1,
            zOrder: 2,
            attributes: {},
          },
        ],
      },
    ]);
    const { dataset, report } = await writeAndReadBack(motsTxt, ds);
    expect(report.dropped).toEqual({ mask: 1, group: 2 });
    expect(report.warnings).toContain('masks painted over entirely by later masks (by z-order) are dropped');
    expect(report.warnings).toContain('groups are not kept: a MOTS txt line is one object');
    const back = dataset.get('s', '7')!.annotations;
    const pixels = await Promise.all(
      back.map(async (a) => [a.objectId, a.type === 'mask' ? [...(await loadMask(a.mask)).data] : []]),
    );
    expect(pixels.sort()).toEqual([
      [1, [1, 1, 0, 1, 1, 0]],
      [2, [0, 0, 0, 0, 0, 1]],
      [4, [0, 0, 1, 0, 0, 0]],
    ]);
  });
});

import { bitmapMask, Dataset, loadMask, memoryTree } from '@labelport/core';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { icdarTextSegmentation } from '../src/index.js';
import { encodeBmp24 } from '../src/lib/bmp.js';
import { formatSegmentationGt, parseSegmentationGt } from '../src/lib/segmentation-gt.js';

const W = [255, 255, 255];
const F = [108, 225, 132];
const T = [82, 174, 214];
const H = [241, 73, 144];
const S = [183, 6, 28];
/** Rows of colours into a BMP. */
const colorBmp = (rows: number[][][]) =>
  encodeBmp24({ width: rows[0].length, height: rows.length, data: Uint8Array.from(rows.flat(2)) });

const gt =
  '108 225 132 0 1 0 0 1 3 "F"\n\n82 174 214 1 3 0 2 1 4 "T"\n241 73 144 1 4 0 3 1 4 "h"\n\n#183 6 28 1 5 0 5 1 5 " "\n';
const bmp = colorBmp([
  [W, F, F, T, W, S],
  [W, W, W, T, H, W],
]);
const mask = (width: number, height: number, ones: number[]) => {
  const data = new Uint8Array(width * height);
  for (const i of ones) data[i] = 1;
  return bitmapMask({ width, height, data });
};
const image = { kind: 'image' as const };

describeFormat(icdarTextSegmentation, {
  fixtures: [
    {
      name: 'characters in words, a space, a BMP mask',
      tree: memoryTree({
        'seg/train/1_GT.txt': gt,
        'seg/train/1_GT.bmp': bmp,
        'seg/train/2_GT.txt': '',
        'seg/train/2_GT.bmp': colorBmp([[W]]),
      }),
      // 1_GT.txt: 4 characters, all present in the image; 2_GT.txt: none.
      expect: { items: 2, subsets: { train: 2 }, annotations: { mask: 4 } },
      async check(ds) {
        const anns = ds.get('train', '1')?.annotations ?? [];
        expect(anns.map((a) => [a.group, a.attributes])).toEqual([
          [undefined, { index: 0, color: '108 225 132', text: 'F', center: '0 1' }],
          [1, { index: 1, color: '82 174 214', text: 'T', center: '1 3' }],
          [1, { index: 2, color: '241 73 144', text: 'h', center: '1 4' }],
          [undefined, { index: 3, color: '183 6 28', text: ' ', center: '1 5' }],
        ]);
        const first = anns[0];
        if (first.type !== 'mask') throw new Error('expected a mask');
        expect([...(await loadMask(first.mask)).data]).toEqual([0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
      },
    },
  ],
  roundTrips: [
    {
      name: 'words, single characters and a space',
      source: () =>
        new Dataset({ labels: [] }, [
          {
            id: 'a/b/1',
            subset: 'train',
            media: image,
            annotations: [
              {
                type: 'mask',
                mask: mask(5, 1, [3, 4]),
                group: 1,
                attributes: { index: 1, color: '82 174 214', text: 'j', center: '0 3' },
              },
              {
                type: 'mask',
                mask: mask(5, 1, [1, 2]),
                group: 1,
                attributes: { index: 0, color: '108 225 132', text: 'F', center: '0 1' },
              },
            ],
            attributes: {},
          },
          {
            id: '2',
            subset: 'train',
            media: image,
            annotations: [
              {
                type: 'mask',
                mask: mask(6, 1, [5]),
                attributes: { index: 3, color: '183 6 28', text: ' ', center: '0 5' },
              },
              {
                type: 'mask',
                mask: mask(6, 1, [0]),
                group: 1,
                attributes: { index: 0, color: '108 225 132', text: 'L', center: '0 0' },
              },
              {
                type: 'mask',
                mask: mask(6, 1, [3, 4]),
                group: 1,
                attributes: { index: 1, color: '82 174 214', text: 'o', center: '0 3' },
              },
              {
                type: 'mask',
                mask: mask(6, 1, [1, 2]),
                attributes: { index: 2, color: '241 73 144', text: 'P', center: '0 1' },
              },
            ],
            attributes: {},
          },
          { id: '3', subset: 'train', media: image, annotations: [], attributes: {} },
        ]),
    },
  ],
  badInputs: [
    {
      name: 'a short line',
      tree: memoryTree({ 'train/1_GT.txt': '108 225 132 0 1 "F"\n', 'train/1_GT.bmp': bmp }),
      message: /train\/1_GT\.txt: line 1: expected 10 fields/,
    },
    {
      name: 'a colour the text file does not list',
      tree: memoryTree({ 'train/1_GT.txt': '108 225 132 0 1 0 0 1 3 "F"\n', 'train/1_GT.bmp': bmp }),
      code: 'bad-image',
      message: /train\/1_GT\.bmp: pixel \(3, 0\): colour 82 174 214 is not in the _GT\.txt/,
    },
    {
      name: 'a truncated mask',
      tree: memoryTree({ 'train/1_GT.txt': gt, 'train/1_GT.bmp': bmp.slice(0, 60) }),
      code: 'bad-image',
      message: /train\/1_GT\.bmp: .*cut short/,
    },
  ],
});

describe('icdar_text_segmentation details', () => {
  it('numbers groups as Datumaro does (its group 0 of a one-character word is no group)', () => {
    const chars = parseSegmentationGt(
      '1 1 1 0 0 0 0 0 0 "a"\n2 2 2 0 0 0 0 0 0 "b"\n\n3 3 3 0 0 0 0 0 0 "c"\n\n4 4 4 0 0 0 0 0 0 "d"\n5 5 5 0 0 0 0 0 0 "e"\n',
      'f',
    );
    expect(chars.map((c) => c.group)).toEqual([1, 1, undefined, 2, 2]);
  });

  it('writes a word of group 0 as one word', () => {
    const line = (group?: number) => ({
      color: [1, 1, 1] as [number, number, number],
      center: '0 0',
      box: [0, 0, 0, 0] as [number, number, number, number],
      text: 'x',
      group,
    });
    const text = formatSegmentationGt([line(0), line(0), line(), line(1), line(1)]);
    expect(parseSegmentationGt(text, 'f').map((c) => c.group)).toEqual([1, 1, undefined, 2, 2]);
  });

  it('gives masks without a colour the VOC colours, skipping used ones', async () => {
    const ds = new Dataset({ labels: [] }, [
      {
        id: '1',
        subset: 'train',
        annotations: [
          {
            type: 'mask',
            mask: mask(5, 1, [3, 4]),
            group: 1,
            attributes: { index: 1, text: 'j', center: '0 3', color: '0 128 0' },
          },
          {
            type: 'mask',
            mask: mask(5, 1, [1, 2]),
            group: 1,
            attributes: { index: 0, text: 'F', center: '0 1' },
          },
          {
            type: 'mask',
            mask: mask(5, 1, [0]),
            group: 1,
            attributes: { index: 2, text: 'i', center: '0 2' },
          },
        ],
        attributes: {},
      },
    ]);
    const { dataset, tree } = await writeAndReadBack(icdarTextSegmentation, ds);
    expect(dataset.get('train', '1')?.annotations.map((a) => a.attributes.color)).toEqual([
      '128 0 0',
      '0 128 0',
      '128 128 0',
    ]);
    expect(new TextDecoder().decode(await tree.read('train/1_GT.txt'))).toBe(
      '128 0 0 0 1 1 0 2 0 "F"\n0 128 0 0 3 3 0 4 0 "j"\n128 128 0 0 2 0 0 0 0 "i"\n',
    );
  });

  it('reads a _GT.bmp that is really a PNG', async () => {
    const { encodePng } = await import('@labelport/core/png');
    const png = encodePng({ width: 2, height: 1, colorType: 'rgb', data: [...F, ...W] });
    const ds = await readAll(
      icdarTextSegmentation,
      memoryTree({ 'train/1_GT.txt': '108 225 132 0 1 0 0 1 3 "F"\n', 'train/1_GT.bmp': png }),
    );
    expect(ds.get('train', '1')?.annotations).toHaveLength(1);
  });

  it("counts a mask's label as an annotation label, writing the mask (ICDAR has no labels)", async () => {
    const ds = new Dataset({ labels: [{ name: 'char' }] }, [
      {
        id: '1',
        subset: 'train',
        annotations: [
          {
            type: 'mask',
            mask: mask(3, 1, [0]),
            label: 0,
            attributes: { index: 0, text: 'a', center: '0 0', color: '1 2 3' },
          },
        ],
        attributes: {},
      },
    ]);
    const { dataset, report } = await writeAndReadBack(icdarTextSegmentation, ds);
    expect(report.dropped).toEqual({ 'annotation label': 1 });
    expect(report.warnings).toEqual([
      'ICDAR text segmentation has no labels: the label of a mask is not written (the mask is)',
    ]);
    expect(dataset.get('train', '1')?.annotations).toHaveLength(1);
    expect(dataset.get('train', '1')?.annotations[0]?.label).toBeUndefined();
  });

  it('keeps the indexes after an empty mask, reporting it lost', async () => {
    const ds = new Dataset({ labels: [] }, [
      {
        id: '1',
        subset: 'train',
        annotations: [
          {
            type: 'mask',
            mask: mask(3, 1, [0]),
            attributes: { index: 0, text: 'a', center: '0 0', color: '1 2 3' },
          },
          {
            type: 'mask',
            mask: mask(3, 1, []),
            attributes: { index: 1, text: 'b', center: '0 1', color: '4 5 6' },
          },
          {
            type: 'mask',
            mask: mask(3, 1, [2]),
            attributes: { index: 2, text: 'c', center: '0 2', color: '7 8 9' },
          },
        ],
        attributes: {},
      },
    ]);
    const { dataset, report } = await writeAndReadBack(icdarTextSegmentation, ds);
    expect(report.dropped).toEqual({ mask: 1 });
    expect(
      dataset.get('train', '1')?.annotations.map((a) => [a.attributes.index, a.attributes.text]),
    ).toEqual([
      [0, 'a'],
      [2, 'c'],
    ]);
  });
});

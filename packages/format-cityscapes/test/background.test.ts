// Issue 21: label id 0 of *_labelIds.png / *_instanceIds.png is the background (Cityscapes'
// `unlabeled`), which Datumaro and CVAT never read as a mask. A dataset whose first label is an object
// (COCO's `person`) is written with the background first and its labels from id 1 on.
import { bitmapMask, Dataset, loadMask, memoryTree } from '@labelport/core';
import { decodePng, encodePng } from '@labelport/core/png';
import { readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { cityscapes } from '../src/index.js';

const bits = (width: number, data: number[]) =>
  bitmapMask({ width, height: data.length / width, data: Uint8Array.from(data) });
const pixels = async (a: { type: string; mask?: unknown }) =>
  [...(await loadMask((a as { mask: Parameters<typeof loadMask>[0] }).mask)).data].map((v) => (v ? 1 : 0));
const text = (b: Uint8Array) => new TextDecoder().decode(b);

// As COCO reads: person is label 0, no colours, no background; one pixel is left unpainted.
const coco = () =>
  new Dataset({ labels: [{ name: 'person' }, { name: 'car' }] }, [
    {
      id: 'a',
      subset: 'val',
      attributes: {},
      media: { kind: 'image', width: 3, height: 2 },
      annotations: [
        { type: 'mask', id: 10, label: 0, mask: bits(3, [1, 0, 0, 1, 0, 0]), attributes: {} },
        { type: 'mask', id: 11, label: 1, mask: bits(3, [0, 1, 1, 0, 1, 0]), attributes: {} },
      ],
    },
  ]);

describe('cityscapes: the background is label id 0', () => {
  it('writes person as label id 1, the background (unlabeled) as 0, and reads back the masks written', async () => {
    const { dataset, report, tree } = await writeAndReadBack(cityscapes, coco());
    expect(report.dropped).toEqual({});
    expect(report.converted).toEqual({});
    expect(report.warnings).toContain(
      "no label is the background: a black 'background' label was added as label id 0",
    );
    expect(text(await tree.read('label_colors.txt')).split('\n')[0]).toBe('0 0 0 background');
    const base = 'gtFine/val/a_gtFine_';
    expect([...decodePng(await tree.read(`${base}labelIds.png`)).data]).toEqual([1, 2, 2, 1, 2, 0]);
    expect([...decodePng(await tree.read(`${base}instanceIds.png`)).data]).toEqual([
      1010, 2011, 2011, 1010, 2011, 0,
    ]);
    expect(dataset.categories.labels.map((l) => l.name)).toEqual(['background', 'person', 'car']);
    const anns = dataset.get('val', 'a')!.annotations;
    expect(anns.map((a) => [dataset.categories.labels[a.label!]!.name, a.id, a.attributes.is_crowd])).toEqual(
      [
        ['person', 10, false],
        ['car', 11, false],
      ],
    );
    expect(await pixels(anns[0]!)).toEqual([1, 0, 0, 1, 0, 0]);
    expect(await pixels(anns[1]!)).toEqual([0, 1, 1, 0, 1, 0]);
  });

  it("moves the dataset's black (or 'background') label to id 0, keeping the others in order", async () => {
    const ds = new Dataset(
      {
        labels: [{ name: 'road' }, { name: 'car' }, { name: 'void' }],
        colors: new Map<number, [number, number, number]>([
          [0, [128, 64, 128]],
          [1, [0, 0, 142]],
          [2, [0, 0, 0]],
        ]),
      },
      [
        {
          id: 'a',
          subset: 'val',
          attributes: {},
          media: { kind: 'image', width: 2, height: 1 },
          annotations: [{ type: 'mask', label: 0, mask: bits(2, [1, 0]), attributes: { is_crowd: true } }],
        },
      ],
    );
    const { dataset, report, tree } = await writeAndReadBack(cityscapes, ds);
    expect(report.dropped).toEqual({});
    expect(text(await tree.read('label_colors.txt'))).toBe('0 0 0 void\n128 64 128 road\n0 0 142 car\n');
    expect(
      dataset.get('val', 'a')!.annotations.map((a) => dataset.categories.labels[a.label!]!.name),
    ).toEqual(['road']);
  });

  it("counts the background label's own masks, which are its unpainted pixels", async () => {
    const ds = new Dataset({ labels: [{ name: 'background' }, { name: 'car' }] }, [
      {
        id: 'a',
        subset: 'val',
        attributes: {},
        media: { kind: 'image', width: 2, height: 1 },
        annotations: [
          { type: 'mask', label: 0, mask: bits(2, [1, 0]), attributes: {} },
          { type: 'mask', label: 1, mask: bits(2, [0, 1]), attributes: {} },
        ],
      },
    ]);
    const { dataset, report } = await writeAndReadBack(cityscapes, ds);
    expect(report.dropped).toEqual({ mask: 1 });
    expect(report.warnings).toContain(
      "masks of the background label are not written: its pixels are Cityscapes' unlabeled (id 0)",
    );
    expect(dataset.get('val', 'a')!.annotations).toHaveLength(1);
  });

  it('counts masks painted over entirely and crowds of one label written as one', async () => {
    const ds = new Dataset({ labels: [{ name: 'person' }, { name: 'car' }] }, [
      {
        id: 'a',
        subset: 'val',
        attributes: {},
        media: { kind: 'image', width: 3, height: 1 },
        annotations: [
          { type: 'mask', id: 1, label: 0, zOrder: 0, mask: bits(3, [1, 0, 0]), attributes: {} },
          { type: 'mask', id: 2, label: 0, zOrder: 1, mask: bits(3, [1, 0, 0]), attributes: {} },
          { type: 'mask', label: 1, zOrder: 2, mask: bits(3, [0, 1, 0]), attributes: { is_crowd: true } },
          { type: 'mask', label: 1, zOrder: 3, mask: bits(3, [0, 0, 1]), attributes: { is_crowd: true } },
        ],
      },
    ]);
    const { dataset, report } = await writeAndReadBack(cityscapes, ds);
    expect(report.dropped).toEqual({ mask: 2 });
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        'masks painted over entirely by later masks are dropped',
        'crowd masks (and polygons) of one label are written as one mask, its label id',
      ]),
    );
    const anns = dataset.get('val', 'a')!.annotations;
    expect(anns.map((a) => [a.id, a.attributes.is_crowd])).toEqual([
      [undefined, true],
      [2, false],
    ]);
    expect(await pixels(anns[0]!)).toEqual([0, 1, 1]);
    expect(await pixels(anns[1]!)).toEqual([1, 0, 0]);
  });

  it("reads Datumaro's files: a label map without black gets a background at id 0", async () => {
    // Datumaro's exporter, from a dataset without colours, writes ` person` lines and leaves out the
    // background it put at id 0; its reader puts it back there.
    const png = (values: number[]) =>
      encodePng({ width: values.length, height: 1, colorType: 'gray', bitDepth: 16, data: values });
    const ds = await readAll(
      cityscapes,
      memoryTree({
        'label_colors.txt': ' person\n car\n',
        'gtFine/val/a_gtFine_instanceIds.png': png([0, 1001, 2]),
      }),
    );
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['background', 'person', 'car']);
    expect(ds.get('val', 'a')!.annotations.map((a) => [a.label, a.id])).toEqual([
      [2, undefined],
      [1, 1],
    ]);
  });
});

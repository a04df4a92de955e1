// Issue 21: KITTI's value 0 (label 0, no instance) is the background (`unlabeled`). A dataset whose
// first label is an object (COCO's `person`) was written with `0 0 0 person` first, so that every
// unpainted pixel read back (in Datumaro and here) as a person crowd over the background.
import { bitmapMask, Dataset, type DatasetItem, loadMask, memoryTree } from '@labelport/core';
import { decodePng, encodePng } from '@labelport/core/png';
import { countAnnotations, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { kittiSegmentation } from '../src/index.js';

const bits = (width: number, data: number[]) =>
  bitmapMask({ width, height: data.length / width, data: Uint8Array.from(data) });
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const png16 = (values: number[]) =>
  encodePng({ width: values.length, height: 1, colorType: 'gray', bitDepth: 16, data: values });

// As COCO reads: person is label 0, no colours; each image leaves pixels unpainted.
const coco = () => {
  const item = (id: string, annotations: DatasetItem['annotations']): DatasetItem => ({
    id,
    subset: 'training',
    attributes: {},
    media: { kind: 'image', width: 4, height: 1 },
    annotations,
  });
  return new Dataset({ labels: [{ name: 'person' }, { name: 'car' }] }, [
    item('a', [
      { type: 'mask', id: 1, label: 0, mask: bits(4, [1, 0, 0, 0]), attributes: {} },
      { type: 'mask', id: 2, label: 0, mask: bits(4, [0, 1, 0, 0]), attributes: {} },
      { type: 'mask', id: 1, label: 1, mask: bits(4, [0, 0, 1, 0]), attributes: {} },
    ]),
    item('b', [{ type: 'mask', label: 0, mask: bits(4, [0, 0, 1, 1]), attributes: { is_crowd: true } }]),
  ]);
};

describe('kitti_segmentation: the background is value 0', () => {
  it('writes a black background as label 0 and reads back exactly the masks written', async () => {
    const { dataset, report, tree } = await writeAndReadBack(kittiSegmentation, coco());
    expect(report.dropped).toEqual({});
    expect(report.warnings).toContain(
      "no label is the background: a black 'background' label was added as label id 0",
    );
    expect(text(await tree.read('label_colors.txt'))).toBe('0 0 0 background\n128 0 0 person\n0 128 0 car\n');
    expect([...decodePng(await tree.read('training/instance/a.png')).data]).toEqual([257, 258, 513, 0]);
    expect([...decodePng(await tree.read('training/semantic/a.png')).data]).toEqual([1, 1, 2, 0]);
    // 4 masks written, 4 read: no person crowd over the unpainted pixels.
    expect(countAnnotations(dataset)).toEqual({ mask: 4 });
    const names = (id: string) =>
      dataset.get('training', id)!.annotations.map((a) => [dataset.categories.labels[a.label!]!.name, a.id]);
    expect(names('a')).toEqual([
      ['person', 1],
      ['person', 2],
      ['car', 1],
    ]);
    expect(names('b')).toEqual([['person', 0]]);
    const crowd = dataset.get('training', 'b')!.annotations[0]!;
    if (crowd.type !== 'mask') throw new Error('mask expected');
    expect([...(await loadMask(crowd.mask)).data]).toEqual([0, 0, 1, 1]);
  });

  it("counts the background's crowd masks, masks painted over and crowds of one label merged", async () => {
    const ds = new Dataset({ labels: [{ name: 'unlabeled' }, { name: 'car' }] }, [
      {
        id: 'a',
        subset: 'training',
        attributes: {},
        annotations: [
          { type: 'mask', label: 0, zOrder: 0, mask: bits(3, [1, 0, 0]), attributes: { is_crowd: true } },
          { type: 'mask', id: 4, label: 1, zOrder: 1, mask: bits(3, [0, 1, 0]), attributes: {} },
          { type: 'mask', id: 5, label: 1, zOrder: 2, mask: bits(3, [0, 1, 0]), attributes: {} },
          { type: 'mask', label: 1, zOrder: 3, mask: bits(3, [0, 0, 1]), attributes: { is_crowd: true } },
          { type: 'mask', label: 1, zOrder: 4, mask: bits(3, [0, 0, 1]), attributes: { is_crowd: true } },
        ],
      },
    ]);
    const { dataset, report } = await writeAndReadBack(kittiSegmentation, ds);
    expect(report.dropped).toEqual({ mask: 3 });
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        "crowd masks of the background label are not written: value 0 is KITTI's unlabeled",
        'masks painted over entirely by later masks are dropped',
        'crowd masks of one label are written as one mask (label * 256, instance 0)',
      ]),
    );
    expect(dataset.get('training', 'a')!.annotations.map((a) => [a.label, a.id])).toEqual([
      [1, 0],
      [1, 5],
    ]);
  });

  it("reads value 0 as no mask when label 0 is the background, as a mask when it is not (Datumaro's files)", async () => {
    const background = await readAll(
      kittiSegmentation,
      memoryTree({ 'instance/a.png': png16([0, 26 * 256 + 1]) }),
    );
    expect(background.get('default', 'a')!.annotations.map((a) => a.label)).toEqual([26]);
    // Datumaro, from a dataset without colours, writes ` person` lines and paints person crowds 0.
    const datumaro = await readAll(
      kittiSegmentation,
      memoryTree({ 'label_colors.txt': ' person\n car\n', 'instance/a.png': png16([0, 256 + 1]) }),
    );
    expect(datumaro.get('default', 'a')!.annotations.map((a) => [a.label, a.id])).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });
});

import { type FileTree, loadMask, memoryTree } from '@labelport/core';
import { encodePng } from '@labelport/core/png';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { cocoPanoptic } from '../src/index.js';
import { image } from './fixtures/samples.js';

/** A 4x3 PNG where each pixel holds a segment id as R + 256 G + 65536 B. */
function idPng(ids: number[], width = 4, height = 3): Uint8Array {
  const data = new Uint8Array(3 * ids.length);
  ids.forEach((id, i) => {
    data[3 * i] = id % 256;
    data[3 * i + 1] = Math.floor(id / 256) % 256;
    data[3 * i + 2] = Math.floor(id / 65536);
  });
  return encodePng({ width, height, colorType: 'rgb', data });
}

// segment 7 (thing, crowd) in column 0, segment 70000 (stuff) in columns 2-3, void in column 1
const pixels = [7, 0, 70000, 70000, 7, 0, 70000, 70000, 7, 0, 70000, 70000];
const panopticVal = {
  images: [image(1, 'a.jpg')],
  categories: [
    { id: 1, name: 'person', supercategory: 'person', isthing: 1, color: [220, 20, 60] },
    { id: 184, name: 'sky', supercategory: 'sky', isthing: 0, color: [70, 130, 180] },
  ],
  annotations: [
    {
      image_id: 1,
      file_name: 'a.png',
      segments_info: [
        { id: 7, category_id: 1, area: 3, bbox: [0, 0, 1, 3], iscrowd: 1 },
        { id: 70000, category_id: 184, area: 6, bbox: [2, 0, 2, 3], iscrowd: 0 },
      ],
    },
  ],
};
const tree = (): FileTree =>
  memoryTree({
    'annotations/panoptic_val.json': JSON.stringify(panopticVal),
    'annotations/panoptic_val/a.png': idPng(pixels),
  });

describeFormat(cocoPanoptic, {
  fixtures: [
    {
      name: 'panoptic_val.json with its PNG folder',
      tree,
      expect: { items: 1, annotations: { mask: 2 }, labels: ['person', 'sky'] },
      async check(ds) {
        const [thing, stuff] = ds.get('val', 'a')!.annotations;
        expect(thing).toMatchObject({
          type: 'mask',
          id: 7,
          group: 7,
          label: 0,
          attributes: { is_crowd: true },
        });
        expect(stuff).toMatchObject({
          type: 'mask',
          id: 70000,
          group: 70000,
          label: 1,
        });
        expect(stuff.attributes).toEqual({}); // iscrowd 0: the default, not carried
        const m = thing.type === 'mask' ? await loadMask(thing.mask) : undefined;
        expect(Array.from(m!.data)).toEqual(pixels.map((p) => (p === 7 ? 1 : 0)));
        expect(ds.categories.colors?.get(1)).toEqual([70, 130, 180]);
        expect(ds.infos).toEqual({ coco_isthing: { person: 1, sky: 0 } });
      },
    },
  ],
  roundTrips: [
    { name: 'read then written (PNG ids, isthing, colours)', source: () => readAll(cocoPanoptic, tree()) },
  ],
  badInputs: [
    {
      name: 'a missing PNG',
      tree: memoryTree({ 'annotations/panoptic_val.json': JSON.stringify(panopticVal) }),
      message: /panoptic_val\/a\.png/,
    },
    {
      name: 'segments_info not a list',
      tree: memoryTree({
        'annotations/panoptic_val.json': JSON.stringify({
          ...panopticVal,
          annotations: [{ image_id: 1, file_name: 'a.png', segments_info: 3 }],
        }),
      }),
      message: /annotations\[0\]\.segments_info: expected a list/,
    },
  ],
});

describe('coco_panoptic writing', () => {
  it('writes the PNG with ids as R + 256 G + 65536 B, areas and boxes from the pixels, isthing and colours', async () => {
    const { tree: out } = await writeAndReadBack(cocoPanoptic, await readAll(cocoPanoptic, tree()));
    const json = JSON.parse(new TextDecoder().decode(await out.read('annotations/panoptic_val.json')));
    expect(json.categories).toEqual(panopticVal.categories);
    expect(json.annotations).toEqual(panopticVal.annotations);
    const { decodePng } = await import('@labelport/core/png');
    const png = decodePng(await out.read('annotations/panoptic_val/a.png'));
    expect(Array.from(png.data)).toEqual(Array.from(decodePng(idPng(pixels)).data));
  });
});

describe('coco_panoptic painting order (issue 21)', () => {
  it('paints by z-order, then as given: a mask of a higher z-order keeps the pixels it shares', async () => {
    const { Dataset, bitmapMask } = await import('@labelport/core');
    const m = (data: number[]) => bitmapMask({ width: 2, height: 1, data: Uint8Array.from(data) });
    const ds = new Dataset({ labels: [{ name: 'person' }, { name: 'car' }] }, [
      {
        id: 'z',
        subset: 'val',
        media: { kind: 'image', width: 2, height: 1 },
        attributes: {},
        annotations: [
          { type: 'mask', mask: m([1, 1]), label: 0, id: 1, zOrder: 1, attributes: {} },
          { type: 'mask', mask: m([1, 0]), label: 1, id: 2, attributes: {} },
          { type: 'mask', mask: m([0, 1]), label: 1, id: 3, zOrder: 2, attributes: {} },
        ],
      },
    ]);
    const { dataset, report } = await writeAndReadBack(cocoPanoptic, ds);
    expect(report.dropped).toEqual({});
    const back = dataset.get('val', 'z')!.annotations;
    const pixels = await Promise.all(
      back.map(async (a) => [a.id, a.label, a.type === 'mask' ? [...(await loadMask(a.mask)).data] : []]),
    );
    // the segment painted over entirely stays in segments_info (area 0, as Datumaro writes every
    // segment): it reads back, empty
    expect(pixels.sort()).toEqual([
      [1, 0, [1, 0]],
      [2, 1, [0, 0]],
      [3, 1, [0, 1]],
    ]);
  });
});

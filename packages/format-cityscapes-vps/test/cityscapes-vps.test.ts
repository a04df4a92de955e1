import { bitmapMask, Dataset, type DatasetItem, loadMask, memoryTree } from '@labelport/core';
import { decodePng, encodePng } from '@labelport/core/png';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { cityscapesVps, VPS_CATEGORIES } from '../src/index.js';

const NAMES = VPS_CATEGORIES.map((c) => c.name);
const rgbPng = (width: number, ids: number[]) =>
  encodePng({
    width,
    height: ids.length / width,
    colorType: 'rgb',
    data: ids.flatMap((v) => [v & 255, (v >> 8) & 255, (v >> 16) & 255]),
  });
const png16 = (width: number, values: number[]) =>
  encodePng({ width, height: values.length / width, colorType: 'gray', bitDepth: 16, data: values });
const bits = (width: number, data: number[]) =>
  bitmapMask({ width, height: data.length / width, data: Uint8Array.from(data) });

const ROAD_ID = 128 + 64 * 256 + 128 * 65536; // stuff segments take their category's colour
const CAR_A = 0x10203;
const CAR_B = 0x40506;
const frames = ['0005_0025_frankfurt_000000_001736', '0005_0030_frankfurt_000000_001741'];
const gt = {
  images: frames.map((id) => ({ id, width: 2, height: 2, file_name: `${id}_newImg8bit.png` })),
  annotations: [
    {
      image_id: frames[0],
      file_name: `${frames[0]}_final_mask.png`,
      segments_info: [
        { id: ROAD_ID, category_id: 0, iscrowd: 0, area: 2 },
        { id: CAR_A, category_id: 13, iscrowd: 0, area: 1 },
        { id: CAR_B, category_id: 13, iscrowd: 0, area: 1 },
      ],
    },
    {
      image_id: frames[1],
      file_name: `${frames[1]}_final_mask.png`,
      segments_info: [{ id: CAR_A, category_id: 13, iscrowd: 0, area: 1 }],
    },
  ],
  categories: VPS_CATEGORIES,
};

const vpsTree = () =>
  memoryTree({
    'cityscapes_vps/panoptic_gt_val_city_vps.json': JSON.stringify(gt),
    [`cityscapes_vps/val/panoptic_video/${frames[0]}_final_mask.png`]: rgbPng(2, [
      ROAD_ID,
      ROAD_ID,
      CAR_A,
      CAR_B,
    ]),
    [`cityscapes_vps/val/panoptic_video/${frames[1]}_final_mask.png`]: rgbPng(2, [0, 0, 0, CAR_A]),
    [`cityscapes_vps/val/img/${frames[0]}_newImg8bit.png`]: 'png',
    'cityscapes_vps/train/panoptic_inst/0001_0005_aachen_000001_000004_final_mask.png': png16(
      2,
      [0, 13000, 13001, 255],
    ),
  });

const source = () => {
  const item = (id: string, annotations: DatasetItem['annotations']): DatasetItem => ({
    id,
    subset: 'val',
    attributes: { video_id: 5 },
    media: { kind: 'image', width: 2, height: 2, frame: Number(id.slice(5, 9)) },
    annotations,
  });
  const car = NAMES.indexOf('car');
  return new Dataset(
    {
      labels: VPS_CATEGORIES.map((c) => ({ name: c.name })),
      colors: new Map(VPS_CATEGORIES.map((c, i) => [i, c.color])),
    },
    [
      item(frames[0], [
        {
          type: 'mask',
          id: ROAD_ID,
          objectId: ROAD_ID,
          label: 0,
          mask: bits(2, [1, 1, 0, 0]),
          attributes: { is_crowd: false },
        },
        {
          type: 'mask',
          id: 7,
          objectId: 7,
          label: car,
          mask: bits(2, [0, 0, 1, 0]),
          attributes: { is_crowd: false },
        },
        {
          type: 'mask',
          id: 8,
          objectId: 8,
          label: car,
          mask: bits(2, [0, 0, 0, 1]),
          attributes: { is_crowd: true },
        },
      ]),
      item(frames[1], [
        {
          type: 'mask',
          id: 7,
          objectId: 7,
          label: car,
          mask: bits(2, [0, 1, 0, 1]),
          attributes: { is_crowd: false },
        },
      ]),
    ],
  );
};

describeFormat(cityscapesVps, {
  fixtures: [
    {
      name: 'panoptic_video with panoptic_gt JSON (val), panoptic_inst (train)',
      tree: vpsTree,
      // val: 2 annotated frames (3 + 1 segments); train: one panoptic_inst frame with 0 (road), 13000, 13001, 255 (void).
      expect: { items: 3, subsets: { train: 1, val: 2 }, annotations: { mask: 7 }, labels: NAMES },
      async check(ds) {
        const f0 = ds.get('val', frames[0]);
        expect(f0?.media).toMatchObject({
          path: `val/img/${frames[0]}_newImg8bit.png`,
          frame: 25,
          width: 2,
          height: 2,
        });
        expect(f0?.attributes).toEqual({ video_id: 5 });
        expect(f0?.annotations.map((a) => [a.label, a.objectId])).toEqual([
          [0, ROAD_ID],
          [13, CAR_A],
          [13, CAR_B],
        ]);
        // the same car keeps its track id in the next annotated frame
        const f1 = ds.get('val', frames[1]);
        expect(f1?.annotations.map((a) => [a.label, a.objectId])).toEqual([[13, CAR_A]]);
        const m = f1?.annotations[0];
        if (m?.type !== 'mask') throw new Error('mask expected');
        expect(Array.from((await loadMask(m.mask)).data)).toEqual([0, 0, 0, 1]);
        const t = ds.get('train', '0001_0005_aachen_000001_000004');
        expect(t?.annotations.map((a) => [a.label, a.objectId])).toEqual([
          [0, 0],
          [13, 13000],
          [13, 13001],
        ]);
      },
    },
  ],
  roundTrips: [{ name: 'stuff, things and a crowd over two frames of a video', source }],
  badInputs: [
    {
      name: 'a truncated panoptic_inst PNG',
      tree: () => memoryTree({ 'train/panoptic_inst/a.png': png16(2, [0, 0, 0, 0]).slice(0, 45) }),
      message: /panoptic_inst\/a\.png/,
    },
    {
      name: 'unknown category',
      tree: memoryTree({
        'panoptic_gt_val_city_vps.json': JSON.stringify({
          ...gt,
          annotations: [{ ...gt.annotations[1], segments_info: [{ id: 1, category_id: 99 }] }],
        }),
        [`val/panoptic_video/${frames[1]}_final_mask.png`]: rgbPng(1, [1]),
      }),
      message: /panoptic_gt_val_city_vps\.json: image .*: category_id 99/,
    },
    {
      name: 'a PNG the JSON names is missing',
      tree: memoryTree({
        'panoptic_gt_val_city_vps.json': JSON.stringify(gt),
        [`val/panoptic_video/${frames[1]}_final_mask.png`]: rgbPng(1, [1]),
      }),
      code: 'not-found',
    },
    {
      name: 'segments_info not a list',
      tree: memoryTree({
        'panoptic_gt_val_city_vps.json': JSON.stringify({
          ...gt,
          annotations: [{ image_id: 'a', file_name: 'a.png', segments_info: 3 }],
        }),
        'val/panoptic_video/a.png': rgbPng(1, [1]),
      }),
      message: /annotations\[0\]\.segments_info/,
    },
  ],
});

describe('cityscapes_vps details', () => {
  it('writes panoptic_video (RGB ids), panoptic_inst (category * 1000 + n, 255 void) and the JSONs', async () => {
    const { tree } = await writeAndReadBack(cityscapesVps, source());
    const video = decodePng(await tree.read(`val/panoptic_video/${frames[1]}_final_mask.png`));
    expect(Array.from(video.data)).toEqual([0, 0, 0, 7, 0, 0, 0, 0, 0, 7, 0, 0]);
    const inst0 = decodePng(await tree.read(`val/panoptic_inst/${frames[0]}_final_mask.png`));
    expect(Array.from(inst0.data)).toEqual([0, 0, 13000, 13001]);
    const inst1 = decodePng(await tree.read(`val/panoptic_inst/${frames[1]}_final_mask.png`));
    expect(Array.from(inst1.data)).toEqual([255, 13000, 255, 13000]); // the same track, the same value
    const json = JSON.parse(new TextDecoder().decode(await tree.read('panoptic_gt_val_city_vps.json')));
    expect(json.images[0]).toEqual({
      id: frames[0],
      width: 2,
      height: 2,
      file_name: `${frames[0]}_newImg8bit.png`,
    });
    expect(json.annotations[0].segments_info[2]).toEqual({ id: 8, category_id: 13, iscrowd: 1, area: 1 });
    expect(json.categories[13]).toMatchObject({ id: 13, name: 'car', isthing: 1 });
  });

  it('reads unlabelled frames when asked', async () => {
    const tree = memoryTree({
      'panoptic_gt_val_city_vps.json': JSON.stringify({
        images: [],
        annotations: [],
        categories: VPS_CATEGORIES,
      }),
      'val/panoptic_video/x.png': rgbPng(1, [0]),
      'im_all_info_val_city_vps.json': JSON.stringify({
        images: [{ id: 1, file_name: 'frankfurt_000000_001730_leftImg8bit.png', width: 2048, height: 1024 }],
      }),
    });
    const ds = await readAll(cityscapesVps, tree, { allFrames: true });
    expect(ds.get('val', 'frankfurt_000000_001730')?.media).toMatchObject({ frame: 1730, width: 2048 });
  });

  it('counts masks painted over entirely and masks without a label as mask losses, saying why', async () => {
    const ds = new Dataset({ labels: [{ name: 'car' }] }, [
      {
        id: frames[0],
        subset: 'val',
        attributes: {},
        media: { kind: 'image', width: 2, height: 1 },
        annotations: [
          { type: 'mask', id: 1, label: 0, zOrder: 0, mask: bits(2, [1, 0]), attributes: {} },
          { type: 'mask', id: 2, label: 0, zOrder: 1, mask: bits(2, [1, 1]), attributes: {} },
          { type: 'mask', id: 3, mask: bits(2, [1, 1]), attributes: {} },
        ],
      },
    ]);
    const { dataset, report } = await writeAndReadBack(cityscapesVps, ds);
    expect(report.dropped).toEqual({ mask: 2 });
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        'masks painted over entirely by later masks are dropped',
        'masks without a label cannot be written (a segment needs a category)',
      ]),
    );
    expect(dataset.get('val', frames[0])!.annotations.map((a) => a.id)).toEqual([2]);
  });
});

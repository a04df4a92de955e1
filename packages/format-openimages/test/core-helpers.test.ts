// Open Images on core's helpers: binary mask PNGs (decodeBinaryMaskPng, encodeBinaryMaskPng),
// saveMedia/mediaExtension.
import { bitmapMask, Dataset, loadMask, memoryTree } from '@labelport/core';
import { decodePng, encodePng } from '@labelport/core/png';
import { readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { openImages } from '../src/index.js';

const SEGMENTATION_CSV =
  'MaskPath,ImageID,LabelName,BoxID,BoxXMin,BoxXMax,BoxYMin,BoxYMax,PredictedIoU,Clicks\na_m0_00000000.png,a,/m/0,00000000,,,,,,\n';

describe('Open Images masks', () => {
  it('reads a palette mask by its palette colours (index 0 white is set, index 1 black is not)', async () => {
    const png = encodePng({
      width: 4,
      height: 1,
      colorType: 'palette',
      palette: [
        [255, 255, 255],
        [0, 0, 0],
      ],
      data: Uint8Array.from([0, 1, 1, 0]),
    });
    const tree = memoryTree({
      'annotations/class-descriptions.csv': '/m/0,Zero\n',
      'annotations/images.meta': 'a 1 4\n',
      'annotations/train-annotations-object-segmentation.csv': SEGMENTATION_CSV,
      'masks/train/a_m0_00000000.png': png,
    });
    const a = (await readAll(openImages, tree)).get('train', 'a')!.annotations[0]!;
    if (a.type !== 'mask') throw new Error('expected a mask');
    expect([...(await loadMask(a.mask)).data]).toEqual([1, 0, 0, 1]);
  });

  it('writes masks as 8-bit gray PNGs of 0 and 255, and images with their extension as written', async () => {
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]);
    const ds = new Dataset({ labels: [{ name: '/m/0' }] }, [
      {
        id: 'a',
        subset: 'train',
        attributes: {},
        media: { kind: 'image', path: 'x/a.JPG', width: 3, height: 1, bytes: async () => jpeg },
        annotations: [
          {
            type: 'mask',
            label: 0,
            mask: bitmapMask({ width: 3, height: 1, data: Uint8Array.from([0, 1, 1]) }),
            attributes: {},
          },
        ],
      },
      {
        id: 'b',
        subset: 'train',
        attributes: {},
        media: { kind: 'image', path: 'b.jpg', width: 3, height: 1 },
        annotations: [],
      },
    ]);
    const { report, tree } = await writeAndReadBack(openImages, ds, { saveMedia: true });
    const paths = (await tree.list()).map((e) => e.path);
    expect(paths.filter((p) => p.startsWith('images/'))).toEqual(['images/train/a.JPG']);
    expect(report.dropped.media).toBe(1);
    const maskFile = paths.find((p) => p.startsWith('masks/'))!;
    const png = decodePng(await tree.read(maskFile));
    expect(png).toMatchObject({ colorType: 'gray', bitDepth: 8, width: 3, height: 1 });
    expect([...png.data]).toEqual([0, 255, 255]);
  });
});

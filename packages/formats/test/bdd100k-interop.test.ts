/**
 * BDD100K with the reference format (Datumaro): Scalabel frames and mask tasks through Datumaro and
 * back. There is no BDD100K sample in the corpus; the inputs are written here from the format docs.
 */
import { bitmapMask, type DatasetSource, loadMask, memoryTree, sourceOf } from '@labelport/core';
import { encodePng } from '@labelport/core/png';
import { expectSameDataset, readAll, writeAndReadBack } from '@labelport/core/testing';
import { bdd100k, bdd100kInsSeg, bdd100kSemSeg } from '@labelport/format-bdd100k';
import { datumaro } from '@labelport/format-datumaro';
import { describe, expect, it } from 'vitest';

async function throughDatumaro(format: typeof bdd100k, source: DatasetSource) {
  const { dataset: viaDatumaro } = await writeAndReadBack(datumaro, source);
  await expectSameDataset(viaDatumaro, source);
  const { dataset: back, report } = await writeAndReadBack(format, viaDatumaro);
  expect(report.dropped).toEqual({});
  await expectSameDataset(back, source, { capabilities: format.capabilities });
}

describe('BDD100K through Datumaro and back', () => {
  it('det_20 and box_track_20 frames', async () => {
    const tree = memoryTree({
      'labels/det_20/det_val.json': JSON.stringify([
        {
          name: 'b1c66a42-6f7d68ca.jpg',
          timestamp: 10000,
          attributes: { weather: 'overcast', timeofday: 'daytime', scene: 'city street' },
          labels: [
            {
              id: '0',
              category: 'traffic light',
              attributes: { occluded: false, truncated: false, trafficLightColor: 'G' },
              box2d: { x1: 1000.698742, y1: 281.992415, x2: 1040.626872, y2: 326.91156 },
            },
            {
              id: '1',
              category: 'car',
              attributes: { occluded: true, truncated: false, trafficLightColor: 'NA' },
              box2d: { x1: 10, y1: 10, x2: 59, y2: 39 },
              poly2d: [
                {
                  vertices: [
                    [10, 10],
                    [40, 0],
                    [60, 20],
                    [59, 39],
                  ],
                  types: 'LCCL',
                  closed: true,
                },
              ],
            },
          ],
        },
      ]),
      'labels/box_track_20/val/v1.json': JSON.stringify([
        {
          name: 'v1-0000001.jpg',
          videoName: 'v1',
          frameIndex: 0,
          labels: [
            {
              id: '12',
              category: 'bus',
              attributes: { crowd: false },
              box2d: { x1: 0, y1: 0, x2: 9, y2: 9 },
            },
          ],
        },
        {
          name: 'v1-0000002.jpg',
          videoName: 'v1',
          frameIndex: 1,
          labels: [
            {
              id: '12',
              category: 'bus',
              attributes: { crowd: false },
              box2d: { x1: 1, y1: 0, x2: 10, y2: 9 },
            },
          ],
        },
      ]),
    });
    const source = await readAll(bdd100k, tree);
    expect(source.size).toBe(3);
    await throughDatumaro(bdd100k, source);
  });

  it('ins_seg and sem_seg masks', async () => {
    const ins = await readAll(
      bdd100kInsSeg,
      memoryTree({
        'labels/ins_seg/bitmasks/train/a.png': encodePng({
          width: 2,
          height: 1,
          colorType: 'rgba',
          data: [3, 4, 0, 1, 1, 0, 1, 2],
        }),
      }),
    );
    await throughDatumaro(bdd100kInsSeg, ins);
    const sem = sourceOf({ labels: ['road', 'sidewalk'].map((name) => ({ name })) }, [
      {
        id: 's',
        subset: 'val',
        attributes: {},
        media: { kind: 'image', width: 2, height: 2 },
        annotations: [
          {
            type: 'mask',
            label: 1,
            mask: bitmapMask({ width: 2, height: 2, data: new Uint8Array([1, 1, 0, 0]) }),
            attributes: {},
          },
        ],
      },
    ]);
    const { dataset } = await writeAndReadBack(bdd100kSemSeg, sem);
    // sem_seg always has its 19 classes: the mask comes back under the same name, pixel for pixel.
    const [ann] = dataset.get('val', 's')!.annotations;
    expect(ann && dataset.categories.labels[ann.label!]!.name).toBe('sidewalk');
    if (ann?.type === 'mask') expect([...(await loadMask(ann.mask)).data]).toEqual([1, 1, 0, 0]);
    await throughDatumaro(bdd100kSemSeg, dataset);
  });
});

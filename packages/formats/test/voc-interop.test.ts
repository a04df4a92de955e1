/**
 * VOC with the reference format (Datumaro) and with COCO: the corpus samples through Datumaro and
 * back, and COCO instances through VOC segmentation and back with every instance's pixels kept.
 */
import { join } from 'node:path';
import {
  type AnyFormat,
  convert,
  type DatasetSource,
  loadMask,
  memorySink,
  memoryTree,
  sourceOf,
} from '@labelport/core';
import { decodeRle, rasterizePolygon } from '@labelport/core/geometry';
import { directoryTree } from '@labelport/core/node';
import { expectSameDataset, fixturesDir, readAll, writeAndReadBack } from '@labelport/core/testing';
import { cocoInstances } from '@labelport/format-coco';
import { datumaro } from '@labelport/format-datumaro';
import { voc, vocDetection, vocSegmentation } from '@labelport/format-voc';
import { describe, expect, it } from 'vitest';

const corpus = fixturesDir();
if (!corpus) console.warn('voc interop: LABELPORT_FIXTURES is not set; the corpus tests are skipped');
const tree = (...p: string[]) => directoryTree(join(corpus as string, 'datumaro', ...p));

/** Reads a sample, takes it through Datumaro and back to the same VOC format, and compares at each step. */
async function throughDatumaro(format: AnyFormat, source: DatasetSource) {
  const { dataset: viaDatumaro } = await writeAndReadBack(datumaro, source);
  await expectSameDataset(viaDatumaro, source);
  const { dataset: back, report } = await writeAndReadBack(format, viaDatumaro);
  expect(report.dropped).toEqual({});
  await expectSameDataset(back, source, { capabilities: format.capabilities });
}

describe.skipIf(!corpus)('VOC corpus samples through Datumaro and back', () => {
  for (const [name, format, path] of [
    ['voc_dataset1 (all tasks, masks, parts, actions)', voc, ['voc_dataset', 'voc_dataset1']],
    ['voc_dataset2 (label map, no images)', voc, ['voc_dataset', 'voc_dataset2']],
    ['voc_dataset3 (detection)', vocDetection, ['voc_dataset', 'voc_dataset3']],
    ['roboflow voc (loose XML in subset folders)', vocDetection, ['roboflow_dataset', 'voc']],
  ] as const) {
    it(name, async () => {
      const source = await readAll(format, tree(...path));
      expect(source.size).toBeGreaterThan(0);
      await throughDatumaro(format, source);
    });
  }
});

describe('COCO instances -> VOC segmentation -> COCO instances', () => {
  // Three objects on a 10x8 image that do not overlap: a polygon, an RLE mask, and a crowd RLE.
  const rle = (size: [number, number], counts: number[]) => ({ size, counts });
  const cocoJson = {
    images: [{ id: 1, file_name: 'a.jpg', width: 10, height: 8 }],
    categories: [
      { id: 1, name: 'cat' },
      { id: 2, name: 'dog' },
    ],
    annotations: [
      {
        id: 1,
        image_id: 1,
        category_id: 1,
        segmentation: [[1, 1, 4, 1, 4, 4, 1, 4]],
        bbox: [1, 1, 3, 3],
        area: 9,
        iscrowd: 0,
      },
      // column-major runs on 8 rows: columns 6 and 7, rows 0..2
      {
        id: 2,
        image_id: 1,
        category_id: 2,
        segmentation: rle([8, 10], [48, 3, 5, 3, 21]),
        bbox: [6, 0, 2, 3],
        area: 6,
        iscrowd: 0,
      },
      {
        id: 3,
        image_id: 1,
        category_id: 1,
        segmentation: rle([8, 10], [6, 2, 6, 2, 64]),
        bbox: [0, 6, 2, 2],
        area: 4,
        iscrowd: 1,
      },
    ],
  };

  it('keeps every instance, pixel for pixel', async () => {
    const coco = await readAll(
      cocoInstances,
      memoryTree({ 'annotations/instances_default.json': JSON.stringify(cocoJson) }),
    );
    const expected = [
      decodeRle(rasterizePolygon([1, 1, 4, 1, 4, 4, 1, 4], 8, 10)),
      decodeRle(cocoJson.annotations[1].segmentation as { size: [number, number]; counts: number[] }),
      decodeRle(cocoJson.annotations[2].segmentation as { size: [number, number]; counts: number[] }),
    ];
    const sink = memorySink();
    const report = await convert(coco, vocSegmentation, sink);
    // the polygon is drawn; the three boxes are their objects' boxes (in their groups), not shapes,
    // and kept by those shapes (a COCO writer makes them again from the masks): no box is lost
    expect(report.converted).toEqual({ 'polygon->mask': 1 });
    expect(report.dropped.bbox).toBeUndefined();
    const vocDs = await readAll(vocSegmentation, sink.tree());
    const masks = vocDs.get('default', 'a')!.annotations;
    expect(masks.map((m) => vocDs.categories.labels[m.label!].name)).toEqual(['cat', 'dog', 'cat']);
    for (const [i, m] of masks.entries())
      expect((await loadMask((m as any).mask)).data).toEqual(expected[i].data);

    const { dataset: back } = await writeAndReadBack(cocoInstances, vocDs);
    const backMasks = back.get('default', 'a')!.annotations.filter((a) => a.type === 'mask');
    expect(backMasks.length).toBe(3);
    for (const [i, m] of backMasks.entries())
      expect((await loadMask((m as any).mask)).data).toEqual(expected[i].data);
  });

  it('a polygon written to VOC segmentation reads back as the pycocotools rasterisation', async () => {
    const source = sourceOf({ labels: [{ name: 'background' }, { name: 'cat' }] }, [
      {
        id: 'p',
        subset: 'default',
        attributes: {},
        media: { kind: 'image', width: 7, height: 5 },
        annotations: [{ type: 'polygon', points: [0.5, 0.5, 6, 1, 3, 4.5], label: 1, attributes: {} }],
      },
    ]);
    const { dataset, report } = await writeAndReadBack(vocSegmentation, source);
    expect(report.converted).toEqual({ 'polygon->mask': 1 });
    const [m] = dataset.get('default', 'p')!.annotations;
    expect(m).toMatchObject({ type: 'mask', label: 1, group: 1 });
    expect((await loadMask((m as any).mask)).data).toEqual(
      decodeRle(rasterizePolygon([0.5, 0.5, 6, 1, 3, 4.5], 5, 7)).data,
    );
  });
});

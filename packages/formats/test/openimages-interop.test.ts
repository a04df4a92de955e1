/**
 * Open Images with the reference format (Datumaro): the corpus samples (v5, v6) through Datumaro and
 * back, and what Open Images holds from Datumaro to Open Images and back.
 */
import { join } from 'node:path';
import { bitmapMask, type DatasetSource, sourceOf } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import {
  countAnnotations,
  expectSameDataset,
  fixturesDir,
  readAll,
  writeAndReadBack,
} from '@labelport/core/testing';
import { datumaro } from '@labelport/format-datumaro';
import { openImages } from '@labelport/format-openimages';
import { describe, expect, it } from 'vitest';

const corpus = fixturesDir();
if (!corpus) console.warn('open images interop: LABELPORT_FIXTURES is not set; the corpus tests are skipped');
const tree = (v: string) => directoryTree(join(corpus as string, 'datumaro', 'open_images_dataset', v));

async function throughDatumaro(source: DatasetSource) {
  const { dataset: viaDatumaro } = await writeAndReadBack(datumaro, source);
  await expectSameDataset(viaDatumaro, source);
  const { dataset: back, report } = await writeAndReadBack(openImages, viaDatumaro);
  expect(report.dropped).toEqual({});
  await expectSameDataset(back, source, { capabilities: openImages.capabilities });
}

describe.skipIf(!corpus)('Open Images corpus samples through Datumaro and back', () => {
  // Counts from the files: v6 has 2 + 2 image-level label rows, a box row in each of the two bbox files
  // and one mask row; v5 has two image lists and no annotations.
  for (const [v, items, annotations] of [
    ['v6', 4, { label: 4, bbox: 2, mask: 1 }],
    ['v5', 2, {}],
  ] as const) {
    it(v, async () => {
      const source = await readAll(openImages, tree(v));
      expect(source.size).toBe(items);
      expect(countAnnotations(source)).toEqual(annotations);
      await throughDatumaro(source);
    });
  }
});

describe('Datumaro -> Open Images -> Datumaro', () => {
  it('keeps labels, boxes with their flags, masks grouped with boxes, sizes', async () => {
    const mask = new Uint8Array(12);
    mask.fill(1, 0, 6);
    const source = sourceOf({ labels: [{ name: '/m/0' }, { name: '/m/1', parent: '/m/0' }] }, [
      {
        id: '0001',
        subset: 'train',
        attributes: {},
        media: { kind: 'image', width: 4, height: 3 },
        annotations: [
          { type: 'label', label: 1, attributes: { score: 1 } },
          {
            type: 'bbox',
            label: 0,
            x: 0.5,
            y: 0.25,
            w: 3,
            h: 1.5,
            group: 1,
            attributes: { score: 1, occluded: true, is_depiction: false },
          },
          {
            type: 'mask',
            label: 0,
            group: 1,
            mask: bitmapMask({ width: 4, height: 3, data: mask }),
            attributes: { box_id: '0000abcd' },
          },
        ],
      },
      {
        id: '0002',
        subset: 'validation',
        attributes: {},
        media: { kind: 'image', width: 10, height: 10 },
        annotations: [],
      },
    ]);
    const { dataset: asOpenImages, report } = await writeAndReadBack(openImages, source);
    expect(report.dropped).toEqual({});
    await expectSameDataset(asOpenImages, source);
    const { dataset: back } = await writeAndReadBack(datumaro, asOpenImages);
    await expectSameDataset(back, source);
  });
});

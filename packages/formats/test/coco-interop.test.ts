// COCO <-> Datumaro on the real samples of the corpus (coco_dataset/*): COCO -> Datumaro -> COCO
// keeps ids, boxes (to 1e-6), polygons, masks (pixel-equal), categories and their COCO ids.
// Skipped without LABELPORT_FIXTURES.
import { join } from 'node:path';
import { createRegistry, type Dataset } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import {
  countAnnotations,
  expectSameDataset,
  fixturesDir,
  readAll,
  writeAndReadBack,
} from '@labelport/core/testing';
import { formats as cocoFormats } from '@labelport/format-coco';
import { datumaro } from '@labelport/format-datumaro';
import { describe, expect, it } from 'vitest';

const corpus = fixturesDir();
if (!corpus) console.warn('coco interop: LABELPORT_FIXTURES is not set; the corpus tests are skipped');
const registry = createRegistry(cocoFormats);
const dir = (v: string) => directoryTree(join(corpus as string, 'datumaro', 'coco_dataset', v));

// sample folder -> the COCO format it holds (see packages/format-coco/test/corpus.test.ts for the counts)
const samples: [string, string][] = [
  ['coco_instances', 'coco_instances'],
  ['coco_roboflow', 'coco_instances'],
  ['mmdet_coco', 'coco_instances'],
  ['coco_person_keypoints', 'coco_person_keypoints'],
  ['coco_captions', 'coco_captions'],
  ['coco_labels', 'coco_labels'],
  ['coco_image_info', 'coco_image_info'],
  ['coco_panoptic', 'coco_panoptic'],
  ['coco_stuff', 'coco_stuff'],
];

describe.skipIf(!corpus)('COCO samples through Datumaro', () => {
  for (const [name, id] of samples) {
    it(`${name}: COCO -> Datumaro -> COCO keeps everything COCO holds`, async () => {
      const format = registry.get(id);
      const source = await readAll(format, dir(name));
      const viaDatumaro = await writeAndReadBack(datumaro, source);
      expect(viaDatumaro.report.dropped).toEqual({});
      // Datumaro holds all of it
      expect(countAnnotations(viaDatumaro.dataset)).toEqual(countAnnotations(source));
      await expectSameDataset(viaDatumaro.dataset, source, { digits: 6 });
      const back = await writeAndReadBack(format, viaDatumaro.dataset);
      expect(back.report.dropped).toEqual({});
      expect(back.report.converted).toEqual({});
      await expectSameDataset(back.dataset, source, { digits: 6 });
      expect(back.dataset.categories.labels.map((l) => l.id)).toEqual(
        source.categories.labels.map((l) => l.id),
      );
      expect(imageIds(back.dataset)).toEqual(imageIds(source));
    });
  }

  it('coco (every task): COCO -> Datumaro keeps every annotation of every task', async () => {
    // The way back to COCO cannot be exact for this sample: objects of different task files share
    // ids (stuff 7 and panoptic 7, instances 2 and stuff 2), hence groups, and Datumaro's model does
    // not say which file an annotation came from, so the writer sees one object where there were two.
    const source = await readAll(registry.get('coco'), dir('coco'));
    const viaDatumaro = await writeAndReadBack(datumaro, source);
    expect(viaDatumaro.report.dropped).toEqual({});
    await expectSameDataset(viaDatumaro.dataset, source, { digits: 6 });
  });

  it('COCO -> Datumaro writes the objects as Datumaro reads them: groups, ids, is_crowd', async () => {
    const source = await readAll(registry.get('coco_instances'), dir('coco_instances'));
    const { tree } = await writeAndReadBack(datumaro, source);
    const doc = JSON.parse(new TextDecoder().decode(await tree.read('annotations/val.json')));
    const b = doc.items.find((i: { id: string }) => i.id === 'b');
    expect(b.attr).toEqual({ id: 40 });
    expect(
      b.annotations.map((a: Record<string, unknown>) => [
        a.type,
        a.id,
        a.group,
        a.label_id,
        (a.attributes as Record<string, unknown>).is_crowd,
      ]),
    ).toEqual([
      // iscrowd 0 on polygons is the default: not carried as an attribute (COCO's writer restores it)
      ['polygon', 1, 1, 0, undefined],
      ['bbox', 1, 1, 0, undefined],
      ['mask', 2, 2, 1, true],
      ['bbox', 2, 2, 1, true],
    ]);
  });
});

function imageIds(ds: Dataset): Record<string, unknown> {
  return Object.fromEntries([...ds].map((i) => [`${i.subset}/${i.id}`, i.attributes.id]));
}

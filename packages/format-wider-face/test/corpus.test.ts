// The real sample of the corpus (LABELPORT_FIXTURES): Datumaro's widerface_dataset.
import { join } from 'node:path';
import { createRegistry } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import {
  countAnnotations,
  expectSameDataset,
  fixturesDir,
  readAll,
  writeAndReadBack,
} from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formats, widerFace } from '../src/index.js';

const dir = fixturesDir();
if (!dir) console.warn('LABELPORT_FIXTURES is not set: the WIDER Face corpus tests are skipped');
const corpus = () => directoryTree(join(dir!, 'datumaro', 'widerface_dataset'));
const attrs = (
  blur: string,
  expression: string,
  illumination: string,
  occluded: string,
  pose: string,
  invalid: string,
) => ({
  blur,
  expression,
  illumination,
  occluded,
  pose,
  invalid,
});

describe.skipIf(!dir)('WIDER Face corpus sample', () => {
  it('widerface_dataset', async () => {
    const { matches } = await createRegistry(formats).detect(corpus());
    expect(matches).toEqual([{ id: 'wider_face', confidence: 1, root: '' }]);
    const ds = await readAll(widerFace, corpus());
    // dataset_meta.json: label_map {0: Parade, 1: Handshaking} (no 'face': boxes have no label).
    // wider_face_train_bbx_gt.txt: 0_Parade_image_01 (1 box), 1_Handshaking_image_02 (2 boxes);
    // wider_face_val_bbx_gt.txt: 0_Parade_image_03 (3 boxes). Each image has its event label.
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['Parade', 'Handshaking']);
    expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).length]))).toEqual({
      train: 2,
      val: 1,
    });
    expect(countAnnotations(ds)).toEqual({ label: 3, bbox: 6 });
    expect(ds.get('train', '0_Parade_image_01')!.annotations).toEqual([
      { type: 'label', label: 0, attributes: {} },
      { type: 'bbox', x: 1, y: 2, w: 2, h: 2, attributes: attrs('0', '0', '0', '0', '0', '0') },
    ]);
    const val = ds.get('val', '0_Parade_image_03')!;
    expect(val.annotations[2]).toEqual({
      type: 'bbox',
      x: 3,
      y: 2,
      w: 1,
      h: 2,
      attributes: attrs('0', '0', '0', '1', '0', '0'),
    });
    expect(val.media).toMatchObject({
      path: 'WIDER_val/images/0--Parade/0_Parade_image_03.jpg',
      width: 15,
      height: 10,
    });
  });

  it('widerface_dataset round trips with its images', async () => {
    const ds = await readAll(widerFace, corpus());
    const { dataset, report } = await writeAndReadBack(widerFace, ds, { saveMedia: true });
    expect(report.dropped).toEqual({});
    await expectSameDataset(dataset, ds);
  });
});

import { join } from 'node:path';
import { createRegistry, loadMask } from '@labelport/core';
import { maskBbox } from '@labelport/core/geometry';
import { directoryTree } from '@labelport/core/node';
import {
  countAnnotations,
  expectSameDataset,
  fixturesDir,
  readAll,
  writeAndReadBack,
} from '@labelport/core/testing';
import { datumaro } from '@labelport/format-datumaro';
import { labelme, formats as labelmeFormats, labelmeJson } from '@labelport/format-labelme';
import { describe, expect, it } from 'vitest';

const corpus = fixturesDir();
if (!corpus) console.warn('labelme interop: LABELPORT_FIXTURES is not set; the corpus tests are skipped');
const dir = () => directoryTree(join(corpus as string, 'datumaro', 'labelme_dataset'));

describe.skipIf(!corpus)('LabelMe sample of the corpus', () => {
  it('reads img1 of subset1 with the right counts, groups and masks', async () => {
    const ds = await readAll(labelme, dir());
    // Annotations/subset1/img1.xml: 7 objects, none deleted: window, o1, q1, hg are polygons;
    // b1 is a <type>bounding_box</type> polygon; license plate and m1 are <segm> masks.
    expect(ds.size).toBe(1);
    expect(ds.subsets()).toEqual(['subset1']);
    expect(countAnnotations(ds)).toEqual({ polygon: 4, bbox: 1, mask: 2 });
    expect(ds.categories.labels.map((l) => l.name)).toEqual([
      'window',
      'license plate',
      'o1',
      'q1',
      'b1',
      'm1',
      'hg',
    ]);
    const item = ds.get('subset1', 'img1')!;
    expect(item.media).toMatchObject({ path: 'Images/subset1/img1.png', width: 102, height: 77 });
    // Parts: m1 (5) has part 6, o1 (2) has parts 3 and 4; Datumaro numbers the groups 1 and 2 in that order.
    expect(item.annotations.map((a) => [a.id, a.group ?? 0])).toEqual([
      [0, 0],
      [1, 0],
      [2, 2],
      [3, 2],
      [4, 2],
      [5, 1],
      [6, 1],
    ]);
    expect(item.annotations[4]).toMatchObject({ type: 'bbox', x: 13, y: 19, w: 10, h: 11 });
    expect(item.annotations[2]!.attributes).toEqual({ a1: true, occluded: true, username: 'anonymous' });
    expect(item.annotations[6]!.attributes).toEqual({
      'gfd lkj lkj hi': true,
      occluded: false,
      username: 'anonymous',
    });
    // Masks/subset1/img1_mask_1.png: rows 67-68, columns 58-62 (as in Datumaro's own test).
    const plate = item.annotations[1]!;
    if (plate.type !== 'mask') throw new Error('expected a mask');
    expect(maskBbox(await loadMask(plate.mask))).toEqual([58, 67, 5, 2]);
  });

  it('is detected as labelme only', async () => {
    const r = await createRegistry(labelmeFormats).detect(dir());
    expect(r.matches.map((m) => m.id)).toEqual(['labelme']);
  });

  it('labelme -> labelme keeps every shape, mask, attribute and part', async () => {
    const ds = await readAll(labelme, dir());
    const back = await writeAndReadBack(labelme, ds, { saveMedia: true });
    expect(back.report.dropped).toEqual({});
    // Object ids are renumbered from 0 on write (as Datumaro does); here they already were 0..6.
    await expectSameDataset(back.dataset, ds);
    expect(await back.tree.exists('Images/subset1/img1.png')).toBe(true);
  });

  it('labelme -> datumaro -> labelme is equal', async () => {
    const ds = await readAll(labelme, dir());
    const viaDatumaro = await writeAndReadBack(datumaro, ds);
    expect(viaDatumaro.report.dropped).toEqual({});
    await expectSameDataset(viaDatumaro.dataset, ds, { ignoreMedia: true });
    const back = await writeAndReadBack(labelme, viaDatumaro.dataset);
    await expectSameDataset(back.dataset, ds, { ignoreMedia: true });
  });

  it('labelme -> labelme_json keeps boxes, polygons and masks (flags for boolean attributes)', async () => {
    const ds = await readAll(labelme, dir());
    const json = await writeAndReadBack(labelmeJson, ds);
    // username (text) has no place in labelme JSON: 7 dropped; occluded and the flag attributes are flags.
    // The image is not saved (no saveMedia): imagePath points at it where it is, and it is reported.
    expect(json.report.dropped).toEqual({ attribute: 7, media: 1 });
    expect(countAnnotations(json.dataset)).toEqual({ polygon: 4, bbox: 1, mask: 2 });
  });
});

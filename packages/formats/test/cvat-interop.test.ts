import { join } from 'node:path';
import { createRegistry, memoryTree } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import {
  countAnnotations,
  expectSameDataset,
  fixturesDir,
  readAll,
  writeAndReadBack,
} from '@labelport/core/testing';
import { cvat, formats as cvatFormats, cvatVideo } from '@labelport/format-cvat';
import { datumaro } from '@labelport/format-datumaro';
import { describe, expect, it } from 'vitest';
import { IMAGES_XML, VIDEO_XML } from '../../format-cvat/test/samples.js';

const corpus = fixturesDir();
if (!corpus) console.warn('cvat interop: LABELPORT_FIXTURES is not set; the corpus tests are skipped');
const dir = (...p: string[]) => directoryTree(join(corpus as string, 'datumaro', 'cvat_dataset', ...p));

describe.skipIf(!corpus)('CVAT samples of the corpus', () => {
  it('for_images/export_task: 2 images of subset train (the file is train.xml)', async () => {
    const ds = await readAll(cvat, dir('for_images', 'export_task'));
    // train.xml: img0 has a box and a polyline (label=""), img1 a polygon (label="") and points.
    expect(ds.size).toBe(2);
    expect(ds.subsets()).toEqual(['train']);
    expect(countAnnotations(ds)).toEqual({ bbox: 1, polyline: 1, polygon: 1, points: 1 });
    expect(ds.categories.labels.map((l) => [l.name, l.attributes])).toEqual([
      ['label1', ['a1', 'a2', 'a3', 'a4']],
      ['label2', undefined],
    ]);
    const img0 = ds.get('train', 'img0')!;
    expect(img0.media).toMatchObject({ path: 'images/img0.jpg', width: 8, height: 8 });
    // a1 checkbox, a2 radio, a3 text, a4 number (as Datumaro's own test expects them).
    expect(img0.annotations[0]).toEqual({
      type: 'bbox',
      x: 0,
      y: 2,
      w: 4,
      h: 2,
      label: 0,
      zOrder: 1,
      attributes: { occluded: true, a1: true, a2: 'v3', a3: '0003', a4: 2.4 },
    });
    expect(img0.annotations[1]).toEqual({
      type: 'polyline',
      points: [1, 2, 3, 4, 5, 6, 7, 8],
      attributes: { occluded: false },
    });
  });

  it('for_images/export_project: the same 2 images in each of Test, Train, Validation', async () => {
    const ds = await readAll(cvat, dir('for_images', 'export_project'));
    // annotations.xml: six <image> elements, two per subset attribute; images under images/<subset>/.
    expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).length]))).toEqual({
      Test: 2,
      Train: 2,
      Validation: 2,
    });
    expect(countAnnotations(ds)).toEqual({ bbox: 3, polyline: 3, polygon: 3, points: 3 });
    const img1 = ds.get('Validation', 'img1')!;
    expect(img1.media?.path).toBe('images/Validation/img1.jpg');
    expect(await img1.media!.bytes!()).toBeInstanceOf(Uint8Array);
  });

  it('for_video: 3 tracks over frames 10, 13, 16, with keyframe and outside flags', async () => {
    const ds = await readAll(cvatVideo, dir('for_video'));
    // Track 0 (II): boxes on 10, 13, 16; track 1 (klhg): points on 10, 13; track 2 (II): polylines on 13, 16.
    expect(ds.subsets()).toEqual(['annotations']);
    expect(ds.subset('annotations').map((i) => i.id)).toEqual([
      'frame_000010',
      'frame_000013',
      'frame_000016',
    ]);
    expect(countAnnotations(ds)).toEqual({ bbox: 3, points: 2, polyline: 2 });
    const f13 = ds.get('annotations', 'frame_000013')!;
    expect(f13.media).toMatchObject({ path: 'images/frame_000013.png', width: 25, height: 20, frame: 13 });
    expect(
      f13.annotations.map((a) => [a.type, a.objectId, a.attributes.outside, a.attributes.keyframe]),
    ).toEqual([
      ['bbox', 0, true, true],
      ['points', 1, true, true],
      ['polyline', 2, false, true],
    ]);
    expect(f13.annotations[1]!.attributes.hgl).toBe('jk');
  });

  it('detects each sample as its own flavour', async () => {
    const registry = createRegistry(cvatFormats);
    for (const [p, id] of [
      [['for_images', 'export_task'], 'cvat'],
      [['for_images', 'export_project'], 'cvat'],
      [['for_video'], 'cvat_video'],
    ] as const) {
      expect((await registry.detect(dir(...p))).matches[0]?.id).toBe(id);
    }
    // From the folder above, the dataset is found one level down.
    const top = await registry.detect(dir('for_images'));
    expect(top.matches[0]).toMatchObject({ id: 'cvat', root: 'export_project' });
  });

  it('cvat -> cvat keeps every shape, typed attribute and subset', async () => {
    for (const p of [
      ['for_images', 'export_task'],
      ['for_images', 'export_project'],
    ]) {
      const ds = await readAll(cvat, dir(...p));
      const back = await writeAndReadBack(cvat, ds, { saveMedia: true });
      // Unlabelled shapes (label="" in train.xml) cannot be written: CVAT needs a label (as Datumaro).
      const unlabelled = [...ds].flatMap((i) => i.annotations).filter((a) => a.label === undefined).length;
      expect(Object.values(back.report.dropped).reduce((a, b) => a + b, 0)).toBe(unlabelled);
      const labelled = ds.map((i) => ({
        ...i,
        annotations: i.annotations.filter((a) => a.label !== undefined),
      }));
      await expectSameDataset(back.dataset, labelled);
      if (p[1] === 'export_project') expect(await back.tree.exists('images/Train/img0.jpg')).toBe(true);
    }
  });

  it('cvat_video -> cvat_video keeps tracks, keyframes and outside flags', async () => {
    const ds = await readAll(cvatVideo, dir('for_video'));
    const back = await writeAndReadBack(cvatVideo, ds);
    expect(back.report.dropped).toEqual({});
    // The file name (the subset) is kept: annotations.xml is written back as annotations.xml.
    await expectSameDataset(back.dataset, ds);
  });

  it('cvat -> datumaro -> cvat is equal (images and video)', async () => {
    for (const [format, p] of [
      [cvat, ['for_images', 'export_project']],
      [cvat, ['for_images', 'export_task']],
      [cvatVideo, ['for_video']],
    ] as const) {
      const ds = await readAll(format, dir(...p));
      const viaDatumaro = await writeAndReadBack(datumaro, ds);
      expect(viaDatumaro.report.dropped).toEqual({});
      await expectSameDataset(viaDatumaro.dataset, ds, { ignoreMedia: true });
      const labelled = ds.map((i) => ({
        ...i,
        annotations: i.annotations.filter((a) => a.label !== undefined),
      }));
      const back = await writeAndReadBack(format, viaDatumaro.dataset);
      await expectSameDataset(back.dataset, labelled, { ignoreMedia: true });
    }
  });
});

describe('CVAT <-> Datumaro with every shape', () => {
  it('every CVAT shape, typed attribute, track and skeleton survives cvat -> datumaro -> cvat', async () => {
    // The package's own samples: box (rotated), ellipse, polygon, polyline, points, mask, tag, cuboid,
    // skeleton on images; box, skeleton and mask tracks with keyframes and outside flags on video.
    for (const [format, xml] of [
      [cvat, IMAGES_XML],
      [cvatVideo, VIDEO_XML],
    ] as const) {
      const ds = await readAll(format, memoryTree({ 'annotations.xml': xml }));
      const viaDatumaro = await writeAndReadBack(datumaro, ds);
      expect(viaDatumaro.report.dropped).toEqual({});
      await expectSameDataset(viaDatumaro.dataset, ds, { ignoreMedia: true });
      const back = await writeAndReadBack(format, viaDatumaro.dataset);
      expect(back.report.dropped).toEqual({});
      await expectSameDataset(back.dataset, ds, { ignoreMedia: true });
    }
  });
});

import { join } from 'node:path';
import { createRegistry, loadMask } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import {
  countAnnotations,
  expectSameDataset,
  fixturesDir,
  readAll,
  writeAndReadBack,
} from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formats, kittiDetection, kittiRaw, kittiSegmentation } from '../src/index.js';

const corpus = fixturesDir();
if (!corpus) console.warn('format-kitti corpus tests: LABELPORT_FIXTURES is not set; skipped');
const dir = (name: string) => join(corpus as string, 'datumaro', 'kitti_dataset', name);

describe.skipIf(!corpus)('KITTI samples of the corpus', () => {
  it('kitti_detection: detected, and read with the counts of its files', async () => {
    const { matches } = await createRegistry(formats).detect(directoryTree(dir('kitti_detection')));
    expect(matches).toEqual([{ id: 'kitti_detection', confidence: 1, root: '' }]);
    const ds = await readAll(kittiDetection, directoryTree(dir('kitti_detection')));
    // training/label_2: 000030_10.txt has 2 lines (Truck, Van), 000030_11.txt 3 lines (Van x3).
    expect(ds.subsets()).toEqual(['training']);
    expect(ds.size).toBe(2);
    expect(countAnnotations(ds)).toEqual({ bbox: 5 });
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['Truck', 'Van']);
    // `Truck 1.0 0 -1 0 1 2 3 -1 ...`: box (0,1)-(2,3), truncated, not occluded, 3D fields unknown (-1).
    expect(ds.get('training', '000030_10')?.annotations[0]).toEqual({
      type: 'bbox',
      id: 0,
      label: 0,
      x: 0,
      y: 1,
      w: 2,
      h: 2,
      attributes: { truncated: true, occluded: false },
    });
    expect(ds.get('training', '000030_10')?.media?.path).toBe('training/image_2/000030_10.png');
    const { dataset, report } = await writeAndReadBack(kittiDetection, ds, { saveMedia: true });
    expect(report.dropped).toEqual({});
    await expectSameDataset(dataset, ds);
  });

  it('kitti_3d label_2 reads as detection with its 3D fields', async () => {
    const ds = await readAll(kittiDetection, directoryTree(dir('kitti_3d')));
    // training/label_2/000001.txt: Truck, Car, DontCare.
    expect(countAnnotations(ds)).toEqual({ bbox: 3 });
    expect(ds.get('training', '000001')?.annotations[0].attributes).toEqual({
      truncated: false,
      occluded: false,
      alpha: -1.57,
      dimensions_h: 2.85,
      dimensions_w: 2.63,
      dimensions_l: 12.34,
      location_x: 0.47,
      location_y: 1.49,
      location_z: 69.44,
      rotation_y: -1.56,
    });
    const { dataset } = await writeAndReadBack(kittiDetection, ds, { saveMedia: true });
    await expectSameDataset(dataset, ds);
  });

  it('kitti_segmentation: detected, and read with the counts of its files', async () => {
    const { matches } = await createRegistry(formats).detect(directoryTree(dir('kitti_segmentation')));
    expect(matches).toEqual([{ id: 'kitti_segmentation', confidence: 1, root: '' }]);
    const ds = await readAll(kittiSegmentation, directoryTree(dir('kitti_segmentation')));
    // instance/000030_10.png (5x1, 16-bit): 768 = 3<<8 (outofroi, crowd) x2, 6913 = truck #1, 6914 = truck #2 x2.
    // instance/000030_11.png: 768 x2, 3073 = wall #1, 7937 = train #1 x2.
    expect(ds.size).toBe(2);
    expect(countAnnotations(ds)).toEqual({ mask: 6 });
    expect(
      ds.get('training', '000030_10')?.annotations.map((a) => [a.label, a.id, a.attributes.is_crowd]),
    ).toEqual([
      [3, 0, true],
      [27, 1, false],
      [27, 2, false],
    ]);
    expect(ds.get('training', '000030_11')?.annotations.map((a) => [a.label, a.id])).toEqual([
      [3, 0],
      [12, 1],
      [31, 1],
    ]);
    const m = ds.get('training', '000030_10')?.annotations[2];
    if (m?.type !== 'mask') throw new Error('mask expected');
    expect((await loadMask(m.mask)).data.reduce((a, b) => a + b, 0)).toBe(2);
    const { dataset, report } = await writeAndReadBack(kittiSegmentation, ds, { saveMedia: true });
    expect(report.dropped).toEqual({});
    await expectSameDataset(dataset, ds);
  });

  it('kitti_raw: detected, and read with the counts of tracklet_labels.xml', async () => {
    const { matches } = await createRegistry(formats).detect(directoryTree(dir('kitti_raw')));
    expect(matches).toEqual([{ id: 'kitti_raw', confidence: 1, root: '' }]);
    const ds = await readAll(kittiRaw, directoryTree(dir('kitti_raw')));
    // 3 tracklets: car (frame 0, 1 pose), bus (frames 0-1, 2 poses), car (frame 2, 1 pose) -> frames 0, 1, 2.
    expect(ds.size).toBe(3);
    expect(countAnnotations(ds)).toEqual({ cuboid3d: 4 });
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['bus', 'car']);
    const f0 = ds.get('default', '0000000000');
    expect(f0?.media).toMatchObject({ kind: 'point-cloud', path: 'velodyne_points/data/0000000000.pcd' });
    // car: w 7.95, h -3.62, l -1.03 at (1, 2, 3); scale is [w, h, l] as in Datumaro.
    expect(f0?.annotations[0]).toMatchObject({
      label: 1,
      objectId: 1,
      position: [1, 2, 3],
      scale: [7.95, -3.62, -1.03],
      attributes: { occluded: false },
    });
    // the bus's second pose has <occlusion>1</occlusion>: occluded.
    expect(ds.get('default', '0000000001')?.annotations[0]).toMatchObject({
      label: 0,
      objectId: 2,
      rotation: [1, 1, 3],
      attributes: { occluded: true },
    });
    const { dataset, report } = await writeAndReadBack(kittiRaw, ds, { saveMedia: true });
    expect(report.dropped).toEqual({});
    await expectSameDataset(dataset, ds);
  });

  it('detectors keep to their own samples', async () => {
    const registry = createRegistry(formats);
    for (const [name, id] of [
      ['kitti_detection', 'kitti_detection'],
      ['kitti_segmentation', 'kitti_segmentation'],
      ['kitti_raw', 'kitti_raw'],
    ]) {
      expect((await registry.detect(directoryTree(dir(name)))).matches.map((m) => m.id)).toEqual([id]);
    }
  });
});

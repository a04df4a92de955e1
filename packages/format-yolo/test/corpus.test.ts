/**
 * The YOLO samples of the corpus (Datumaro's test assets), with counts written down from the files.
 * Skipped, saying so, when LABELPORT_FIXTURES is absent.
 */
import { createRegistry } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import { countAnnotations, fixturesDir, readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formats, yolo, yoloUltralytics } from '../src/index.js';

const dir = fixturesDir();
if (!dir) console.warn('LABELPORT_FIXTURES is not set: the YOLO corpus tests are skipped');
const tree = (p: string) => directoryTree(`${dir}/datumaro/${p}`);

describe.skipIf(!dir)('YOLO corpus samples', () => {
  it('yolo_dataset/strict (obj.data, train.txt, obj_train_data/) reads', async () => {
    const t = tree('yolo_dataset/strict');
    expect((await createRegistry(formats).detect(t)).matches.map((m) => m.id)).toEqual(['yolo']);
    const ds = await readAll(yolo, t);
    // obj.names: label_0..label_9; train.txt: one image; obj_train_data/1.txt: two lines (classes 2 and 4)
    expect(ds.categories.labels.length).toBe(10);
    expect(ds.subsets()).toEqual(['train']);
    expect(countAnnotations(ds)).toEqual({ bbox: 2 });
    const item = ds.get('train', '1')!;
    // 1.jpg is 10x15 (h x w = 10 x 15): '2 0.133333 0.300000 0.266667 0.200000'
    expect(item.media).toMatchObject({ width: 15, height: 10 });
    const [a] = item.annotations as any[];
    expect(ds.categories.labels[a.label].name).toBe('label_2');
    expect(a.x).toBeCloseTo((0.133333 - 0.266667 / 2) * 15, 9);
    expect(a.w).toBeCloseTo(0.266667 * 15, 9);
    expect(a.y).toBeCloseTo((0.3 - 0.2 / 2) * 10, 9);
  });

  it('yolo_dataset/labels and yolo_dataset/annotations (loose layouts) read', async () => {
    const labels = tree('yolo_dataset/labels');
    expect((await createRegistry(formats).detect(labels)).matches.map((m) => m.id)).toEqual(['yolo']);
    const ds = await readAll(yolo, labels);
    // labels/train/1.txt and labels/val/1.txt, two boxes each; README.txt is not a label file
    expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).length]))).toEqual({
      train: 1,
      val: 1,
    });
    expect(countAnnotations(ds)).toEqual({ bbox: 4 });
    expect(ds.get('val', '1')!.media?.path).toBe('images/val/1.jpg');
    const ann = await readAll(yolo, tree('yolo_dataset/annotations'));
    // Annotations/1.txt (two boxes) with Images/1.jpg, no subset folder
    expect(ann.subsets()).toEqual(['default']);
    expect(countAnnotations(ann)).toEqual({ bbox: 2 });
  });

  it('finds the three yolo_dataset variants one level down', async () => {
    const { matches } = await createRegistry(formats).detect(tree('yolo_dataset'));
    expect(matches[0].id).toBe('yolo');
  });

  it('roboflow yolo (data.yaml, <subset>/images, <subset>/labels) reads as yolo_ultralytics', async () => {
    const t = tree('roboflow_dataset/yolo');
    expect((await createRegistry(formats).detect(t)).matches.map((m) => m.id)).toEqual(['yolo_ultralytics']);
    const ds = await readAll(yoloUltralytics, t);
    // data.yaml names ['label_0', 'label_1']; train_001.txt 1 line, train_002.txt 1 line, val_001.txt 2 lines
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['label_0', 'label_1']);
    expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).length]))).toEqual({
      train: 2,
      val: 1,
    });
    expect(countAnnotations(ds)).toEqual({ bbox: 4 });
    const v = ds.get('val', 'val_001')!;
    // val_001.jpg is 10x5 (w x h): '0 0.05 0.2 0.1 0.4' -> x 0, y 0, w 1, h 2
    expect(v.media).toMatchObject({ width: 10, height: 5 });
    const b = v.annotations[0] as any;
    expect([b.x, b.y, b.w, b.h].map((n: number) => Number(n.toFixed(9)))).toEqual([0, 0, 1, 2]);
  });

  it('roboflow yolo_obb is DOTA-style (pixel corners, class names, labelTxt/): not taken for YOLO', async () => {
    const { matches } = await createRegistry(formats).detect(tree('roboflow_dataset/yolo_obb'));
    expect(matches).toEqual([]);
  });

  it('kaggle relaxed_yolo (label files without names) is not taken for YOLO', async () => {
    const { matches } = await createRegistry(formats).detect(tree('kaggle_dataset/relaxed_yolo'));
    expect(matches).toEqual([]);
  });
});

// The real samples of the corpus (LABELPORT_FIXTURES): Datumaro's tf_detection_api_dataset and the
// TFRecord export in roboflow_dataset.
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
import { formats, tfDetectionApi } from '../src/index.js';

const dir = fixturesDir();
if (!dir) console.warn('LABELPORT_FIXTURES is not set: the TFRecord corpus tests are skipped');
const corpus = (name: string) => directoryTree(join(dir!, 'datumaro', name));
const names = (n: number) => Array.from({ length: n }, (_, i) => `label_${i}`);

describe.skipIf(!dir)('TFRecord corpus samples', () => {
  it('tf_detection_api_dataset', async () => {
    const tree = corpus('tf_detection_api_dataset');
    const { matches } = await createRegistry(formats).detect(tree);
    expect(matches).toEqual([{ id: 'tf_detection_api', confidence: 1, root: '' }]);
    const ds = await readAll(tfDetectionApi, tree);
    // label_map.pbtxt: ids 1..10 for label_0..label_9. train.tfrecord: 1.jpg (16x16) with boxes of
    // class texts label_2, label_3 and '' (id 0); val.tfrecord: 2.jpg (8x8) with one label_3 box;
    // test.tfrecord: 3.jpg (4x5) with none. Every image is embedded.
    expect(ds.categories.labels.map((l) => l.name)).toEqual(names(10));
    expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).length]))).toEqual({
      test: 1,
      train: 1,
      val: 1,
    });
    expect(countAnnotations(ds)).toEqual({ bbox: 4 });
    const train = ds.get('train', '1')!;
    expect(train.attributes).toEqual({ source_id: '1' });
    expect(train.media).toMatchObject({ width: 16, height: 16 });
    expect(train.annotations).toEqual([
      { type: 'bbox', x: 0, y: 4, w: 4, h: 8, label: 2, attributes: {} },
      { type: 'bbox', x: 0, y: 4, w: 4, h: 4, label: 3, attributes: {} },
      { type: 'bbox', x: 2, y: 4, w: 4, h: 4, attributes: {} },
    ]);
    expect(ds.get('val', '2')!.annotations).toEqual([
      { type: 'bbox', x: 1, y: 2, w: 4, h: 2, label: 3, attributes: {} },
    ]);
    expect(ds.get('test', '3')!.media).toMatchObject({ width: 4, height: 5 });
    expect((await ds.get('test', '3')!.media!.bytes!()).length).toBeGreaterThan(0);
  });

  it('tf_detection_api_dataset round trips with its images', async () => {
    const ds = await readAll(tfDetectionApi, corpus('tf_detection_api_dataset'));
    const { dataset, report } = await writeAndReadBack(tfDetectionApi, ds, { saveMedia: true });
    expect(report.dropped).toEqual({});
    await expectSameDataset(dataset, ds);
    // Plain arrays: a directory tree may hand out Node Buffers, which toEqual tells from Uint8Arrays.
    const back = new Uint8Array(await dataset.get('train', '1')!.media!.bytes!());
    expect(back).toEqual(new Uint8Array(await ds.get('train', '1')!.media!.bytes!()));
  });

  it('roboflow_dataset/tfrecord: a record file and a label map per subset folder', async () => {
    const tree = corpus('roboflow_dataset/tfrecord');
    const { matches } = await createRegistry(formats).detect(tree);
    expect(matches).toEqual([{ id: 'tf_detection_api', confidence: 1, root: '' }]);
    const ds = await readAll(tfDetectionApi, tree);
    // train/label_map.pbtxt and val/label_map.pbtxt: label_0 (1), label_1 (2), with display names.
    // train/train.tfrecord: train_001 (1 box), train_002 (1 box); val/val.tfrecord: val_001 (2 boxes).
    expect(ds.categories.labels.map((l) => l.name)).toEqual(names(2));
    expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).length]))).toEqual({
      train: 2,
      val: 1,
    });
    expect(countAnnotations(ds)).toEqual({ bbox: 4 });
    const box = ds.get('train', 'train_001')!.annotations[0] as {
      x: number;
      y: number;
      w: number;
      h: number;
    };
    // xmin 0.2, ymin 0.2, xmax 0.5, ymax 0.4 (float32) of a 10x5 image.
    expect([box.x, box.y, box.w, box.h].map((v) => Number(v.toFixed(5)))).toEqual([2, 1, 3, 1]);
    // Roboflow writes no source id and no image bytes.
    expect(ds.get('train', 'train_001')!.attributes).toEqual({});
  });

  it('roboflow_dataset: the TFRecord export is found one level down', async () => {
    const { matches } = await createRegistry(formats).detect(corpus('roboflow_dataset'));
    expect(matches[0]).toMatchObject({ id: 'tf_detection_api', root: 'tfrecord' });
  });
});

/**
 * The VOC samples of the corpus (Datumaro's test assets), read with the counts written down from the
 * files themselves. Skipped, saying so, when LABELPORT_FIXTURES is absent.
 */
import { createRegistry, loadMask } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import { countAnnotations, fixturesDir, readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import {
  formats,
  voc,
  vocAction,
  vocClassification,
  vocDetection,
  vocLayout,
  vocSegmentation,
} from '../src/index.js';

const dir = fixturesDir();
if (!dir) console.warn('LABELPORT_FIXTURES is not set: the VOC corpus tests are skipped');
const vocRoot = `${dir}/datumaro/voc_dataset`;
const tree = (p: string) => directoryTree(`${dir}/datumaro/${p}`);

describe.skipIf(!dir)('VOC corpus samples', () => {
  it('voc_dataset1 (all tasks) is detected as voc and reads every task', async () => {
    const t = directoryTree(`${vocRoot}/voc_dataset1`);
    const { matches } = await createRegistry(formats).detect(t);
    expect(matches[0].id).toBe('voc');
    const ds = await readAll(voc, t);
    // ImageSets/*/train.txt list 2007_000001, */test.txt list 2007_000002
    expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).length]))).toEqual({
      train: 1,
      test: 1,
    });
    // 11 labels: the Main/<label>_train.txt files with ' 1' (aeroplane bird bottle car chair diningtable horse
    // ignored person sheep train); bboxes: cat + person objects + the person's <part> head; masks: the
    // instance PNG is one colour (instance 1) over a class PNG of one colour (0,128,0 = bicycle).
    expect(countAnnotations(ds)).toEqual({ label: 11, bbox: 3, mask: 1 });
    // no labelmap.txt: the 22 VOC labels + the parts head, hand, foot
    expect(ds.categories.labels.length).toBe(25);
    const item = ds.get('train', '2007_000001')!;
    expect(item.media).toMatchObject({ path: 'JPEGImages/2007_000001.jpg', width: 20, height: 10 });
    const cat = item.annotations.find(
      (a) => a.type === 'bbox' && ds.categories.labels[a.label!].name === 'cat',
    );
    // <xmin>1</xmin><ymin>2</ymin><xmax>3</xmax><ymax>4</ymax>, Datumaro's reading: x=xmin, w=xmax-xmin
    expect(cat).toMatchObject({
      x: 1,
      y: 2,
      w: 2,
      h: 2,
      id: 1,
      group: 1,
      attributes: { truncated: true, difficult: false, occluded: false, pose: 'Unspecified' },
    });
    const person = item.annotations.find(
      (a) => a.type === 'bbox' && ds.categories.labels[a.label!].name === 'person',
    )!;
    // <actions>: other 1, jumping 0, phoning 1, ... walking 1
    expect(person.attributes).toMatchObject({ other: true, jumping: false, phoning: true, walking: true });
    const head = item.annotations.find(
      (a) => a.type === 'bbox' && ds.categories.labels[a.label!].name === 'head',
    );
    expect(head).toMatchObject({ x: 5.5, y: 6, w: 2, h: 2, group: 2 });
    const mask = item.annotations.find((a) => a.type === 'mask')!;
    expect(ds.categories.labels[mask.label!].name).toBe('bicycle');
    expect(mask.group).toBe(1);
    const bits = await loadMask((mask as { mask: any }).mask);
    expect(bits.data.reduce((s, v) => s + v, 0)).toBe(200); // 20x10, all covered
    expect(ds.get('test', '2007_000002')!.annotations).toEqual([]);
  });

  it('voc_dataset1 per task', async () => {
    const t = directoryTree(`${vocRoot}/voc_dataset1`);
    expect(countAnnotations(await readAll(vocClassification, t))).toEqual({ label: 11 });
    expect(countAnnotations(await readAll(vocDetection, t))).toEqual({ bbox: 2 });
    expect(countAnnotations(await readAll(vocSegmentation, t))).toEqual({ mask: 1 });
    // layout and action keep the person object only; layout adds its head part
    expect(countAnnotations(await readAll(vocLayout, t))).toEqual({ bbox: 2 });
    expect(countAnnotations(await readAll(vocAction, t))).toEqual({ bbox: 1 });
  });

  it('voc_dataset2 (labelmap.txt, no images, @.xml) reads', async () => {
    const t = directoryTree(`${vocRoot}/voc_dataset2`);
    const { matches } = await createRegistry(formats).detect(t);
    expect(matches[0].id).toBe('voc');
    const ds = await readAll(voc, t);
    // ImageSets/Main/trainval.txt: @ a b c d; one object in each of a, b, c, d
    expect(ds.size).toBe(5);
    expect(ds.subsets()).toEqual(['trainval']);
    expect(countAnnotations(ds)).toEqual({ bbox: 4 });
    // labelmap.txt: 22 labels, no parts
    expect(ds.categories.labels.map((l) => l.name)).toContain('ignored');
    expect(ds.categories.labels.length).toBe(22);
    expect(ds.get('trainval', 'a')!.annotations[0]).toMatchObject({
      x: 1,
      y: 2,
      w: 3,
      h: 4,
      attributes: { occluded: true },
    });
  });

  it('voc_dataset3 (a comment and an empty line in the list) reads as detection', async () => {
    const t = directoryTree(`${vocRoot}/voc_dataset3`);
    const { matches } = await createRegistry(formats).detect(t);
    expect(matches[0].id).toBe('voc_detection');
    const ds = await readAll(vocDetection, t);
    expect(ds.size).toBe(1);
    expect(countAnnotations(ds)).toEqual({ bbox: 1 });
  });

  it('finds the three trees one level down, the first one as root', async () => {
    const { matches } = await createRegistry(formats).detect(directoryTree(vocRoot));
    expect(matches[0].id).toBe('voc');
  });

  it('roboflow voc (train/ and val/ folders of XML and images) reads as loose VOC detection', async () => {
    const t = tree('roboflow_dataset/voc');
    const { matches } = await createRegistry(formats).detect(t);
    expect(matches.map((m) => m.id)).toEqual(['voc_detection']);
    const ds = await readAll(vocDetection, t);
    // train_001.xml: 1 object, train_002.xml: see file, val_001.xml: 2 objects
    expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).length]))).toEqual({
      train: 2,
      val: 1,
    });
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['label_0', 'label_1']);
    const v = ds.get('val', 'val_001')!;
    expect(v.media).toMatchObject({ path: 'val/val_001.jpg', width: 10, height: 5 });
    // <xmin>0</xmin><xmax>1</xmax><ymin>0</ymin><ymax>2</ymax>
    expect(v.annotations[0]).toMatchObject({ x: 0, y: 0, w: 1, h: 2 });
  });

  it('kaggle relaxed_voc1 and relaxed_voc2 (loose XML with images) read', async () => {
    for (const p of ['kaggle_dataset/relaxed_voc1', 'kaggle_dataset/relaxed_voc2']) {
      const ds = await readAll(vocDetection, tree(p));
      // one XML (2007_000001) with a cat and a person
      expect(ds.size).toBe(1);
      expect(countAnnotations(ds)).toEqual({ bbox: 2 });
      expect(ds.get('default', '2007_000001')!.media?.path).toMatch(/2007_000001\.jpg$/);
    }
  });
});

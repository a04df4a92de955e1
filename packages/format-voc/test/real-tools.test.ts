/**
 * VOC as other tools write it, from fixtures written here in their shapes: labelme2voc's segmentation
 * folders (labelme 4: `SegmentationClassPNG/` beside `.npy` arrays; labelme 5: `SegmentationClass/`
 * PNGs with `SegmentationObject/`), no ImageSets, a class list; and flat VOC: LabelImg (1.3 wrote
 * `<filename>` without the extension, the XML beside its image) and Label Studio's Pascal VOC export
 * (1.4: `Annotations/` beside `images/`, `<filename>` without the extension), names differing in case.
 */
import { createRegistry, loadMask, memoryTree } from '@labelport/core';
import { subTree } from '@labelport/core/files';
import { readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formats, voc, vocDetection, vocSegmentation } from '../src/index.js';
import { object, palettePng, xml } from './fixtures/trees.js';

const jpeg = () => new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
const npy = () => new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);

/** labelme 4's semantic labelme2voc: class_names.txt has no trailing newline; 255 is `__ignore__`. */
const labelme4Semantic = () =>
  memoryTree({
    'data_dataset_voc/class_names.txt': '_background_\ncat\ndog',
    'data_dataset_voc/JPEGImages/2011_000003.jpg': jpeg(),
    'data_dataset_voc/SegmentationClass/2011_000003.npy': npy(),
    'data_dataset_voc/SegmentationClassPNG/2011_000003.png': palettePng([
      [0, 1, 1, 0],
      [0, 1, 255, 2],
      [0, 0, 2, 2],
    ]),
    'data_dataset_voc/SegmentationClassVisualization/2011_000003.jpg': jpeg(),
  });

/** labelme 5's instance labelme2voc, with labels.txt (its input) instead of class_names.txt, and a subfolder. */
const labelme5Instance = () =>
  memoryTree({
    'labels.txt': '__ignore__\n_background_\nperson\ncar\n',
    'JPEGImages/a.jpg': jpeg(),
    'JPEGImages/sub/b.jpg': jpeg(),
    'SegmentationClass/a.png': palettePng([
      [0, 2, 2, 0],
      [1, 1, 0, 0],
    ]),
    'SegmentationObject/a.png': palettePng([
      [0, 1, 1, 0],
      [2, 3, 0, 0],
    ]),
    'SegmentationClassNpy/a.npy': npy(),
    'SegmentationObjectNpy/a.npy': npy(),
    'SegmentationClass/sub/b.png': palettePng([[0, 1]]),
    'SegmentationObjectVisualization/a.jpg': jpeg(),
  });

const labels = (ds: { categories: { labels: { name: string }[] } }) =>
  ds.categories.labels.map((l) => l.name);

describe('labelme2voc segmentation (no ImageSets)', () => {
  it('labelme 4 semantic layout is detected and read from SegmentationClassPNG/', async () => {
    const { matches } = await createRegistry(formats).detect(labelme4Semantic());
    expect(matches[0]).toMatchObject({ id: 'voc_segmentation', root: 'data_dataset_voc' });
    const ds = await readAll(vocSegmentation, subTree(labelme4Semantic(), 'data_dataset_voc'));
    expect(labels(ds)).toEqual(['_background_', 'cat', 'dog', '__ignore__']);
    const item = ds.get('default', '2011_000003')!;
    expect(item.media).toMatchObject({ path: 'JPEGImages/2011_000003.jpg', width: 4, height: 3 });
    // one mask per class value present: background, cat, dog and the ignored pixel
    expect(item.annotations.map((a) => a.label)).toEqual([0, 1, 2, 3]);
    const cat = await loadMask((item.annotations[1] as any).mask);
    expect([...cat.data]).toEqual([0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('labelme 5 instance layout reads objects with their class, nested ids included', async () => {
    const ds = await readAll(vocSegmentation, labelme5Instance());
    expect(labels(ds)).toEqual(['_background_', 'person', 'car', '__ignore__']);
    expect(ds.subsets()).toEqual(['default']);
    const a = ds.get('default', 'a')!;
    expect(a.annotations.map((m) => [m.group, m.label])).toEqual([
      [1, 2],
      [2, 1],
      [3, 1],
    ]);
    expect(a.media?.path).toBe('JPEGImages/a.jpg');
    const b = ds.get('default', 'sub/b')!;
    expect(b.media?.path).toBe('JPEGImages/sub/b.jpg');
    expect(b.annotations.map((m) => m.label)).toEqual([0, 1]);
  });

  it('voc (all tasks) reads the same layout; detection prefers voc_segmentation', async () => {
    const { matches } = await createRegistry(formats).detect(labelme5Instance());
    expect(matches.map((m) => m.id).slice(0, 2)).toEqual(['voc_segmentation', 'voc']);
    const ds = await readAll(voc, labelme5Instance());
    expect(ds.get('default', 'a')!.annotations).toHaveLength(3);
  });

  it('labelme2voc run once per split (train/, val/ each with its folders) reads one subset each', async () => {
    const split = (id: string) => ({
      'class_names.txt': '_background_\ncat\ndog',
      [`JPEGImages/${id}.jpg`]: jpeg(),
      [`SegmentationClassPNG/${id}.png`]: palettePng([[0, 1, 2]]),
    });
    const prefixed = (dir: string, files: Record<string, Uint8Array | string>) =>
      Object.fromEntries(Object.entries(files).map(([k, v]) => [`${dir}/${k}`, v]));
    const t = () => memoryTree({ ...prefixed('voc/train', split('a')), ...prefixed('voc/val', split('b')) });
    const { matches } = await createRegistry(formats).detect(t());
    expect(matches[0]).toMatchObject({ id: 'voc_segmentation', root: 'voc' });
    const ds = await readAll(vocSegmentation, subTree(t(), 'voc'));
    expect(ds.subsets().sort()).toEqual(['train', 'val']);
    expect(ds.get('val', 'b')!.media?.path).toBe('val/JPEGImages/b.jpg');
    expect(ds.get('train', 'a')!.annotations.map((m) => m.label)).toEqual([0, 1, 2]);
  });

  it('a mask value past the class list is an error naming the file', async () => {
    const t = memoryTree({
      'class_names.txt': '_background_\ncat',
      'SegmentationClassPNG/x.png': palettePng([[0, 5]]),
    });
    await expect(readAll(vocSegmentation, t)).rejects.toThrow(/SegmentationClassPNG\/x\.png/);
  });
});

describe('flat VOC (LabelImg: XML beside its image)', () => {
  const flat = () =>
    memoryTree({
      // <filename> without extension, image named like the XML
      'dog.xml': xml(object('dog', [1, 1, 3, 3]), [6, 4], 'dog'),
      'dog.JPG': jpeg(),
      // only the case differs between the XML, its <filename> and the image
      'img_0001.xml': xml(object('cat', [0, 0, 2, 2]), [6, 4], 'img_0001'),
      'IMG_0001.jpeg': jpeg(),
      // the XML is named differently; <filename> (no extension) names the image
      'labels_7.xml': xml(object('cat', [0, 0, 1, 1]), [6, 4], 'Photo 7'),
      'Photo 7.png': jpeg(),
    });

  it('matches every XML to its image', async () => {
    const { matches } = await createRegistry(formats).detect(flat());
    expect(matches[0].id).toBe('voc_detection');
    const ds = await readAll(vocDetection, flat());
    expect(ds.get('default', 'dog')!.media?.path).toBe('dog.JPG');
    expect(ds.get('default', 'img_0001')!.media?.path).toBe('IMG_0001.jpeg');
    expect(ds.get('default', 'labels_7')!.media?.path).toBe('Photo 7.png');
    expect(ds.get('default', 'dog')!.annotations[0]).toMatchObject({ type: 'bbox', x: 1, y: 1, w: 2, h: 2 });
  });

  it("Label Studio's export: Annotations/ beside images/, matched by stem, also ignoring case", async () => {
    const t = memoryTree({
      'Annotations/brick-front.xml': xml(object('brick', [0, 0, 2, 2]), [6, 4], 'brick-front'),
      'images/brick-front.jpg': jpeg(),
      'Annotations/Frame_01.xml': xml(object('car', [0, 0, 2, 2]), [6, 4], 'frame_01'),
      'images/FRAME_01.PNG': jpeg(),
    });
    const { matches } = await createRegistry(formats).detect(t);
    expect(matches[0].id).toBe('voc_detection');
    const ds = await readAll(vocDetection, t);
    expect(ds.get('default', 'brick-front')!.media?.path).toBe('images/brick-front.jpg');
    expect(ds.get('default', 'Frame_01')!.media?.path).toBe('images/FRAME_01.PNG');
  });
});

/** labelme's bbox_detection labelme2voc: lxml's pretty print, empty elements (a nested <annotation/> too), float corners. */
const labelmeBboxXml = (base: string, objects: [string, number[]][]) =>
  [
    '<annotation>',
    '  <folder/>',
    `  <filename>${base}.jpg</filename>`,
    '  <database/>',
    '  <annotation/>',
    '  <image/>',
    '  <size>',
    '    <height>480</height>',
    '    <width>640</width>',
    '    <depth>3</depth>',
    '  </size>',
    '  <segmented/>',
    ...objects.flatMap(([name, [x1, y1, x2, y2]]) => [
      '  <object>',
      `    <name>${name}</name>`,
      '    <pose/>',
      '    <truncated/>',
      '    <difficult/>',
      '    <bndbox>',
      `      <xmin>${x1}</xmin>`,
      `      <ymin>${y1}</ymin>`,
      `      <xmax>${x2}</xmax>`,
      `      <ymax>${y2}</ymax>`,
      '    </bndbox>',
      '  </object>',
    ]),
    '</annotation>',
    '',
  ].join('\n');

describe("labelme2voc's bbox_detection output (Annotations/, no ImageSets)", () => {
  const tree = () =>
    memoryTree({
      'class_names.txt': '_background_\naeroplane\nperson',
      'JPEGImages/2011_000003.jpg': jpeg(),
      'Annotations/2011_000003.xml': labelmeBboxXml('2011_000003', [
        ['person', [191.7, 107.9, 314.9, 329.4]],
        ['aeroplane', [0, 0, 10.5, 20]],
      ]),
      'AnnotationsVisualization/2011_000003.jpg': jpeg(),
    });

  it('is detected and read: empty elements are absent values, float corners kept', async () => {
    const { matches } = await createRegistry(formats).detect(tree());
    expect(matches[0].id).toBe('voc_detection');
    const ds = await readAll(vocDetection, tree());
    const item = ds.get('default', '2011_000003')!;
    expect(item.media).toMatchObject({ path: 'JPEGImages/2011_000003.jpg', width: 640, height: 480 });
    // the labels of class_names.txt, in its order
    const names = ds.categories.labels.map((l) => l.name);
    expect(names).toEqual(['_background_', 'aeroplane', 'person']);
    expect(item.annotations.map((a: any) => [names[a.label], a.x, a.y])).toEqual([
      ['person', 191.7, 107.9],
      ['aeroplane', 0, 0],
    ]);
  });
});

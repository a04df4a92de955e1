// Datumaro's VOC ids labelport had no name for: `voc_instance_segmentation` (a task: the boxes of the
// XML files and the masks of the Segmentation lists) and `roboflow_voc` (Roboflow's VOC export,
// read by voc_detection). Fixtures in the shapes Datumaro's exporter and Roboflow write.
import {
  bitmapMask,
  type Categories,
  createRegistry,
  type DatasetItem,
  loadMask,
  memoryTree,
  sourceOf,
} from '@labelport/core';
import { vocColormap } from '@labelport/core/geometry';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formats, vocDetection, vocInstanceSegmentation } from '../src/index.js';
import { object, palettePng, xml } from './fixtures/trees.js';

/** What Datumaro's voc_instance_segmentation exporter writes for one item: both lists, the XML, both masks. */
const datumaroInstanceTree = () =>
  memoryTree({
    'labelmap.txt': '# label:color_rgb:parts:actions\nbackground:0,0,0::\ncat:128,0,0::\ndog:0,128,0::\n',
    'ImageSets/Main/train.txt': 'a\nb\n',
    'ImageSets/Segmentation/train.txt': 'a\nb\n',
    'Annotations/a.xml': xml(
      `<segmented>1</segmented>\n${object('cat', [1, 0, 3, 2], '<truncated>0</truncated><occluded>1</occluded><difficult>0</difficult>')}\n${object('dog', [2, 1, 4, 3], '<truncated>0</truncated><occluded>0</occluded><difficult>0</difficult>')}`,
      [4, 3],
      'a.jpg',
    ),
    'Annotations/b.xml': xml('<segmented>0</segmented>', [4, 3], 'b.jpg'),
    // class mask: label-map colours (1 = cat, 2 = dog); instance mask: VOC colour map by instance number
    'SegmentationClass/a.png': palettePng(
      [
        [0, 1, 1, 0],
        [0, 1, 2, 2],
        [0, 0, 2, 2],
      ],
      [
        [0, 0, 0],
        [128, 0, 0],
        [0, 128, 0],
      ],
    ),
    'SegmentationObject/a.png': palettePng([
      [0, 1, 1, 0],
      [0, 1, 2, 2],
      [0, 0, 2, 2],
    ]),
  });

/** One split of Roboflow's "Pascal VOC XML" export: XML files and images side by side. */
const roboflowVocTree = () => {
  const roboflowXml = (file: string, objects: [string, number[]][]) =>
    `<annotation>\n\t<folder></folder>\n\t<filename>${file}</filename>\n\t<path>${file}</path>\n\t<source>\n\t\t<database>roboflow.ai</database>\n\t</source>\n\t<size>\n\t\t<width>6</width>\n\t\t<height>4</height>\n\t\t<depth>3</depth>\n\t</size>\n\t<segmented>0</segmented>\n${objects
      .map(
        ([name, [x1, y1, x2, y2]]) =>
          `\t<object>\n\t\t<name>${name}</name>\n\t\t<pose>Unspecified</pose>\n\t\t<truncated>0</truncated>\n\t\t<difficult>0</difficult>\n\t\t<occluded>0</occluded>\n\t\t<bndbox>\n\t\t\t<xmin>${x1}</xmin>\n\t\t\t<xmax>${x2}</xmax>\n\t\t\t<ymin>${y1}</ymin>\n\t\t\t<ymax>${y2}</ymax>\n\t\t</bndbox>\n\t</object>\n`,
      )
      .join('')}</annotation>\n`;
  return memoryTree({
    'README.roboflow.txt': 'Pets - v1\n',
    'train/a_jpg.rf.11aa.jpg': 'jpeg',
    'train/a_jpg.rf.11aa.xml': roboflowXml('a_jpg.rf.11aa.jpg', [['cat', [1, 0, 3, 2]]]),
    'train/b_jpg.rf.22bb.jpg': 'jpeg',
    'train/b_jpg.rf.22bb.xml': roboflowXml('b_jpg.rf.22bb.jpg', [
      ['dog', [0, 0, 2, 4]],
      ['cat', [3, 1, 5, 3]],
    ]),
    'valid/c_jpg.rf.33cc.jpg': 'jpeg',
    'valid/c_jpg.rf.33cc.xml': roboflowXml('c_jpg.rf.33cc.jpg', [['dog', [2, 2, 3, 3]]]),
  });
};

const cmap = vocColormap(3);
const categories: Categories = {
  labels: [{ name: 'background' }, { name: 'cat' }, { name: 'dog' }],
  colors: new Map(cmap.map((c, i) => [i, c])),
};
const flags = { difficult: false, truncated: false, occluded: false };
const mask = (rows: string[]) =>
  bitmapMask({
    width: rows[0]!.length,
    height: rows.length,
    data: Uint8Array.from(rows.join(''), (c) => (c === '1' ? 1 : 0)),
  });
/** Objects as the reader gives them: each box the n-th of its XML (group n), each mask instance n. */
const modelSource = () =>
  sourceOf(categories, [
    {
      id: 'a',
      subset: 'train',
      attributes: {},
      media: { kind: 'image', width: 4, height: 3 },
      annotations: [
        {
          type: 'bbox',
          x: 0,
          y: 0,
          w: 2,
          h: 2,
          label: 1,
          id: 1,
          group: 1,
          attributes: { ...flags, occluded: true },
        },
        { type: 'bbox', x: 2, y: 1, w: 2, h: 2, label: 2, id: 2, group: 2, attributes: flags },
        { type: 'mask', mask: mask(['1100', '1000', '0000']), label: 1, group: 1, attributes: {} },
        { type: 'mask', mask: mask(['0000', '0011', '0011']), label: 2, group: 2, attributes: {} },
      ],
    } satisfies DatasetItem,
    {
      id: 'b',
      subset: 'val',
      attributes: {},
      media: { kind: 'image', width: 4, height: 3 },
      annotations: [{ type: 'bbox', x: 1, y: 1, w: 1, h: 1, label: 2, id: 1, group: 1, attributes: flags }],
    } satisfies DatasetItem,
  ]);

describeFormat(vocInstanceSegmentation, {
  fixtures: [
    {
      name: "Datumaro's voc_instance_segmentation export",
      tree: datumaroInstanceTree,
      expect: {
        items: 2,
        subsets: { train: 2 },
        annotations: { bbox: 2, mask: 2 },
        labels: ['background', 'cat', 'dog'],
      },
      async check(ds) {
        const a = ds.get('train', 'a')!;
        const [cat, dog, m1, m2] = a.annotations as any[];
        expect(cat).toMatchObject({ type: 'bbox', x: 1, y: 0, w: 2, h: 2, label: 1, group: 1 });
        expect(cat.attributes).toEqual({ ...flags, occluded: true });
        expect(dog).toMatchObject({ type: 'bbox', label: 2, group: 2 });
        expect([m1.label, m1.group, m2.label, m2.group]).toEqual([1, 1, 2, 2]);
        expect([...(await loadMask(m2.mask)).data].join('')).toBe('000000110011');
        expect(ds.get('train', 'b')!.annotations).toEqual([]);
      },
    },
  ],
  roundTrips: [{ name: 'boxes and instance masks of one object share its number', source: modelSource }],
  badInputs: [
    {
      name: 'no Segmentation list',
      tree: () => memoryTree({ 'ImageSets/Main/train.txt': 'a\n', 'Annotations/a.xml': xml('') }),
      code: 'bad-layout',
      message: /ImageSets\/Segmentation/,
    },
  ],
});

describeFormat(vocDetection, {
  fixtures: [
    {
      name: "Roboflow's VOC export (roboflow_voc): <split>/*.xml beside the images",
      tree: roboflowVocTree,
      expect: { items: 3, subsets: { train: 2, valid: 1 }, annotations: { bbox: 4 }, labels: ['cat', 'dog'] },
      check(ds) {
        const b = ds.get('train', 'b_jpg.rf.22bb')!;
        expect(b.media).toMatchObject({ path: 'train/b_jpg.rf.22bb.jpg', width: 6, height: 4 });
        expect(b.annotations[1]).toMatchObject({ x: 3, y: 1, w: 2, h: 2, label: 0 });
      },
    },
  ],
});

describe("Datumaro's VOC ids", () => {
  const registry = createRegistry(formats);

  it('roboflow_voc is voc_detection, and its layout is detected as voc_detection alone', async () => {
    expect(registry.get('roboflow_voc')).toBe(vocDetection);
    const { matches } = await registry.detect(roboflowVocTree());
    expect(matches.map((m) => m.id)).toEqual(['voc_detection']);
  });

  it('an instance segmentation export is read whole by voc, the best match; the task format reads the same', async () => {
    const { matches } = await registry.detect(datumaroInstanceTree());
    expect(matches[0]).toMatchObject({ id: 'voc', confidence: 1 });
    expect(matches.find((m) => m.id === 'voc_instance_segmentation')?.confidence).toBe(0.5);
    const byTask = await readAll(vocInstanceSegmentation, datumaroInstanceTree());
    const byFamily = await readAll(registry.get('voc'), datumaroInstanceTree());
    const types = (ds: typeof byTask) => ds.get('train', 'a')!.annotations.map((x) => x.type);
    expect(types(byTask)).toEqual(types(byFamily));
  });

  it("writes what Datumaro's exporter writes: Main and Segmentation lists, XML, both masks", async () => {
    const { tree } = await writeAndReadBack(vocInstanceSegmentation, modelSource());
    const paths = (await tree.list()).map((e) => e.path).sort();
    expect(paths).toEqual([
      'Annotations/a.xml',
      'Annotations/b.xml',
      'ImageSets/Main/train.txt',
      'ImageSets/Main/val.txt',
      'ImageSets/Segmentation/train.txt',
      'ImageSets/Segmentation/val.txt',
      'SegmentationClass/a.png',
      'SegmentationObject/a.png',
      'labelmap.txt',
    ]);
    expect(new TextDecoder().decode(await tree.read('ImageSets/Segmentation/val.txt'))).toBe('b\n');
  });

  it('a task without masks is not taken for instance segmentation', async () => {
    const tree = memoryTree({
      'ImageSets/Segmentation/train.txt': 'a\n',
      'SegmentationClass/a.png': palettePng([[0, 1]]),
    });
    const { matches, rejected } = await createRegistry([vocInstanceSegmentation]).detect(tree);
    expect(matches).toEqual([]);
    expect(rejected[0]!.reason).toMatch(/SegmentationObject/);
  });
});

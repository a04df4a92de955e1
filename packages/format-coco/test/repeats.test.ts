// One object in several task files of a subset, read once by `coco`; distinct objects all kept.
import { type FileTree, memoryTree } from '@labelport/core';
import { encodePng } from '@labelport/core/png';
import { countAnnotations, describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { coco } from '../src/index.js';
import { image } from './fixtures/samples.js';

// ---- what `datum convert -if datumaro -i <src> -f coco -o <out> -- --save-media` writes ----

const header = { licenses: [{ name: '', id: 0, url: '' }], info: { contributor: '', description: '' } };
const datumaroImage = { ...image(1, 'a.png'), license: 0, flickr_url: '', coco_url: '', date_captured: 0 };
const labels = ['cat', 'dog', 'car'];
const categories = (isthing?: 0) =>
  labels.map((name, i) => ({ id: i + 1, name, supercategory: '', ...(isthing === 0 ? { isthing } : {}) }));

/** A task file as Datumaro's exporter writes it: every label, every image, the task's annotations. */
const taskFile = (annotations: unknown[], isthing?: 0) =>
  JSON.stringify({ ...header, categories: categories(isthing), images: [datumaroImage], annotations });

/** One box (cat): Datumaro writes it into instances and stuff; panoptic, labels, image_info get the image only. */
const oneBox = {
  id: 1,
  image_id: 1,
  category_id: 1,
  segmentation: [],
  area: 6,
  bbox: [1, 0, 3, 2],
  iscrowd: 0,
};
const oneBoxTree = (): FileTree =>
  memoryTree({
    'annotations/instances_default.json': taskFile([oneBox]),
    'annotations/stuff_default.json': taskFile([oneBox]),
    'annotations/panoptic_default.json': taskFile([], 0),
    'annotations/labels_default.json': taskFile([]),
    'annotations/image_info_default.json': taskFile([]),
    'images/default/a.png': encodePng({ width: 4, height: 3, colorType: 'rgb', data: new Uint8Array(36) }),
  });

/** A 4x3 PNG where each pixel holds a segment id as R + 256 G + 65536 B. */
function idPng(ids: number[]): Uint8Array {
  const data = new Uint8Array(3 * ids.length);
  ids.forEach((id, i) => {
    data[3 * i] = id % 256;
    data[3 * i + 1] = Math.floor(id / 256) % 256;
    data[3 * i + 2] = Math.floor(id / 65536);
  });
  return encodePng({ width: 4, height: 3, colorType: 'rgb', data });
}

// A car mask (columns 0-2) and a cat mask over part of it (columns 2-3, rows 0-1). Instances and
// stuff: the two RLEs, ids renumbered by `datum convert` (1, 2); panoptic: the source's ids (5, 6),
// the PNG painted cat over car, `area` and `bbox` of each whole mask (as Datumaro writes them).
const car = {
  id: 1,
  image_id: 1,
  category_id: 3,
  segmentation: { counts: [0, 9, 3], size: [3, 4] },
  area: 9,
  bbox: [0, 0, 3, 3],
  iscrowd: 1,
};
const cat = {
  id: 2,
  image_id: 1,
  category_id: 1,
  segmentation: { counts: [6, 2, 1, 2, 1], size: [3, 4] },
  area: 4,
  bbox: [2, 0, 2, 2],
  iscrowd: 1,
};
const panopticEntry = {
  image_id: 1,
  file_name: 'a.png',
  segments_info: [
    { id: 5, category_id: 3, area: 9, bbox: [0, 0, 3, 3], iscrowd: 0 },
    { id: 6, category_id: 1, area: 4, bbox: [2, 0, 2, 2], iscrowd: 0 },
  ],
};
const twoMasksTree = (): FileTree =>
  memoryTree({
    'annotations/instances_default.json': taskFile([car, cat]),
    'annotations/stuff_default.json': taskFile([car, cat]),
    'annotations/panoptic_default.json': taskFile([panopticEntry], 0),
    'annotations/panoptic_default/a.png': idPng([5, 5, 6, 6, 5, 5, 6, 6, 5, 5, 5, 0]),
    'annotations/labels_default.json': taskFile([]),
    'annotations/image_info_default.json': taskFile([]),
  });

// ---- a real COCO release: instances and stuff of the same images, different objects ----

const person = { id: 1, name: 'person', supercategory: 'person' };
const instancesVal = {
  info: { description: 'COCO 2017 Dataset' },
  images: [image(139, '000000000139.jpg')],
  categories: [person],
  annotations: [
    {
      id: 2001,
      image_id: 139,
      category_id: 1,
      iscrowd: 0,
      area: 2,
      bbox: [0, 0, 2, 1],
      segmentation: [[0, 0, 2, 0, 2, 1, 0, 1]],
    },
  ],
};
const stuffVal = {
  info: { description: 'COCO 2017 Stuff Dataset' },
  images: [image(139, '000000000139.jpg')],
  categories: [
    { id: 92, name: 'banner', supercategory: 'textile' },
    { id: 183, name: 'other', supercategory: 'other' },
  ],
  annotations: [
    {
      id: 10000001,
      image_id: 139,
      category_id: 92,
      iscrowd: 0,
      area: 3,
      bbox: [0, 0, 1, 3],
      segmentation: { counts: [0, 3, 9], size: [3, 4] },
    },
    {
      id: 10000002,
      image_id: 139,
      category_id: 183,
      iscrowd: 0,
      area: 9,
      bbox: [1, 0, 3, 3],
      segmentation: { counts: [3, 9], size: [3, 4] },
    },
  ],
};
const realCocoTree = (): FileTree =>
  memoryTree({
    'annotations/instances_val2017.json': JSON.stringify(instancesVal),
    'annotations/stuff_val2017.json': JSON.stringify(stuffVal),
  });

describeFormat(coco, {
  fixtures: [
    {
      name: "Datumaro's coco export of one box (instances, stuff, panoptic, labels, image_info)",
      tree: oneBoxTree,
      expect: { items: 1, subsets: { default: 1 }, annotations: { bbox: 1 }, labels },
      check(ds) {
        // (toMatchObject: the annotation carries COCO's symbol-keyed details too)
        expect(ds.get('default', 'a')!.annotations).toMatchObject([
          { type: 'bbox', id: 1, label: 0, group: 1, attributes: {}, x: 1, y: 0, w: 3, h: 2 },
        ]);
      },
    },
    {
      name: "Datumaro's coco export of two masks, one over the other (RLEs twice, panoptic PNG)",
      tree: twoMasksTree,
      expect: { items: 1, annotations: { mask: 2, bbox: 2 }, labels },
      check(ds) {
        const masks = ds.get('default', 'a')!.annotations.filter((a) => a.type === 'mask');
        // the instances' masks, whole (the panoptic segments repeat them, cut and renumbered)
        expect(masks.map((m) => [m.id, m.label, m.mask.kind])).toEqual([
          [1, 2, 'rle'],
          [2, 0, 'rle'],
        ]);
      },
    },
    {
      name: 'a real COCO release: instances and stuff of one image, different objects',
      tree: realCocoTree,
      expect: { items: 1, subsets: { val2017: 1 }, annotations: { polygon: 1, mask: 2, bbox: 3 } },
      check(ds) {
        const item = ds.get('val2017', '000000000139')!;
        const names = ds.categories.labels.map((l) => l.name);
        expect(item.annotations.filter((a) => a.type === 'bbox').map((a) => [a.id, names[a.label!]])).toEqual(
          [
            [2001, 'person'],
            [10000001, 'banner'],
            [10000002, 'other'],
          ],
        );
      },
    },
  ],
  roundTrips: [
    { name: "Datumaro's one box, back into instances and stuff", source: () => readAll(coco, oneBoxTree()) },
    {
      name: "Datumaro's two masks, back into instances, stuff and panoptic",
      source: () => readAll(coco, twoMasksTree()),
    },
    { name: 'instances and stuff of a real COCO release', source: () => readAll(coco, realCocoTree()) },
  ],
});

const json = async (tree: FileTree, path: string) =>
  JSON.parse(new TextDecoder().decode(await tree.read(path)));

describe('coco: an object of several task files', () => {
  it('is written back into each of them', async () => {
    const { tree } = await writeAndReadBack(coco, await readAll(coco, twoMasksTree()));
    const instances = await json(tree, 'annotations/instances_default.json');
    const stuff = await json(tree, 'annotations/stuff_default.json');
    const panoptic = await json(tree, 'annotations/panoptic_default.json');
    expect(instances.annotations.map((a: { id: number }) => a.id)).toEqual([1, 2]);
    expect(stuff.annotations).toEqual(instances.annotations);
    // labelport's panoptic segments keep the ids and give what each shows (the car under the cat: 7 pixels)
    expect(
      panoptic.annotations[0].segments_info.map((s: { id: number; area: number }) => [s.id, s.area]),
    ).toEqual([
      [1, 7],
      [2, 4],
    ]);
  });

  it('is the same object only with the same id, label, group, attributes and geometry', async () => {
    const variants: [string, Record<string, unknown>][] = [
      ['another id', { id: 9 }],
      ['another label', { category_id: 2 }],
      ['another box', { bbox: [1, 0, 3, 2.5] }],
      ['other attributes', { attributes: { occluded: true } }],
    ];
    for (const [why, change] of variants) {
      const tree = memoryTree({
        'annotations/instances_default.json': taskFile([oneBox]),
        'annotations/stuff_default.json': taskFile([{ ...oneBox, ...change }]),
      });
      expect(countAnnotations(await readAll(coco, tree)), why).toEqual({ bbox: 2 });
    }
  });

  it('two equal objects of one file stay two, each repeated once in the other file', async () => {
    const tree = memoryTree({
      'annotations/instances_default.json': taskFile([oneBox, { ...oneBox, id: 2 }, oneBox]),
      'annotations/stuff_default.json': taskFile([oneBox, { ...oneBox, id: 2 }]),
    });
    // instances: object 1 (group 1), object 2, object 1 again (a group of its own); stuff repeats the first two
    expect(countAnnotations(await readAll(coco, tree))).toEqual({ bbox: 3 });
  });

  it('a panoptic segment of another label, or not within the mask of its id, is an object of its own', async () => {
    const segments = [
      { id: 1, category_id: 2, area: 9, bbox: [0, 0, 3, 3], iscrowd: 0 }, // the car's pixels, dog
      { id: 7, category_id: 1, area: 3, bbox: [0, 0, 1, 3], iscrowd: 0 }, // another id, not the cat's extent
    ];
    const tree = memoryTree({
      'annotations/instances_default.json': taskFile([car, cat]),
      'annotations/panoptic_default.json': taskFile([{ ...panopticEntry, segments_info: segments }], 0),
      'annotations/panoptic_default/a.png': idPng([7, 1, 1, 0, 7, 1, 1, 0, 7, 1, 1, 0]),
    });
    expect(countAnnotations(await readAll(coco, tree))).toEqual({ mask: 4, bbox: 2 });
  });
});

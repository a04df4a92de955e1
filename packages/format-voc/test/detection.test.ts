import { type Categories, memoryTree, sourceOf } from '@labelport/core';
import { describeFormat, readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { vocDetection } from '../src/index.js';
import { detectionTree, looseTree, object, xml } from './fixtures/trees.js';

const categories: Categories = { labels: [{ name: 'background' }, { name: 'cat' }, { name: 'dog' }] };
const flags = { difficult: false, truncated: false, occluded: false };

describeFormat(vocDetection, {
  fixtures: [
    {
      name: 'Main lists and XML',
      tree: detectionTree,
      // train.txt: a b; val.txt: c. a.xml has a cat and a dog, b.xml none, c.xml a person.
      expect: { items: 3, subsets: { train: 2, val: 1 }, annotations: { bbox: 3 } },
      check(ds) {
        const [cat, dog] = ds.get('train', 'a')!.annotations as any[];
        // <xmin>1</xmin><ymin>1</ymin><xmax>3</xmax><ymax>2.5</ymax>: x = xmin, w = xmax - xmin (Datumaro)
        expect(cat).toMatchObject({
          x: 1,
          y: 1,
          w: 2,
          h: 1.5,
          id: 1,
          group: 1,
          attributes: { pose: 'Left', truncated: true, difficult: false, occluded: false },
        });
        expect(dog.attributes).toEqual({
          difficult: false,
          truncated: false,
          occluded: true,
          color: 'brown',
          score: 0.75,
        });
        expect(ds.get('train', 'a')!.media).toMatchObject({ path: 'JPEGImages/a.jpg', width: 6, height: 4 });
        // <filename>b</filename> without an extension
        expect(ds.get('train', 'b')!.media).toMatchObject({ width: 6, height: 4 });
        expect(ds.get('val', 'c')!.annotations[0].attributes).toMatchObject({
          difficult: true,
          point_x: 3,
          point_y: 2,
        });
        // no labelmap.txt: the 22 VOC labels
        expect(ds.categories.labels.length).toBe(22);
      },
    },
    {
      name: "CVAT's loose layout (XML files only)",
      tree: looseTree,
      expect: { items: 2, subsets: { default: 2 }, annotations: { bbox: 3 }, labels: ['car', 'bus'] },
    },
  ],
  roundTrips: [
    {
      name: 'boxes with attributes, nested ids, fractional coordinates',
      source: () =>
        sourceOf(categories, [
          {
            id: 'a',
            subset: 'train',
            attributes: {},
            media: { kind: 'image', width: 6, height: 4 },
            annotations: [
              {
                type: 'bbox',
                x: 0.5,
                y: 1.25,
                w: 2.125,
                h: 1 / 3,
                label: 1,
                id: 1,
                group: 1,
                attributes: { ...flags, truncated: true, pose: 'Left', color: 'brown', score: 0.5 },
              },
              {
                type: 'bbox',
                x: 0,
                y: 0,
                w: 6,
                h: 4,
                label: 2,
                id: 2,
                group: 2,
                attributes: { ...flags, difficult: true, point_x: 1.5, point_y: 2 },
              },
            ],
          },
          {
            id: 'sub/b',
            subset: 'val',
            attributes: {},
            media: { kind: 'image', width: 3, height: 3 },
            annotations: [],
          },
        ]),
    },
  ],
  badInputs: [
    {
      name: 'an <object><bndbox> without its numbers',
      tree: () =>
        memoryTree({
          'ImageSets/Main/train.txt': 'a\n',
          'Annotations/a.xml': xml(object('cat', [1, 1, 2, 2]).replace('<ymax>2</ymax>', '')),
        }),
      code: 'bad-xml',
      message: /Annotations\/a\.xml: line 6, object 1: <bndbox><ymax> is missing/,
    },
    {
      name: 'a box number that is not a number',
      tree: () =>
        memoryTree({
          'ImageSets/Main/train.txt': 'a\n',
          'Annotations/a.xml': xml(
            `${object('cat', [1, 1, 2, 2])}\n${object('dog', [1, 1, 2, 2]).replace('<xmin>1', '<xmin>1a')}`,
          ),
        }),
      message: /Annotations\/a\.xml: line \d+, object 2: <bndbox><xmin> is not a number: '1a'/,
    },
    {
      name: 'an object without <bndbox>',
      tree: () =>
        memoryTree({
          'ImageSets/Main/train.txt': 'a\n',
          'Annotations/a.xml': xml('<object><name>cat</name></object>'),
        }),
      message: /Annotations\/a\.xml: line \d+, object 1: <bndbox>.* is missing/,
    },
    {
      name: 'ImageSets without Main lists',
      tree: () =>
        memoryTree({
          'ImageSets/Segmentation/train.txt': 'a\n',
          'Annotations/a.xml': xml(object('cat', [1, 1, 2, 2])),
        }),
      code: 'bad-layout',
      message: /no subset lists in ImageSets\/Main\//,
    },
    {
      name: 'malformed XML',
      tree: () =>
        memoryTree({
          'ImageSets/Main/train.txt': 'a\n',
          'Annotations/a.xml': '<annotation>\n<object>\n</annotation>\n',
        }),
      code: 'bad-xml',
      message: /Annotations\/a\.xml: line \d+: invalid XML/,
    },
    {
      name: 'a flag that is not 0 or 1',
      tree: () =>
        memoryTree({
          'ImageSets/Main/train.txt': 'a\n',
          'Annotations/a.xml': xml(object('cat', [1, 1, 2, 2], '<difficult>maybe</difficult>')),
        }),
      message: /object 1: <difficult> must be 0 or 1/,
    },
  ],
});

describe('voc_detection reading options', () => {
  it('lenient: a broken file skips its item, with a warning naming the file and line; progress is reported', async () => {
    const warnings: string[] = [];
    const progress: [number, number | undefined][] = [];
    const tree = memoryTree({
      'ImageSets/Main/train.txt': 'a\nb\n',
      'Annotations/a.xml': '<annotation>\n<object>\n</annotation>\n',
      'Annotations/b.xml': xml(object('cat', [1, 1, 2, 2])),
    });
    const ds = await readAll(vocDetection, tree, {
      lenient: true,
      onWarning: (w: string) => warnings.push(w),
      onProgress: (d: number, t?: number) => progress.push([d, t]),
    });
    expect(ds.subset('train').map((i) => i.id)).toEqual(['b']);
    expect(warnings).toEqual([expect.stringMatching(/^Annotations\/a\.xml: line 3: invalid XML: /)]);
    expect(progress).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });
});

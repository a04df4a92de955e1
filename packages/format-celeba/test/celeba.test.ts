import { createRegistry, Dataset, memoryTree } from '@labelport/core';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { alignCeleba, celeba } from '../src/celeba.js';
import { ATTR_NAMES, alignFiles, celebaFiles, faces, jpeg, named, tree } from './fixtures.js';

const saveMedia = { saveMedia: true };
const withFile = (files: Record<string, string | Uint8Array>, path: string, text: string) => () =>
  memoryTree({ ...files, [path]: text });

describeFormat(celeba, {
  fixtures: [
    {
      name: 'the in-the-wild layout',
      tree: () => tree(celebaFiles()),
      expect: {
        items: 3,
        subsets: { train: 1, val: 1, test: 1 },
        annotations: { label: 3, bbox: 3, points: 3 },
      },
      check(ds) {
        expect(ds.categories.labels).toHaveLength(8693);
        expect(ds.categories.labels[2880]!.name).toBe('class-2880');
        const item = ds.get('train', '000001')!;
        expect(item.media).toMatchObject({ path: 'Img/img_celeba/000001.jpg', width: 500, height: 400 });
        expect(item.attributes).toEqual({ '5_o_Clock_Shadow': false, Arched_Eyebrows: true, Young: true });
        expect(item.annotations).toEqual([
          { type: 'label', label: 2880, attributes: {} },
          { type: 'bbox', label: 2880, x: 95, y: 71, w: 226, h: 313, attributes: {} },
          {
            type: 'points',
            label: 2880,
            points: [165, 184, 244, 176, 196, 249, 194, 271, 266, 260],
            visibility: [2, 2, 2, 2, 2],
            attributes: {},
          },
        ]);
        expect(ds.get('test', 'my face')!.media).toMatchObject({
          path: 'Img/img_celeba/my face.jpg',
          width: 100,
        });
      },
    },
    {
      name: 'in a folder, with dataset_meta.json naming the identities',
      tree: () =>
        tree({
          ...celebaFiles('CelebA'),
          'CelebA/dataset_meta.json': JSON.stringify({ labels: ['x', 'y'] }),
        }),
      expect: { items: 3, annotations: { label: 3, bbox: 3, points: 3 } },
      check(ds) {
        expect(ds.categories.labels.slice(0, 3).map((l) => l.name)).toEqual(['x', 'y', 'class-2']);
      },
    },
    {
      name: 'identities and partition alone',
      tree: () =>
        memoryTree({
          'Anno/identity_CelebA.txt': '000001.jpg 1\n000002.jpg 0\n',
          'Eval/list_eval_partition.txt': '000001.jpg 2\n',
        }),
      expect: {
        items: 2,
        subsets: { test: 1, default: 1 },
        annotations: { label: 2 },
        labels: ['class-0', 'class-1'],
      },
    },
  ],
  roundTrips: [
    {
      name: 'faces with boxes, landmarks and attributes, four subsets',
      source: () => faces(true),
      writeOptions: saveMedia,
    },
    { name: 'identities named in dataset_meta.json, no images', source: named },
  ],
  badInputs: [
    {
      name: 'a count that is not the rows',
      tree: withFile(
        celebaFiles(),
        'Anno/list_bbox_celeba.txt',
        '4\nimage_id x_1 y_1 width height\n000001.jpg 1 2 3 4\n',
      ),
      code: 'bad-line',
      message: 'list_bbox_celeba.txt: line 1: the first line says 4 rows, and the file has 1',
    },
    {
      name: 'another box header',
      tree: withFile(celebaFiles(), 'Anno/list_bbox_celeba.txt', '1\nimage x y w h\n000001.jpg 1 2 3 4\n'),
      code: 'bad-line',
      message: 'list_bbox_celeba.txt: line 2',
    },
    {
      name: 'an attribute of 2',
      tree: withFile(
        celebaFiles(),
        'Anno/list_attr_celeba.txt',
        `1\n${ATTR_NAMES.join(' ')}\n000001.jpg -1 2 1\n`,
      ),
      code: 'bad-value',
      message: 'list_attr_celeba.txt: line 3: attribute Arched_Eyebrows',
    },
    {
      name: 'a row short of attributes',
      tree: withFile(
        celebaFiles(),
        'Anno/list_attr_celeba.txt',
        `1\n${ATTR_NAMES.join(' ')}\n000001.jpg -1 1\n`,
      ),
      code: 'bad-line',
      message: 'list_attr_celeba.txt: line 3: 2 values, expected 3',
    },
    {
      name: 'a landmark that is not a number',
      tree: withFile(celebaFiles(), 'Anno/list_landmarks_celeba.txt', '1\na_x a_y\n000001.jpg 1 x\n'),
      code: 'bad-value',
      message: "list_landmarks_celeba.txt: line 3: 'x' is not a number",
    },
    {
      name: 'a partition of 3',
      tree: withFile(celebaFiles(), 'Eval/list_eval_partition.txt', '000001.jpg 3\n'),
      code: 'bad-value',
      message: 'list_eval_partition.txt: line 1',
    },
    {
      name: 'an identity that is not a number',
      tree: withFile(celebaFiles(), 'Anno/identity_CelebA.txt', '000001.jpg 1\n000002.jpg bob\n'),
      code: 'bad-value',
      message: 'identity_CelebA.txt: line 2',
    },
    {
      name: 'a hostile identity (a label table of 10^12)',
      tree: withFile(celebaFiles(), 'Anno/identity_CelebA.txt', '000001.jpg 999999999999\n'),
      code: 'too-large',
      message: 'identity_CelebA.txt: line 1',
    },
    {
      name: 'a quote left open',
      tree: withFile(celebaFiles(), 'Anno/identity_CelebA.txt', '"000001.jpg 1\n'),
      code: 'bad-line',
      message: 'identity_CelebA.txt: line 1',
    },
    {
      name: 'an image name out of the dataset',
      tree: withFile(celebaFiles(), 'Anno/identity_CelebA.txt', '../../etc/passwd 1\n'),
      code: 'unsafe-path',
    },
  ],
});

describeFormat(alignCeleba, {
  fixtures: [
    {
      name: 'the aligned layout',
      tree: () => tree(alignFiles()),
      expect: { items: 2, subsets: { train: 2 }, annotations: { label: 2, points: 2 } },
      check(ds) {
        expect(ds.get('train', '000002')!.media).toMatchObject({
          path: 'Img/img_align_celeba/000002.jpg',
          width: 178,
          height: 218,
        });
      },
    },
  ],
  roundTrips: [
    { name: 'faces with landmarks and attributes', source: () => faces(false), writeOptions: saveMedia },
    { name: 'identities named in dataset_meta.json, no images', source: named },
  ],
  badInputs: [
    {
      name: 'landmarks of the wrong number',
      tree: withFile(
        alignFiles(),
        'Anno/list_landmarks_align_celeba.txt',
        '1\na_x a_y b_x b_y\n000001.jpg 1 2 3\n',
      ),
      code: 'bad-line',
      message: 'list_landmarks_align_celeba.txt: line 3: 3 values, expected 4',
    },
  ],
});

const text = async (t: { read(p: string): Promise<Uint8Array> }, p: string) =>
  new TextDecoder().decode(await t.read(p));

describe('celeba details', () => {
  it('writes the real files: identities, attributes as -1 / 1, boxes, landmarks, partition', async () => {
    const { tree: out, report } = await writeAndReadBack(celeba, faces(true), saveMedia);
    expect(report.dropped).toEqual({});
    expect((await out.list()).map((f) => f.path)).toEqual([
      'Anno/identity_CelebA.txt',
      'Anno/list_attr_celeba.txt',
      'Anno/list_bbox_celeba.txt',
      'Anno/list_landmarks_celeba.txt',
      'Eval/list_eval_partition.txt',
      'Img/img_celeba/000001.jpg',
      'Img/img_celeba/000002.jpg',
      'Img/img_celeba/000003.jpg',
      'Img/img_celeba/000004.jpg',
    ]);
    expect(await text(out, 'Anno/identity_CelebA.txt')).toBe(
      '000001.jpg 0\n000002.jpg 2\n000003.jpg 1\n000004.jpg\n',
    );
    expect(await text(out, 'Anno/list_attr_celeba.txt')).toBe(
      '4\nSmiling Young\n000001.jpg  1  1\n000002.jpg -1  1\n000003.jpg -1  1\n000004.jpg -1  1\n',
    );
    expect((await text(out, 'Anno/list_bbox_celeba.txt')).split('\n').slice(0, 3)).toEqual([
      '3',
      'image_id x_1 y_1 width height',
      '000001.jpg 1 2.5 30 40',
    ]);
    expect((await text(out, 'Anno/list_landmarks_celeba.txt')).split('\n')[1]).toBe(
      'lefteye_x lefteye_y righteye_x righteye_y nose_x nose_y leftmouth_x leftmouth_y rightmouth_x rightmouth_y',
    );
    expect(await text(out, 'Eval/list_eval_partition.txt')).toBe(
      '000001.jpg 0\n000002.jpg 1\n000003.jpg 2\n',
    );
  });

  it('tells the variants apart', async () => {
    const registry = createRegistry([celeba, alignCeleba]);
    expect((await registry.detect(tree(celebaFiles()))).matches.map((m) => m.id)).toEqual(['celeba']);
    expect((await registry.detect(tree(alignFiles()))).matches.map((m) => m.id)).toEqual(['align_celeba']);
    const { tree: written } = await writeAndReadBack(alignCeleba, faces(false), saveMedia);
    expect((await registry.detect(written)).matches.map((m) => m.id)).toEqual(['align_celeba']);
  });

  it('counts what CelebA cannot hold', async () => {
    const ds = new Dataset({ labels: [{ name: 'class-0' }, { name: 'class-1' }] }, [
      {
        id: 'x',
        subset: 'other',
        media: { kind: 'image', path: 'x.jpg', bytes: async () => jpeg(4, 4) },
        annotations: [
          { type: 'label', label: 0, attributes: { score: 1 } },
          { type: 'bbox', label: 1, x: 0, y: 0, w: 1, h: 1, attributes: {} },
          { type: 'bbox', label: 0, x: 0, y: 0, w: 1, h: 1, attributes: {} },
          {
            type: 'points',
            label: 0,
            points: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
            visibility: [2, 1, 0, 2, 2],
            attributes: {},
          },
          { type: 'points', label: 0, points: [1, 2], visibility: [2], attributes: {} },
          { type: 'polygon', label: 0, points: [0, 0, 1, 0, 1, 1], attributes: {} },
        ],
        attributes: { weather: 'rain', 'two words': true, Male: false },
      },
    ]);
    const { report, dataset } = await writeAndReadBack(celeba, ds, saveMedia);
    expect(report.dropped).toEqual({
      attribute: 1,
      'annotation label': 1,
      bbox: 1,
      points: 1,
      polygon: 1,
      'point visibility': 2,
      'item attribute': 2,
    });
    expect(report.warnings.join('\n')).toMatch(/subset 'other' read back as default/);
    expect(dataset.get('default', 'x')!.attributes).toEqual({ Male: false });
    const aligned = await writeAndReadBack(alignCeleba, ds, saveMedia);
    expect(aligned.report.dropped.bbox).toBe(2);
    expect(aligned.report.warnings.join('\n')).toMatch(/align_celeba has no boxes/);
  });

  it('says Datumaro needs the images folder', async () => {
    const { report } = await writeAndReadBack(celeba, named());
    expect(report.warnings.join('\n')).toMatch(/only with its images folder/);
  });

  it('skips a bad line under a forgiving annotation policy', async () => {
    const files = {
      ...celebaFiles(),
      'Anno/list_bbox_celeba.txt':
        '2\nimage_id x_1 y_1 width height\n000001.jpg 1 2 3 4\n000002.jpg 1 2 x 4\n',
    };
    const warnings: string[] = [];
    const ds = await readAll(celeba, memoryTree(files), {
      errorPolicy: { annotations: 'skip' },
      onWarning: (w: string) => warnings.push(w),
    });
    expect(ds.size).toBe(3);
    expect(warnings).toEqual(["Anno/list_bbox_celeba.txt: line 4: 'x' is not a number"]);
  });
});

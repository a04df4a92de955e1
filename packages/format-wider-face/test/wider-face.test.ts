import { createRegistry, Dataset, memorySink, memoryTree } from '@labelport/core';
import { encodePng } from '@labelport/core/png';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { widerFace } from '../src/index.js';
import { formatBoxLine, parseBbxGt } from '../src/lib/bbx-gt.js';

const png = (width: number, height: number) =>
  encodePng({ width, height, colorType: 'gray', data: new Uint8Array(width * height) });

// Boxes as in the WIDER files, with the attributes in Datumaro's order:
// blur expression illumination occluded pose invalid.
const GT_TRAIN = `0--Parade/0_Parade_a.jpg
2
1 2 3 4 1 0 0 0 0 0
5 6 7 8 2 0 1 1 0 0
12--Group/12_Group_b.jpg
0
0 0 0 0 0 0 0 0 0 0
no_label/c.jpg
1
1 1 2 2
`;

const tree = () =>
  memoryTree({
    'wider_face_split/wider_face_train_bbx_gt.txt': GT_TRAIN,
    'wider_face_split/wider_face_test_filelist.txt': '3--Riot/3_Riot_d.jpg\n',
    'WIDER_train/images/0--Parade/0_Parade_a.jpg': png(6, 4),
    'WIDER_train/images/12--Group/12_Group_b.jpg': png(2, 2),
  });

const source = () =>
  new Dataset({ labels: [{ name: 'face' }, { name: 'Parade' }, { name: 'Riot' }] }, [
    {
      id: 'p1',
      subset: 'train',
      media: { kind: 'image', path: 'p1.png', width: 4, height: 4, bytes: async () => png(4, 4) },
      annotations: [
        { type: 'label', label: 1, attributes: {} },
        {
          type: 'bbox',
          x: 0,
          y: 1.5,
          w: 2,
          h: 2,
          label: 0,
          attributes: { blur: '2', occluded: true, invalid: '0' },
        },
        { type: 'bbox', x: 1, y: 1, w: 1, h: 1, label: 2, attributes: {} },
      ],
      attributes: {},
    },
    {
      id: 'dir/p2',
      subset: 'val',
      media: { kind: 'image', path: 'p2.jpg' },
      annotations: [],
      attributes: {},
    },
  ]);

describeFormat(widerFace, {
  fixtures: [
    {
      name: 'events, boxes with attributes, a file list',
      tree,
      // train: a (Parade, 2 boxes), b (Group, none: its dummy box line is not a box), c (no label, 1 box);
      // test: d (Riot, from the file list). No labels.txt: face, then the event folders of WIDER_train/images.
      expect: {
        items: 4,
        subsets: { train: 3, test: 1 },
        annotations: { label: 2, bbox: 3 },
        labels: ['face', 'Parade', 'Group'],
      },
      check(ds) {
        const a = ds.get('train', '0_Parade_a')!;
        expect(a.media).toMatchObject({
          path: 'WIDER_train/images/0--Parade/0_Parade_a.jpg',
          width: 6,
          height: 4,
        });
        expect(a.annotations).toEqual([
          { type: 'label', label: 1, attributes: {} },
          {
            type: 'bbox',
            x: 1,
            y: 2,
            w: 3,
            h: 4,
            label: 0,
            attributes: {
              blur: '1',
              expression: '0',
              illumination: '0',
              occluded: '0',
              pose: '0',
              invalid: '0',
            },
          },
          {
            type: 'bbox',
            x: 5,
            y: 6,
            w: 7,
            h: 8,
            label: 0,
            attributes: {
              blur: '2',
              expression: '0',
              illumination: '1',
              occluded: '1',
              pose: '0',
              invalid: '0',
            },
          },
        ]);
        expect(ds.get('train', 'c')!.annotations).toEqual([
          { type: 'bbox', x: 1, y: 1, w: 2, h: 2, label: 0, attributes: {} },
        ]);
        // 'Riot' has no folder under WIDER_test/images, so it is no label: d has no label annotation.
        expect(ds.get('test', '3_Riot_d')!.annotations).toEqual([]);
      },
    },
  ],
  roundTrips: [
    {
      name: 'labels, boxes, attributes and images',
      source,
      writeOptions: { saveMedia: true },
      // dir/p2 has no image bytes to copy.
      expectLoss: { dropped: { media: 1 } },
    },
    { name: 'annotations only', source, compare: { ignoreMedia: true } },
    {
      name: 'labels in dataset_meta.json',
      source,
      writeOptions: { saveDatasetMeta: true },
      compare: { ignoreMedia: true },
    },
  ],
  badInputs: [
    {
      name: 'a box with a word for a number',
      tree: () => memoryTree({ 'wider_face_split/wider_face_train_bbx_gt.txt': 'a/b.jpg\n1\n1 two 3 4\n' }),
      code: 'bad-line',
      message: /^wider_face_split\/wider_face_train_bbx_gt\.txt: line 3: 'two' is not a number$/,
    },
    {
      name: 'fewer boxes than announced',
      tree: () => memoryTree({ 'wider_face_split/wider_face_train_bbx_gt.txt': 'a/b.jpg\n3\n1 2 3 4\n' }),
      message: /line 2: 3 boxes announced, the file ends after 1/,
    },
    {
      name: 'an image path that leaves the dataset',
      tree: () => memoryTree({ 'wider_face_split/wider_face_train_bbx_gt.txt': '../../../x.jpg\n' }),
      code: 'unsafe-path',
      message: /^wider_face_split\/wider_face_train_bbx_gt\.txt: line 1: path/,
    },
    {
      name: 'a box label that is not in labels.txt',
      tree: () =>
        memoryTree({
          'labels.txt': 'face',
          'wider_face_split/wider_face_train_bbx_gt.txt': 'a/b.jpg\n1\n1 2 3 4 cat\n',
        }),
      code: 'unknown-label',
      message: /line 3: label 'cat'/,
    },
  ],
});

describe('wider_face details', () => {
  it('writes what Datumaro writes', async () => {
    const sink = memorySink();
    await widerFace.write!(source(), sink, { saveMedia: true });
    await sink.commit();
    const text = (p: string) => new TextDecoder().decode(sink.files.get(p));
    expect([...sink.files.keys()].sort()).toEqual([
      'WIDER_train/images/1--Parade/p1.png',
      'labels.txt',
      'wider_face_split/wider_face_train_bbx_gt.txt',
      'wider_face_split/wider_face_val_bbx_gt.txt',
    ]);
    expect(text('labels.txt')).toBe('face\nParade\nRiot');
    expect(text('wider_face_split/wider_face_train_bbx_gt.txt')).toBe(
      '1--Parade/p1.png\n2\n0 1.5 2 2 2 - - True - 0 \n1 1 1 1 Riot\n',
    );
    expect(text('wider_face_split/wider_face_val_bbx_gt.txt')).toBe('no_label/dir/p2.jpg\n');
  });

  it('reports a second label and attributes it cannot hold', async () => {
    const ds = source();
    ds.get('train', 'p1')!.annotations.push(
      { type: 'label', label: 2, attributes: {} },
      { type: 'points', points: [1, 1], visibility: [2], attributes: {} },
    );
    (ds.get('train', 'p1')!.annotations[1]!.attributes as Record<string, unknown>).color = 'red';
    const report = await widerFace.write!(ds, memorySink(), {});
    expect(report.dropped).toEqual({ label: 1, points: 1, attribute: 1 });
  });

  it('counts a box whose label has a space (a box line cannot hold it), and writes what reads back', async () => {
    const ds = new Dataset({ labels: [{ name: 'face' }, { name: 'human face' }] }, [
      {
        id: 'a',
        subset: 'train',
        annotations: [
          { type: 'bbox', x: 1, y: 1, w: 2, h: 2, label: 1, attributes: {} },
          { type: 'bbox', x: 3, y: 3, w: 2, h: 2, label: 0, attributes: {} },
        ],
        attributes: {},
      },
    ]);
    const { dataset, report } = await writeAndReadBack(widerFace, ds);
    expect(report.dropped).toEqual({ bbox: 1 });
    expect(report.warnings).toEqual([
      "label 'human face' has a space: a WIDER Face box line cannot hold it; its boxes are not written",
    ]);
    expect(dataset.get('train', 'a')!.annotations).toEqual([
      { type: 'bbox', x: 3, y: 3, w: 2, h: 2, label: 0, attributes: {} },
    ]);
  });

  it("counts an image label that cannot name an event folder ('/m/0cmf2', 'a--b') and writes the image to no_label", async () => {
    const ds = new Dataset({ labels: [{ name: 'face' }, { name: '/m/0cmf2' }, { name: 'a--b' }] }, [
      {
        id: 'a',
        subset: 'train',
        annotations: [{ type: 'label', label: 1, attributes: {} }],
        attributes: {},
      },
      {
        id: 'b',
        subset: 'train',
        annotations: [{ type: 'label', label: 2, attributes: {} }],
        attributes: {},
      },
    ]);
    const sink = memorySink();
    const report = await widerFace.write!(ds, sink, {});
    await sink.commit();
    expect(report.dropped).toEqual({ label: 2 });
    expect(report.warnings).toEqual([
      "label '/m/0cmf2' has a '/' or '\\': it cannot name an event folder that reads back as that label; its images are written to no_label",
      "label 'a--b' has '--': it cannot name an event folder that reads back as that label; its images are written to no_label",
    ]);
    expect(new TextDecoder().decode(sink.files.get('wider_face_split/wider_face_train_bbx_gt.txt'))).toBe(
      'no_label/a.jpg\nno_label/b.jpg\n',
    );
    const back = await readAll(widerFace, memoryTree(Object.fromEntries(sink.files)));
    expect(back.get('train', 'a')!.annotations).toEqual([]);
  });

  it('takes labels from dataset_meta.json, and then a box has no face label', async () => {
    const ds = await readAll(
      widerFace,
      memoryTree({
        'dataset_meta.json': '{"label_map": {"0": "Parade"}}',
        'wider_face_split/wider_face_val_bbx_gt.txt': '0--Parade/x.jpg\n1\n1 1 1 1\n',
      }),
    );
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['Parade']);
    expect(ds.get('val', 'x')!.annotations).toEqual([
      { type: 'label', label: 0, attributes: {} },
      { type: 'bbox', x: 1, y: 1, w: 1, h: 1, attributes: {} },
    ]);
  });

  it('skips a bad box when lenient, saying so', async () => {
    const warnings: string[] = [];
    const ds = await readAll(
      widerFace,
      memoryTree({ 'wider_face_split/wider_face_train_bbx_gt.txt': 'a/b.jpg\n2\n1 two 3 4\n1 2 3 4\n' }),
      { lenient: true, onWarning: (w: string) => warnings.push(w) },
    );
    expect(ds.get('train', 'b')!.annotations).toHaveLength(1);
    expect(warnings).toEqual(["wider_face_split/wider_face_train_bbx_gt.txt: line 3: 'two' is not a number"]);
  });

  it('leaves out the readme of the split folder', async () => {
    const ds = await readAll(
      widerFace,
      memoryTree({
        'wider_face_split/readme.txt': 'See http://host/WIDER/ for v1.0 of the data.\n',
        'wider_face_split/wider_face_val_bbx_gt.txt': '0--Parade/x.jpg\n0\n0 0 0 0 0 0 0 0 0 0\n',
      }),
    );
    expect(ds.subsets()).toEqual(['val']);
  });

  it('is found one level down', async () => {
    const { matches } = await createRegistry([widerFace]).detect(
      memoryTree({ 'wf/wider_face_split/wider_face_val_bbx_gt.txt': 'a/b.jpg\n' }),
    );
    expect(matches).toEqual([{ id: 'wider_face', confidence: 1, root: 'wf' }]);
  });

  it('parses and formats box lines', () => {
    const [img] = parseBbxGt(['e/x.jpg', '1', '1 2 3 4 - 1 - False - - cat'], 'f');
    expect(img!.boxes[0]).toMatchObject({ label: 'cat', attributes: { expression: '1', occluded: false } });
    expect(formatBoxLine({ x: 1, y: 2, w: 3, h: 4 }, {}, undefined)).toBe('1 2 3 4 ');
  });
});

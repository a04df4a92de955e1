import { createRegistry, Dataset, type DatasetItem, memoryTree } from '@labelport/core';
import { describeFormat, expectSameDataset, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { MOT_LABELS, motSeq } from '../src/index.js';

// A 2x2 PNG header is enough for readImageSize; these bytes are a real 2x2 RGB PNG.
const PNG_2x2 = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAwMDAwMDAAAAY8AH/3bMsVgAAAABJRU5ErkJggg==',
    'base64',
  ),
);

const gtSequence = () =>
  memoryTree({
    'seq/gt/gt.txt': [
      '1,1,10,20,30,40,1,1,1.0',
      '1,2,5,5,10,10,0,2,0.25',
      '2,1,12,21,30,40,1,1,0',
      '3,-1,0,0,4,4,1,-1,1',
    ].join('\n'),
    'seq/gt/labels.txt': 'person\ncar\n',
    'seq/img1/000001.png': PNG_2x2,
    'seq/img1/000002.png': PNG_2x2,
  });

const source = (): Dataset => {
  const item = (frame: number, annotations: DatasetItem['annotations']): DatasetItem => ({
    id: String(frame),
    subset: 'default',
    annotations,
    attributes: {},
  });
  return new Dataset({ labels: [{ name: 'person' }, { name: 'car' }] }, [
    item(1, [
      {
        type: 'bbox',
        x: 1.5,
        y: 2,
        w: 3,
        h: 4,
        label: 0,
        objectId: 7,
        attributes: { visibility: 0.5, occluded: false, ignored: false },
      },
      {
        type: 'bbox',
        x: 0,
        y: 0,
        w: 1,
        h: 1,
        label: 1,
        objectId: 8,
        attributes: { visibility: 0, occluded: true, ignored: true },
      },
    ]),
    item(2, [
      {
        type: 'bbox',
        x: 2,
        y: 2,
        w: 3,
        h: 4,
        label: 0,
        objectId: 7,
        attributes: { visibility: 1, occluded: false, ignored: false },
      },
    ]),
    item(5, [
      {
        type: 'bbox',
        x: 9,
        y: 9,
        w: 1,
        h: 1,
        attributes: { visibility: 1, occluded: false, ignored: false },
      },
    ]),
  ]);
};

describeFormat(motSeq, {
  fixtures: [
    {
      name: 'gt sequence in a sub-folder',
      tree: gtSequence,
      // 3 frames in gt.txt (1, 2, 3) and 2 images (1, 2): items 1, 2, 3; 4 lines = 4 boxes. The
      // sequence folder names the subset (as the writer names a sequence folder after its subset).
      expect: { items: 3, subsets: { seq: 3 }, annotations: { bbox: 4 }, labels: ['person', 'car'] },
      check(ds) {
        const one = ds.get('seq', '1') as DatasetItem;
        expect(one.media).toMatchObject({ path: 'seq/img1/000001.png', frame: 1, width: 2, height: 2 });
        expect(one.annotations[1]).toMatchObject({
          label: 1,
          objectId: 2,
          attributes: { visibility: 0.25, occluded: false, ignored: true },
        });
        const two = ds.get('seq', '2') as DatasetItem;
        expect(two.annotations[0]).toMatchObject({
          objectId: 1,
          attributes: { visibility: 0, occluded: true },
        });
        const three = ds.get('seq', '3') as DatasetItem;
        expect(three.media).toBeUndefined();
        expect(three.annotations[0].label).toBeUndefined();
        expect(three.annotations[0].objectId).toBeUndefined();
      },
    },
    {
      name: 'seqinfo.ini gives frames and sizes, MOT labels by default',
      tree: memoryTree({
        'gt/gt.txt': '2,3,1,1,2,2,1,1,1\n',
        'seqinfo.ini':
          '[Sequence]\nname=S\nimDir=Frames\nframeRate=25\nseqLength=3\nimWidth=640\nimHeight=480\nimExt=.jpg\n',
      }),
      expect: { items: 3, annotations: { bbox: 1 }, labels: MOT_LABELS },
      check(ds) {
        expect(ds.get('default', '3')?.media).toMatchObject({
          path: 'Frames/000003.jpg',
          width: 640,
          height: 480,
        });
        expect(ds.infos).toMatchObject({ seqinfo: { frameRate: 25, name: 'S' } });
      },
    },
    {
      name: 'detections (det/det.txt) carry scores',
      tree: memoryTree({ 'det/det.txt': '1,-1,1,2,3,4,0.75,-1,-1,-1\n1,-1,5,6,7,8,0.5\n' }),
      expect: { items: 1, annotations: { bbox: 2 } },
      check(ds) {
        expect(ds.get('default', '1')?.annotations.map((a) => a.attributes)).toEqual([
          { score: 0.75 },
          { score: 0.5 },
        ]);
      },
    },
    {
      name: 'MOT17-like: train sequences with gt, test sequences with detections only',
      tree: memoryTree({
        'MOT17/train/MOT17-02/gt/gt.txt': '1,1,0,0,1,1,0,13,0.5\n',
        'MOT17/train/MOT17-02/det/det.txt': '1,-1,0,0,1,1,0.9\n',
        'MOT17/test/MOT17-01/det/det.txt': '1,-1,0,0,1,1,0.9\n2,-1,0,0,1,1,0.8\n',
      }),
      // gt is read where there is one; class 13 (MOT20's crowd) adds a 13th label.
      expect: {
        items: 3,
        subsets: { 'test/MOT17-01': 2, 'train/MOT17-02': 1 },
        annotations: { bbox: 3 },
        labels: [...MOT_LABELS, 'crowd'],
      },
    },
    {
      name: "Datumaro's dataset_meta.json gives the labels",
      tree: memoryTree({
        'dataset_meta.json': '{"label_map": {"1": "car", "0": "person"}}',
        'gt/gt.txt': '1,1,0,0,1,1,1,2,1\n',
      }),
      expect: { items: 1, annotations: { bbox: 1 }, labels: ['person', 'car'] },
      check(ds) {
        expect(ds.get('default', '1')?.annotations[0].label).toBe(1);
      },
    },
    {
      name: 'several sequences become subsets',
      tree: memoryTree({
        'MOT/a/gt/gt.txt': '1,1,0,0,1,1,1,1,1\n',
        'MOT/b/gt/gt.txt': '1,1,0,0,1,1,1,1,1\n2,1,0,0,1,1,1,1,1\n',
      }),
      expect: { items: 3, subsets: { a: 1, b: 2 }, annotations: { bbox: 3 } },
    },
  ],
  roundTrips: [
    { name: 'boxes, tracks, visibility, ignored', source },
    {
      name: 'a single subset train, as the sequence folder train/',
      source: () => source().map((item) => ({ ...item, subset: 'train' })),
    },
    {
      name: 'subsets as sequences',
      source: () => {
        const ds = source();
        for (const item of ds.subset('default')) ds.put({ ...item, subset: 'seq2' });
        return ds;
      },
    },
  ],
  badInputs: [
    {
      name: 'too few fields',
      tree: memoryTree({ 'gt/gt.txt': '1,1,2,3\n' }),
      message: /gt\/gt\.txt: line 1/,
    },
    {
      name: 'not a number',
      tree: memoryTree({ 'gt/gt.txt': '1,1,0,0,1,1,1,1,1\n2,x,0,0,1,1,1,1,1\n' }),
      message: /line 2: track id/,
    },
    {
      name: 'class out of range',
      tree: memoryTree({ 'gt/gt.txt': '1,1,0,0,1,1,1,3,1\n', 'gt/labels.txt': 'a\nb' }),
      code: 'bad-value',
    },
    {
      name: 'seqinfo with a seqLength that is not a number',
      tree: memoryTree({
        'gt/gt.txt': '1,1,0,0,1,1,1,1,1\n',
        'seqinfo.ini': '[Sequence]\nname=a\nimDir=img1\nframeRate=1\nseqLength=ten\nimWidth=2\nimHeight=2\n',
      }),
      message: /seqinfo\.ini: .*seqLength 'ten' is not a non-negative integer/,
    },
  ],
});

describe('mot_seq details', () => {
  it('skips bad lines when lenient, saying why', async () => {
    const warnings: string[] = [];
    const ds = await readAll(motSeq, memoryTree({ 'gt/gt.txt': '1,1,0,0,1,1,1,1,1\nbad\n' }), {
      lenient: true,
      onWarning: (w: string) => warnings.push(w),
    });
    expect(ds.size).toBe(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/line 2/);
  });

  it('writes the MOT columns Datumaro writes and reads', async () => {
    const { tree } = await writeAndReadBack(motSeq, source());
    const text = new TextDecoder().decode(await tree.read('gt/gt.txt'));
    expect(text.split('\n')[0]).toBe('1,7,1.5,2,3,4,1,1,0.5');
    expect(text.split('\n')[1]).toBe('1,8,0,0,1,1,0,2,0');
    expect(text).toContain('5,-1,9,9,1,1,1,-1,1');
    expect(new TextDecoder().decode(await tree.read('gt/labels.txt'))).toBe('person\ncar');
  });

  it('renumbers track ids that MOT cannot hold and reports dropped things', async () => {
    const ds = new Dataset({ labels: [{ name: 'a' }] }, [
      {
        id: 'frame_a',
        subset: 'default',
        attributes: { weather: 'rain' },
        annotations: [
          { type: 'bbox', x: 0, y: 0, w: 1, h: 1, objectId: -2, attributes: { color: 'red' } },
          { type: 'polygon', points: [0, 0, 1, 0, 1, 1], attributes: {} },
        ],
      },
      { id: 'frame_b', subset: 'default', attributes: {}, annotations: [] },
    ]);
    const { dataset, report } = await writeAndReadBack(motSeq, ds);
    expect(report.dropped).toEqual({ polygon: 1, attribute: 1, 'item attribute': 1, item: 1 });
    expect(report.warnings).toContain("MOT gt.txt has no column for attribute 'color'");
    expect(report.warnings.join(' ')).toMatch(/renumbered/);
    expect(report.warnings.join(' ')).toMatch(/a frame with no box leaves no trace/);
    expect(dataset.get('default', '1')?.annotations[0].objectId).toBe(1);
  });

  it('stops when its signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(readAll(motSeq, gtSequence(), { signal: controller.signal })).rejects.toThrow(/abort/i);
  });

  it('writes detections with their scores to det/det.txt', async () => {
    const ds = new Dataset({ labels: [{ name: 'person' }] }, [
      {
        id: '3',
        subset: 'default',
        attributes: {},
        annotations: [{ type: 'bbox', x: 1, y: 2, w: 3, h: 4, label: 0, attributes: { score: 0.9 } }],
      },
    ]);
    const { tree, dataset, report } = await writeAndReadBack(motSeq, ds, { annotations: 'det' });
    expect(report.dropped).toEqual({});
    expect(new TextDecoder().decode(await tree.read('det/det.txt'))).toBe('3,-1,1,2,3,4,0.9,1,-1\n');
    await expectSameDataset(dataset, ds);
  });

  it('writes seqinfo.ini and images when asked, keeping empty frames', async () => {
    const ds = source();
    for (const item of ds)
      item.media = {
        kind: 'image',
        path: `x/${item.id}.png`,
        width: 2,
        height: 2,
        bytes: async () => PNG_2x2,
      };
    const { dataset, tree } = await writeAndReadBack(motSeq, ds, { saveMedia: true, frameRate: 30 });
    expect(await tree.exists('img1/000005.png')).toBe(true);
    expect(new TextDecoder().decode(await tree.read('seqinfo.ini'))).toContain('seqLength=5');
    expect(dataset.size).toBe(5); // frames 1..5 from seqinfo.ini
    expect(dataset.get('default', '4')?.media).toMatchObject({
      path: 'img1/000004.png',
      width: 2,
      height: 2,
    });
  });
});

describe('a single sequence folder names its subset', () => {
  it('a dataset whose only subset is train is written to train/gt/gt.txt and reads back as train', async () => {
    const train = source().map((item) => ({ ...item, subset: 'train' }));
    const { dataset, tree } = await writeAndReadBack(motSeq, train);
    expect((await tree.list()).map((e) => e.path).sort()).toEqual(['train/gt/gt.txt', 'train/gt/labels.txt']);
    expect(dataset.subsets()).toEqual(['train']);
    await expectSameDataset(dataset, train);
    // detected at the folder above the sequence, so that reading from there keeps the name too
    const { matches } = await createRegistry([motSeq]).detect(tree);
    expect(matches).toEqual([{ id: 'mot_seq', confidence: 1, root: '' }]);
  });

  it('below a wrapping folder, the sequence folder (not the wrapper) is the subset', async () => {
    const tree = memoryTree({ 'MOT17/train/gt/gt.txt': '1,1,0,0,1,1,1,1,1\n' });
    expect((await createRegistry([motSeq]).detect(tree)).matches[0]?.root).toBe('MOT17');
    expect((await readAll(motSeq, tree)).subsets()).toEqual(['train']);
    expect((await readAll(motSeq, tree.sub('MOT17'))).subsets()).toEqual(['train']);
    // a sequence at the root stays the default subset
    expect((await readAll(motSeq, tree.sub('MOT17/train'))).subsets()).toEqual(['default']);
  });
});

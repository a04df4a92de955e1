import { type Categories, Dataset, memoryTree, rleMask } from '@labelport/core';
import { encodeRle, rleToString } from '@labelport/core/geometry';
import {
  countAnnotations,
  describeFormat,
  expectSameDataset,
  readAll,
  writeAndReadBack,
} from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { bdd100k } from '../src/index.js';
import { POSE_JOINTS } from '../src/lib/bdd-categories.js';
import { flattenPoly2d } from '../src/lib/poly2d.js';

const DET_NAMES = [
  'pedestrian',
  'rider',
  'car',
  'truck',
  'bus',
  'train',
  'motorcycle',
  'bicycle',
  'traffic light',
  'traffic sign',
];

/** A BDD100K download in miniature, written from the format docs: det_20 lists and box_track_20 videos. */
function downloadTree() {
  return memoryTree({
    'bdd100k/labels/det_20/det_train.json': JSON.stringify([
      {
        name: 'b1c66a42-6f7d68ca.jpg',
        timestamp: 10000,
        attributes: { weather: 'overcast', timeofday: 'daytime', scene: 'city street' },
        labels: [
          {
            id: '0',
            category: 'traffic sign',
            attributes: { occluded: false, truncated: false, trafficLightColor: 'NA' },
            box2d: { x1: 1000.698742, y1: 281.992415, x2: 1040.626872, y2: 326.91156 },
          },
          {
            id: '1',
            category: 'traffic light',
            attributes: { occluded: true, truncated: false, trafficLightColor: 'G' },
            box2d: { x1: 10, y1: 20, x2: 19, y2: 49 },
          },
        ],
      },
      {
        name: 'b1c9c847-3bda4659.jpg',
        timestamp: 10000,
        attributes: { weather: 'clear', timeofday: 'night', scene: 'highway' },
        labels: null,
      },
    ]),
    'bdd100k/labels/det_20/det_val.json': JSON.stringify([
      {
        name: 'b1ca2e5d-84cf9134.jpg',
        url: null,
        attributes: { weather: 'rainy', timeofday: 'dawn/dusk', scene: 'residential' },
        labels: [
          {
            id: 7,
            category: 'other vehicle',
            attributes: { occluded: false, truncated: true, crowd: false },
            box2d: { x1: 0, y1: 0, x2: 99, y2: 49 },
            box3d: null,
          },
        ],
      },
    ]),
    'bdd100k/labels/box_track_20/train/b1c81faa-3df17267.json': JSON.stringify([
      {
        name: 'b1c81faa-3df17267-0000001.jpg',
        videoName: 'b1c81faa-3df17267',
        frameIndex: 0,
        labels: [
          {
            id: '00091078',
            category: 'car',
            attributes: { crowd: false, occluded: false, truncated: false },
            box2d: { x1: 1, y1: 2, x2: 3, y2: 4 },
          },
          {
            id: '00091079',
            category: 'pedestrian',
            attributes: { crowd: false, occluded: true, truncated: false },
            box2d: { x1: 5, y1: 5, x2: 9, y2: 20 },
          },
        ],
      },
      {
        name: 'b1c81faa-3df17267-0000002.jpg',
        videoName: 'b1c81faa-3df17267',
        frameIndex: 1,
        labels: [
          {
            id: '00091078',
            category: 'car',
            attributes: { crowd: false, occluded: false, truncated: false },
            box2d: { x1: 2, y1: 2, x2: 4, y2: 4 },
          },
        ],
      },
    ]),
    'bdd100k/images/100k/train/b1c66a42-6f7d68ca.jpg': new Uint8Array([0xff, 0xd8, 0xff, 0xd9]),
    'bdd100k/images/track/train/b1c81faa-3df17267/b1c81faa-3df17267-0000001.jpg': new Uint8Array([
      0xff, 0xd8, 0xff, 0xd9,
    ]),
  });
}

/** A Scalabel export: config, poly2d with a Bezier curve, an open path, RLE, box3d, a pose graph. */
function scalabelExportTree() {
  return memoryTree({
    'export.json': JSON.stringify({
      config: {
        categories: [
          { name: 'thing', subcategories: [{ name: 'car' }, { name: 'lane' }] },
          { name: 'pedestrian' },
        ],
      },
      frames: [
        {
          name: 'f1.jpg',
          size: { width: 8, height: 6 },
          labels: [
            {
              id: 'a',
              category: 'car',
              box2d: { x1: 0, y1: 0, x2: 3, y2: 3 },
              poly2d: [
                {
                  vertices: [
                    [0, 0],
                    [4, 0],
                    [4, 4],
                    [0, 4],
                  ],
                  types: 'LCCL',
                  closed: true,
                },
              ],
              rle: {
                counts: rleToString(
                  encodeRle({ width: 8, height: 6, data: new Uint8Array(48).fill(1, 8, 20) }).counts,
                ),
                size: [6, 8],
              },
            },
            {
              id: 'b',
              category: 'lane',
              attributes: { laneDirection: 'parallel', laneStyle: 'solid' },
              poly2d: [
                {
                  vertices: [
                    [0, 5],
                    [7, 5],
                  ],
                  types: 'LL',
                  closed: false,
                },
              ],
            },
            {
              id: 'c',
              category: 'car',
              box3d: {
                alpha: -1.5,
                orientation: [0, 1.2, 0],
                location: [1, 2, 30],
                dimension: [1.5, 1.8, 4.2],
              },
            },
            {
              id: 'd',
              category: 'pedestrian',
              graph: {
                type: 'Pose2D-18Joints',
                nodes: [
                  { location: [3, 1], category: 'head', visibility: 'V', id: 'n0' },
                  { location: [3, 2], category: 'neck', visibility: 'N', id: 'n1' },
                  { location: [2, 5], category: 'left_foot', visibility: 'V', id: 'n2' },
                ],
                edges: [{ source: 'n0', target: 'n1', type: 'body' }],
              },
            },
          ],
        },
      ],
    }),
  });
}

const detCategories: Categories = { labels: DET_NAMES.map((name, i) => ({ name, id: i + 1 })) };

function detSource(): Dataset {
  return new Dataset({ labels: [...detCategories.labels, { name: 'other vehicle' }] }, [
    {
      id: 'img1',
      subset: 'train',
      media: { kind: 'image', path: 'img1.jpg', width: 1280, height: 720 },
      attributes: { weather: 'clear', scene: 'highway', timeofday: 'daytime', timestamp: 10000 },
      annotations: [
        {
          type: 'bbox',
          id: 0,
          label: 2,
          x: 10.5,
          y: 20,
          w: 30,
          h: 40.25,
          attributes: { occluded: true, truncated: false, crowd: false },
        },
        { type: 'bbox', id: 1, label: 10, x: 0, y: 0, w: 1, h: 1, attributes: { score: 0.9 } },
        { type: 'bbox', id: 2, label: 3, x: 1, y: 1, w: 4, h: 4, group: 3, attributes: {} },
        { type: 'polygon', id: 2, label: 3, points: [1, 1, 5, 1, 5, 5], group: 3, attributes: {} },
        {
          type: 'polygon',
          id: 2,
          label: 3,
          points: flattenPoly2d(
            {
              vertices: [
                [10, 10],
                [12, 8],
                [14, 8],
                [16, 10],
              ],
              types: 'LCCL',
              closed: true,
            },
            0.5,
          ),
          group: 3,
          attributes: {
            poly2d: JSON.stringify({
              vertices: [
                [10, 10],
                [12, 8],
                [14, 8],
                [16, 10],
              ],
              types: 'LCCL',
            }),
          },
        },
        {
          type: 'polyline',
          id: 4,
          label: 9,
          points: [0, 0, 10, 10, 20, 0],
          attributes: { laneStyle: 'dashed' },
        },
        {
          type: 'mask',
          id: 5,
          label: 0,
          mask: rleMask(encodeRle({ width: 3, height: 2, data: new Uint8Array([1, 0, 1, 1, 0, 0]) })),
          attributes: {},
        },
        {
          type: 'cuboid3d',
          id: 6,
          label: 2,
          position: [1, 2, 3],
          rotation: [0, 0.5, 0],
          scale: [1.5, 2, 4],
          attributes: { alpha: 0.25 },
        },
      ],
    },
    {
      id: 'img2',
      subset: 'val',
      media: { kind: 'image', path: 'img2.jpg' },
      attributes: {},
      annotations: [],
    },
  ]);
}

function trackSource(): Dataset {
  const frame = (i: number, anns: { id: number; x: number }[]) => ({
    id: `vid-a/vid-a-000000${i + 1}`,
    subset: 'train',
    media: { kind: 'video-frame' as const, path: `vid-a/vid-a-000000${i + 1}.jpg`, frame: i },
    attributes: {},
    annotations: anns.map((a) => ({
      type: 'bbox' as const,
      label: 2,
      objectId: a.id,
      x: a.x,
      y: 0,
      w: 5,
      h: 5,
      attributes: { occluded: false },
    })),
  });
  return new Dataset({ labels: leafTrack() }, [
    frame(0, [
      { id: 1, x: 0 },
      { id: 2, x: 10 },
    ]),
    frame(1, [{ id: 1, x: 1 }]),
  ]);
}

function leafTrack() {
  return [
    { name: 'pedestrian', parent: 'human' },
    { name: 'rider', parent: 'human' },
    { name: 'car', parent: 'vehicle' },
    { name: 'truck', parent: 'vehicle' },
    { name: 'bus', parent: 'vehicle' },
    { name: 'train', parent: 'vehicle' },
    { name: 'motorcycle', parent: 'bike' },
    { name: 'bicycle', parent: 'bike' },
  ];
}

describeFormat(bdd100k, {
  fixtures: [
    {
      name: 'a BDD100K download (det_20 and box_track_20)',
      tree: downloadTree,
      expect: {
        // det_train: 2 frames, det_val: 1, the video: 2 frames.
        items: 5,
        subsets: { train: 4, val: 1 },
        // 2 + 0 + 1 boxes in det_20, 2 + 1 in the video.
        annotations: { bbox: 6 },
        // The video frames make box_track's 8 classes the default list; 'traffic sign', 'traffic light' and
        // 'other vehicle' are appended as met.
        labels: [
          'pedestrian',
          'rider',
          'car',
          'truck',
          'bus',
          'train',
          'motorcycle',
          'bicycle',
          'traffic sign',
          'traffic light',
          'other vehicle',
        ],
      },
      check(ds) {
        const a = ds.get('train', 'b1c66a42-6f7d68ca')!;
        expect(a.attributes).toEqual({
          weather: 'overcast',
          timeofday: 'daytime',
          scene: 'city street',
          timestamp: 10000,
        });
        expect(a.media).toMatchObject({ kind: 'image', path: 'images/100k/train/b1c66a42-6f7d68ca.jpg' });
        expect(typeof a.media?.bytes).toBe('function');
        // Inclusive corners: w = x2 - x1 + 1.
        expect(a.annotations[1]).toMatchObject({
          type: 'bbox',
          id: 1,
          x: 10,
          y: 20,
          w: 10,
          h: 30,
          attributes: { occluded: true, trafficLightColor: 'G' },
        });
        const b = ds.get('train', 'b1c9c847-3bda4659')!;
        expect(b.annotations).toEqual([]);
        expect(b.media?.bytes).toBeUndefined();
        expect(ds.get('val', 'b1ca2e5d-84cf9134')!.annotations[0]).toMatchObject({
          id: 7,
          label: 10,
          w: 100,
          h: 50,
        });
        const f1 = ds.get('train', 'b1c81faa-3df17267/b1c81faa-3df17267-0000001')!;
        const f2 = ds.get('train', 'b1c81faa-3df17267/b1c81faa-3df17267-0000002')!;
        expect(f1.media).toMatchObject({
          kind: 'video-frame',
          frame: 0,
          path: 'images/track/train/b1c81faa-3df17267/b1c81faa-3df17267-0000001.jpg',
        });
        expect(f2.media).toMatchObject({ kind: 'video-frame', frame: 1 });
        expect(f1.annotations.map((x) => x.objectId)).toEqual([91078, 91079]);
        expect(f2.annotations.map((x) => x.objectId)).toEqual([91078]);
      },
    },
    {
      name: 'a Scalabel export with every shape',
      tree: scalabelExportTree,
      // One label with box, polygon and RLE (grouped), an open path, a 3D box, a pose.
      expect: {
        items: 1,
        subsets: { default: 1 },
        annotations: { bbox: 1, polygon: 1, mask: 1, polyline: 1, cuboid3d: 1, points: 1 },
        labels: ['car', 'lane', 'pedestrian'],
      },
      check(ds) {
        expect(ds.categories.labels.map((l) => l.parent)).toEqual(['thing', 'thing', undefined]);
        const item = ds.get('default', 'f1')!;
        expect(item.media).toMatchObject({ width: 8, height: 6 });
        const [box, poly, mask] = item.annotations;
        expect([box!.group, poly!.group, mask!.group]).toEqual([1, 1, 1]);
        if (poly!.type === 'polygon') {
          // The curve from (0,0) through controls (4,0), (4,4) to (0,4) is flattened: more than 2 points,
          // all within the control hull, starting and ending on the curve's end points.
          expect(poly!.points.length).toBeGreaterThan(6);
          expect(poly!.points.slice(0, 2)).toEqual([0, 0]);
          expect(poly!.points.slice(-2)).toEqual([0, 4]);
          expect(poly!.attributes.poly2d).toBe(
            JSON.stringify({
              vertices: [
                [0, 0],
                [4, 0],
                [4, 4],
                [0, 4],
              ],
              types: 'LCCL',
            }),
          );
        }
        expect(item.annotations[3]).toMatchObject({
          type: 'polyline',
          points: [0, 5, 7, 5],
          attributes: { laneDirection: 'parallel' },
        });
        expect(item.annotations[4]).toMatchObject({
          type: 'cuboid3d',
          position: [1, 2, 30],
          rotation: [0, 1.2, 0],
          scale: [1.5, 1.8, 4.2],
          attributes: { alpha: -1.5 },
        });
        const pose = item.annotations[5]!;
        expect(pose.type).toBe('points');
        if (pose.type === 'points') {
          expect(pose.points.slice(0, 4)).toEqual([3, 1, 3, 2]);
          // left_foot is the docs' name of left_toe, the last joint.
          expect(pose.points.slice(34)).toEqual([2, 5]);
          expect(pose.visibility.slice(0, 3)).toEqual([2, 1, 0]);
        }
        expect(ds.categories.skeletons?.get(2)).toEqual({ points: POSE_JOINTS, edges: [[0, 1]] });
      },
    },
  ],
  roundTrips: [
    { name: 'still frames with every shape, attributes and ids', source: detSource },
    { name: 'video frames with track ids', source: trackSource },
    {
      name: 'a pose with its skeleton',
      source: () => {
        const points = POSE_JOINTS.flatMap((_, i) => (i === 3 ? [0, 0] : [10 + i, 20 + 2 * i]));
        const visibility = POSE_JOINTS.map((_, i) => (i === 3 ? 0 : i === 5 ? 1 : 2)) as (0 | 1 | 2)[];
        return new Dataset(
          {
            labels: [{ name: 'pedestrian' }],
            skeletons: new Map([
              [
                0,
                {
                  points: [...POSE_JOINTS],
                  edges: [
                    [0, 1],
                    [1, 2],
                    [1, 5],
                  ] as [number, number][],
                },
              ],
            ]),
          },
          [
            {
              id: 'p1',
              subset: 'val',
              media: { kind: 'image', path: 'p1.jpg' },
              attributes: {},
              annotations: [{ type: 'points', id: 3, label: 0, points, visibility, attributes: {} }],
            },
          ],
        );
      },
    },
  ],
  badInputs: [
    {
      name: 'a truncated file',
      tree: memoryTree({ 'det_train.json': '[{"name": "a.jpg", "labels": [' }),
      code: 'bad-json',
      message: /det_train\.json/,
    },
    {
      name: 'neither a list nor frames',
      tree: memoryTree({ 'a.json': '{"frames": 3}' }),
      code: 'bad-field',
      message: /a\.json/,
    },
    {
      name: 'a frame without a name',
      tree: memoryTree({ 'det_val.json': '[{"labels": []}]' }),
      code: 'bad-field',
      message: /det_val\.json: \[0\]\.name/,
    },
    {
      name: 'a box corner that is not a number',
      tree: memoryTree({
        'det_val.json':
          '[{"name": "a.jpg", "labels": [{"id": "1", "category": "car", "box2d": {"x1": 0, "y1": 0, "x2": "9", "y2": 9}}]}]',
      }),
      code: 'bad-field',
      message: /det_val\.json: \[0\]\.labels\[0\]\.box2d\.x2: expected a number/,
    },
    {
      name: 'poly2d types of the wrong length',
      tree: memoryTree({
        'det_val.json':
          '[{"name": "a.jpg", "labels": [{"id": "1", "poly2d": [{"vertices": [[0,0],[1,1]], "types": "L", "closed": true}]}]}]',
      }),
      code: 'bad-field',
      message: /\[0\]\.labels\[0\]\.poly2d\[0\]\.types/,
    },
    {
      name: 'an RLE whose counts do not fill the size',
      tree: memoryTree({
        'det_val.json':
          '[{"name": "a.jpg", "labels": [{"id": "1", "rle": {"counts": "02", "size": [6, 8]}}]}]',
      }),
      code: 'bad-field',
      message: /\[0\]\.labels\[0\]\.rle/,
    },
    {
      name: 'a frame name that leaves the root',
      tree: memoryTree({ 'det_val.json': '[{"name": "../../x.jpg"}]' }),
      code: 'unsafe-path',
      message: /det_val\.json: \[0\]\.name/,
    },
  ],
});

describe('bdd100k details', () => {
  it('writes det_20 and box_track_20 files, lists for BDD categories', async () => {
    const { tree } = await writeAndReadBack(bdd100k, trackSource());
    expect((await tree.list()).map((f) => f.path)).toEqual(['labels/box_track_20/train/vid-a.json']);
    const json = JSON.parse(
      new TextDecoder().decode(await tree.read('labels/box_track_20/train/vid-a.json')),
    );
    expect(Array.isArray(json)).toBe(true);
    expect(json[0]).toEqual({
      name: 'vid-a-0000001.jpg',
      videoName: 'vid-a',
      frameIndex: 0,
      labels: [
        { id: '1', category: 'car', attributes: { occluded: false }, box2d: { x1: 0, y1: 0, x2: 4, y2: 4 } },
        {
          id: '2',
          category: 'car',
          attributes: { occluded: false },
          box2d: { x1: 10, y1: 0, x2: 14, y2: 4 },
        },
      ],
    });
  });

  it('writes a config when the categories are not BDD100K lists, and reports what it drops', async () => {
    const ds = detSource();
    ds.put({
      id: 'img3',
      subset: 'train',
      attributes: {},
      annotations: [
        { type: 'caption', caption: 'x', attributes: {} },
        { type: 'label', label: 0, attributes: {} },
      ],
    });
    const { tree, report } = await writeAndReadBack(bdd100k, ds);
    expect(report.dropped).toEqual({ caption: 1, label: 1 });
    const json = JSON.parse(new TextDecoder().decode(await tree.read('labels/det_20/det_train.json')));
    expect(json.config.categories.slice(-1)).toEqual([{ name: 'other vehicle' }]);
    expect(json.frames).toHaveLength(2);
  });

  it('copies images with saveMedia where BDD100K keeps them, and finds them again', async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
    const ds = new Dataset(detCategories, [
      {
        id: 'still',
        subset: 'val',
        media: { kind: 'image', path: 'x/still.jpg', bytes: async () => jpeg },
        attributes: {},
        annotations: [],
      },
      {
        id: 'v/v-1',
        subset: 'val',
        media: { kind: 'video-frame', path: 'v-1.jpg', frame: 0, bytes: async () => jpeg },
        attributes: {},
        annotations: [],
      },
    ]);
    const { tree, dataset } = await writeAndReadBack(bdd100k, ds, { saveMedia: true });
    expect(await tree.read('images/100k/val/still.jpg')).toEqual(jpeg);
    expect(await tree.read('images/track/val/v/v-1.jpg')).toEqual(jpeg);
    expect(dataset.get('val', 'still')!.media?.path).toBe('images/100k/val/still.jpg');
    expect(dataset.get('val', 'v/v-1')!.media?.path).toBe('images/track/val/v/v-1.jpg');
  });

  it('skips a bad frame with lenient, saying so', async () => {
    const warnings: string[] = [];
    const tree = memoryTree({ 'det_val.json': '[{"labels": []}, {"name": "b.jpg"}]' });
    const ds = await readAll(bdd100k, tree, { lenient: true, onWarning: (w: string) => warnings.push(w) });
    expect(ds.size).toBe(1);
    expect(warnings).toEqual([expect.stringMatching(/\[0\]\.name: a frame needs a name$/)]);
  });

  it('reads the same when the files are too big to keep parsed (two passes)', async () => {
    const once = await readAll(bdd100k, downloadTree());
    const twice = await readAll(bdd100k, downloadTree(), { keepParsedBytes: 0 });
    await expectSameDataset(twice, once);
    expect(twice.size).toBe(5);
  });

  it('names frames given by URL after their file', async () => {
    const tree = memoryTree({
      'export.json': JSON.stringify({
        frames: [{ name: 'https://example.com/demo/frames/intersection-0000051.jpg?x=1', labels: [] }],
      }),
    });
    const ds = await readAll(bdd100k, tree);
    expect(ds.get('default', 'intersection-0000051')?.media?.path).toBe('intersection-0000051.jpg');
  });

  it('counts the corpus of the spec example exactly', async () => {
    const ds = await readAll(bdd100k, scalabelExportTree());
    expect(countAnnotations(ds)).toEqual({
      bbox: 1,
      polygon: 1,
      mask: 1,
      polyline: 1,
      cuboid3d: 1,
      points: 1,
    });
  });
});

describe('Scalabel groups (issue 21)', () => {
  const m = (data: number[]) => rleMask(encodeRle({ width: 2, height: 1, data: Uint8Array.from(data) }));
  it('keeps a group that fits one label, and counts one split over several labels', async () => {
    const ds = new Dataset(detCategories, [
      {
        id: 'g',
        subset: 'train',
        media: { kind: 'image', width: 2, height: 1 },
        attributes: {},
        annotations: [
          // one label: a box and its rle
          { type: 'bbox', x: 0, y: 0, w: 1, h: 1, label: 2, group: 1, attributes: {} },
          { type: 'mask', mask: m([1, 0]), label: 2, group: 1, attributes: {} },
          // two rles: two labels, the group lost
          { type: 'mask', mask: m([1, 0]), label: 2, group: 2, attributes: {} },
          { type: 'mask', mask: m([0, 1]), label: 2, group: 2, attributes: {} },
        ],
      },
    ]);
    const { dataset, report } = await writeAndReadBack(bdd100k, ds);
    expect(report.dropped).toEqual({ group: 2 });
    expect(report.warnings.join()).toMatch(/a group with more is split over several labels/);
    const back = dataset.get('train', 'g')!.annotations;
    expect(back.map((a) => [a.type, a.group !== undefined])).toEqual([
      ['bbox', true],
      ['mask', true],
      ['mask', false],
      ['mask', false],
    ]);
  });
});

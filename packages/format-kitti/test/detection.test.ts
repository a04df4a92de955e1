import { Dataset, memoryTree } from '@labelport/core';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { kittiDetection } from '../src/index.js';

const GT = 'Car 0.00 0 -1.58 587.01 173.33 614.12 200.12 1.65 1.67 3.64 -0.65 1.71 46.70 -1.59';
const TRUNCATED = 'Pedestrian 0.54 2 1.2 0 10 20 110 1.8 0.6 0.9 2 1.5 8 1.3';
const DONTCARE = 'DontCare -1 -1 -10 503.89 169.71 590.61 190.13 -1 -1 -1 -1000 -1000 -1000 -10';
const RESULT = 'Car 0 1 -1 1 2 3 4 -1 -1 -1 -1 -1 -1 -1 0.87';

const source = () =>
  new Dataset({ labels: [{ name: 'Car' }, { name: 'Pedestrian' }] }, [
    {
      id: '000001',
      subset: 'training',
      attributes: {},
      annotations: [
        {
          type: 'bbox',
          id: 0,
          label: 0,
          x: 1.5,
          y: 2,
          w: 10,
          h: 20,
          attributes: {
            truncated: false,
            occluded: true,
            occlusion: 2,
            alpha: 0.5,
            dimensions_h: 1.5,
            dimensions_w: 1.6,
            dimensions_l: 3.9,
            location_x: 1,
            location_y: 2,
            location_z: 30,
            rotation_y: 0.1,
          },
        },
        {
          type: 'bbox',
          id: 1,
          label: 1,
          x: 0,
          y: 0,
          w: 1,
          h: 1,
          attributes: { truncated: true, occluded: false, score: 0.5 },
        },
      ],
    },
    { id: '000002', subset: 'training', attributes: {}, annotations: [] },
    {
      id: 'sub/000003',
      subset: 'testing',
      attributes: {},
      annotations: [
        {
          type: 'bbox',
          id: 0,
          label: 0,
          x: 0,
          y: 0,
          w: 2,
          h: 2,
          attributes: { truncated: true, truncation: 0.25, occluded: false },
        },
      ],
    },
  ]);

describeFormat(kittiDetection, {
  fixtures: [
    {
      name: 'training with all fields',
      tree: () =>
        memoryTree({
          'kitti/training/label_2/000000.txt': `${GT}\n${TRUNCATED}\n${DONTCARE}\n`,
          'kitti/training/label_2/000001.txt': `${RESULT}\n`,
          'kitti/training/image_2/000000.png': 'png',
          'kitti/training/image_2/000009.png': 'png',
        }),
      // 2 label files + 1 image without labels; 4 lines = 4 boxes; labels in order of appearance.
      expect: {
        items: 3,
        subsets: { training: 3 },
        annotations: { bbox: 4 },
        labels: ['Car', 'Pedestrian', 'DontCare'],
      },
      check(ds) {
        const [car, ped, dc] = ds.get('training', '000000')?.annotations ?? [];
        expect(car).toMatchObject({ id: 0, label: 0, x: 587.01, y: 173.33 });
        expect(car.type === 'bbox' && car.w).toBeCloseTo(27.11, 6);
        expect(car.attributes).toEqual({
          truncated: false,
          occluded: false,
          alpha: -1.58,
          dimensions_h: 1.65,
          dimensions_w: 1.67,
          dimensions_l: 3.64,
          location_x: -0.65,
          location_y: 1.71,
          location_z: 46.7,
          rotation_y: -1.59,
        });
        expect(ped.attributes).toMatchObject({
          truncated: true,
          truncation: 0.54,
          occluded: true,
          occlusion: 2,
        });
        expect(dc.attributes).toMatchObject({
          occluded: true,
          occlusion: -1,
          location_x: -1000,
          rotation_y: -10,
        });
        expect(ds.get('training', '000001')?.annotations[0].attributes).toEqual({
          truncated: false,
          occluded: true,
          score: 0.87,
        });
        expect(ds.get('training', '000009')?.media?.path).toBe('training/image_2/000009.png');
      },
    },
  ],
  roundTrips: [{ name: 'boxes with 3D fields, scores, subsets, an empty item', source }],
  badInputs: [
    {
      name: '14 fields',
      tree: memoryTree({ 'label_2/1.txt': 'Car 0 0 0 1 2 3 4 1 1 1 1 1 1\n' }),
      message: /label_2\/1\.txt: line 1: expected a type and 14 or 15 numbers/,
    },
    {
      name: 'not a number',
      tree: memoryTree({ 'label_2/1.txt': `${GT}\nCar 0 0 0 1 x 3 4 1 1 1 1 1 1 1\n` }),
      message: /line 2: y1 'x'/,
    },
    {
      name: 'fractional occlusion',
      tree: memoryTree({ 'label_2/1.txt': 'Car 0 0.5 0 1 2 3 4 1 1 1 1 1 1 1\n' }),
      code: 'bad-value',
    },
  ],
});

describe('kitti_detection details', () => {
  it('writes the 15 KITTI fields, and the score when there is one', async () => {
    const { tree } = await writeAndReadBack(kittiDetection, source());
    const text = new TextDecoder().decode(await tree.read('training/label_2/000001.txt'));
    expect(text).toBe(
      'Car 0 2 0.5 1.5 2 11.5 22 1.5 1.6 3.9 1 2 30 0.1\nPedestrian 1 0 -1 0 0 1 1 -1 -1 -1 -1 -1 -1 -1 0.5\n',
    );
    expect(new TextDecoder().decode(await tree.read('training/label_2/000002.txt'))).toBe('');
  });

  it('reads back its own lines field for field', async () => {
    const tree = memoryTree({ 'training/label_2/a.txt': `${GT}\n${TRUNCATED}\n${DONTCARE}\n${RESULT}\n` });
    const ds = await readAll(kittiDetection, tree);
    const { tree: out } = await writeAndReadBack(kittiDetection, ds);
    const norm = (s: string) =>
      s
        .trim()
        .split('\n')
        .map((l) => l.split(' ').map(Number).join(' ').replace('NaN', l.split(' ')[0]));
    expect(norm(new TextDecoder().decode(await out.read('training/label_2/a.txt')))).toEqual(
      norm(`${GT}\n${TRUNCATED}\n${DONTCARE}\n${RESULT}`),
    );
  });

  it('reports what KITTI cannot hold', async () => {
    const ds = new Dataset({ labels: [{ name: 'big truck' }] }, [
      {
        id: '1',
        subset: 'default',
        attributes: { weather: 'sun' },
        annotations: [
          { type: 'bbox', x: 0, y: 0, w: 1, h: 1, label: 0, objectId: 4, attributes: { color: 'red' } },
          { type: 'bbox', x: 0, y: 0, w: 1, h: 1, attributes: {} },
          { type: 'polygon', points: [0, 0, 1, 1, 1, 0], attributes: {} },
        ],
      },
    ]);
    const { dataset, report } = await writeAndReadBack(kittiDetection, ds);
    expect(report.dropped).toEqual({
      'item attribute': 1,
      attribute: 1,
      objectId: 1,
      bbox: 1,
      polygon: 1,
    });
    expect(report.warnings).toContain(
      'boxes without a label cannot be written (a KITTI line starts with its type)',
    );
    expect(report.warnings.join()).toMatch(/big_truck/);
    expect(dataset.categories.labels.map((l) => l.name)).toEqual(['big_truck']);
  });
});

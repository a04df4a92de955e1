import { Dataset, type DatasetItem, memoryTree } from '@labelport/core';
import { describeFormat, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { kittiRaw } from '../src/index.js';

const pose = (t: number[], r: number[], occlusion: number, extra = '') =>
  `<item><tx>${t[0]}</tx><ty>${t[1]}</ty><tz>${t[2]}</tz><rx>${r[0]}</rx><ry>${r[1]}</ry><rz>${r[2]}</rz><state>2</state><occlusion>${occlusion}</occlusion><occlusion_kf>0</occlusion_kf><truncation>0</truncation>${extra}</item>`;
const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>
<!DOCTYPE boost_serialization>
<boost_serialization signature="serialization::archive" version="9">
<tracklets class_id="0" tracking_level="0" version="0"><count>2</count><item_version>1</item_version>
<item><objectType>Car</objectType><h>1.5</h><w>1.8</w><l>4.2</l><first_frame>1</first_frame>
<poses><count>2</count><item_version>2</item_version>${pose([1, 2, 3], [0, 0, 0.5], 0)}${pose([1.5, 2, 3], [0, 0, 0.6], 1, '<attributes><attribute><name>color</name><value>red</value></attribute></attributes>')}</poses><finished>1</finished></item>
<item><objectType>Pedestrian</objectType><h>1.7</h><w>0.6</w><l>0.8</l><first_frame>0</first_frame>
<poses><count>1</count><item_version>2</item_version>${pose([5, 5, 0], [0, 0, 0], -1)}</poses><finished>1</finished></item>
</tracklets></boost_serialization>`;

const source = () => {
  const item = (frame: number, annotations: DatasetItem['annotations']): DatasetItem => ({
    id: String(frame).padStart(10, '0'),
    subset: 'default',
    attributes: { frame },
    media: {
      kind: 'point-cloud',
      path: `velodyne_points/data/${String(frame).padStart(10, '0')}.pcd`,
      frame,
    },
    annotations,
  });
  const car = (position: [number, number, number], occluded: boolean, attrs = {}) => ({
    type: 'cuboid3d' as const,
    label: 0,
    objectId: 1,
    position,
    rotation: [0, 0, 0.25] as [number, number, number],
    scale: [1.8, 1.5, 4.2] as [number, number, number],
    attributes: { occluded, ...attrs },
  });
  return new Dataset({ labels: [{ name: 'Car' }, { name: 'Van' }] }, [
    item(0, [car([1, 2, 3], false, { color: 'red', moving: true, speed: 2.5 })]),
    item(1, [
      car([2, 2, 3], true),
      {
        type: 'cuboid3d',
        label: 1,
        objectId: 2,
        position: [9, 9, 0],
        rotation: [0, 0, 0],
        scale: [2, 2, 5],
        attributes: { occluded: false },
      },
    ]),
    item(2, []),
    item(3, [car([4, 2, 3], false)]),
  ]);
};

describeFormat(kittiRaw, {
  fixtures: [
    {
      name: 'two tracklets',
      tree: () =>
        memoryTree({
          'drive/tracklet_labels.xml': xml,
          'drive/velodyne_points/data/0000000001.pcd': 'pcd',
          'drive/image_00/data/0000000001.png': 'png',
        }),
      // Car: frames 1, 2; Pedestrian: frame 0 -> 3 items, 3 cuboids; labels sorted by name.
      expect: { items: 3, annotations: { cuboid3d: 3 }, labels: ['Car', 'Pedestrian'] },
      check(ds) {
        const f2 = ds.get('default', '0000000002')?.annotations[0];
        expect(f2).toMatchObject({
          type: 'cuboid3d',
          label: 0,
          objectId: 1,
          position: [1.5, 2, 3],
          rotation: [0, 0, 0.6],
          scale: [1.8, 1.5, 4.2],
        });
        expect(f2?.attributes).toEqual({ occluded: true, color: 'red' });
        const f1 = ds.get('default', '0000000001');
        expect(f1?.media).toMatchObject({
          kind: 'point-cloud',
          path: 'velodyne_points/data/0000000001.pcd',
          frame: 1,
        });
        expect(f1?.attributes).toEqual({ frame: 1 });
      },
    },
  ],
  roundTrips: [{ name: 'a track with a gap, attributes, an empty frame', source }],
  badInputs: [
    {
      name: 'not XML',
      tree: memoryTree({ 'tracklet_labels.xml': '<boost_serialization><tracklets><item>' }),
      message: /tracklet_labels\.xml/,
    },
    {
      name: 'a pose without tx',
      tree: memoryTree({ 'tracklet_labels.xml': xml.replace('<tx>1</tx>', '') }),
      message: /tracklet 0, pose 0: <tx>/,
    },
  ],
});

describe('kitti_raw details', () => {
  it('writes skipped frames as poses out of the image, and frame_list.txt', async () => {
    const { tree } = await writeAndReadBack(kittiRaw, source());
    const text = new TextDecoder().decode(await tree.read('tracklet_labels.xml'));
    expect(text).toContain('<truncation>2</truncation>');
    expect(text.match(/<count>4<\/count>/)).toHaveLength(1); // the car: frames 0..3, frame 2 out of the image
    expect(new TextDecoder().decode(await tree.read('frame_list.txt'))).toBe(
      '0 0000000000\n1 0000000001\n2 0000000002\n3 0000000003\n',
    );
  });

  it('refuses a track that changes size', async () => {
    const ds = source();
    const a = ds.get('default', '0000000003')?.annotations[0];
    if (a?.type === 'cuboid3d') a.scale = [1, 1, 1];
    await expect(writeAndReadBack(kittiRaw, ds)).rejects.toThrow(/changes its size/);
  });

  it('counts cuboids without a label as cuboid3d losses, saying why', async () => {
    const ds = new Dataset({ labels: [{ name: 'Car' }] }, [
      {
        id: '0000000000',
        subset: 'default',
        attributes: { frame: 0 },
        annotations: [
          { type: 'cuboid3d', position: [0, 0, 0], rotation: [0, 0, 0], scale: [1, 1, 1], attributes: {} },
        ],
      },
    ]);
    const { report } = await writeAndReadBack(kittiRaw, ds);
    expect(report.dropped).toEqual({ cuboid3d: 1 });
    expect(report.warnings).toContain(
      'cuboids without a label cannot be written (a tracklet has an objectType)',
    );
  });
});

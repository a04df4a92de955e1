import { Dataset, type DatasetItem, memorySink, memoryTree } from '@labelport/core';
import { readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { kittiDetection, kittiRaw, kittiSegmentation } from '../src/index.js';

const bytes = (s: string) => async () => new TextEncoder().encode(s);

/** Three items: an image with bytes (a .jpg), one referenced without bytes, one without media. */
const items = (kind: 'image' | 'point-cloud'): DatasetItem[] => [
  {
    id: '000001',
    subset: 'training',
    attributes: {},
    annotations: [],
    media: { kind, path: 'photos/000001.jpg', bytes: bytes('jpg') },
  },
  { id: '000002', subset: 'training', attributes: {}, annotations: [], media: { kind, path: 'gone.png' } },
  { id: '000003', subset: 'training', attributes: {}, annotations: [] },
];

describe('KITTI writers save media with core saveMedia', () => {
  it('detection: keeps the image extension and counts an image without bytes', async () => {
    const ds = new Dataset({ labels: [{ name: 'Car' }] }, items('image'));
    const { report, tree } = await writeAndReadBack(kittiDetection, ds, { saveMedia: true });
    const paths = (await tree.list()).map((e) => e.path);
    expect(paths.filter((p) => p.includes('image_2/'))).toEqual(['training/image_2/000001.jpg']);
    expect(report.dropped.media).toBe(1);
  });

  it('segmentation: an item without masks whose image has no bytes is dropped, and the image counted', async () => {
    const ds = new Dataset({ labels: [{ name: 'car' }] }, items('image'));
    const sink = memorySink();
    const report = await kittiSegmentation.write?.(ds, sink, { saveMedia: true });
    await sink.commit();
    const paths = [...sink.files.keys()];
    expect(paths.filter((p) => p.includes('image_2/'))).toEqual(['training/image_2/000001.jpg']);
    expect(report?.dropped.media).toBe(1);
    expect(report?.dropped.item).toBe(2);
  });

  it('raw: a point cloud without bytes is counted', async () => {
    const ds = new Dataset({ labels: [] }, items('point-cloud'));
    const { report, tree } = await writeAndReadBack(kittiRaw, ds, { saveMedia: true });
    const paths = (await tree.list()).map((e) => e.path);
    expect(paths.filter((p) => p.endsWith('.pcd'))).toEqual(['velodyne_points/data/000001.pcd']);
    expect(report.dropped.media).toBe(1);
  });
});

describe('kitti_raw XML', () => {
  it('round-trips a label and an attribute value with XML specials', async () => {
    const ds = new Dataset({ labels: [{ name: 'Car & <Van>' }] }, [
      {
        id: 'f0',
        subset: 'default',
        attributes: { frame: 0 },
        annotations: [
          {
            type: 'cuboid3d',
            label: 0,
            objectId: 1,
            position: [1, 2, 3],
            rotation: [0, 0, 0],
            scale: [1, 1, 1],
            attributes: { occluded: false, note: 'a "b" & <c>' },
          },
        ],
      },
    ]);
    const { dataset } = await writeAndReadBack(kittiRaw, ds);
    expect(dataset.categories.labels.map((l) => l.name)).toEqual(['Car & <Van>']);
    expect(dataset.get('default', 'f0')?.annotations[0]?.attributes.note).toBe('a "b" & <c>');
  });

  it('names the file and the line of broken XML', async () => {
    const tree = memoryTree({
      'tracklet_labels.xml': '<boost_serialization>\n<tracklets>\n<item></poses>\n</tracklets>',
    });
    await expect(readAll(kittiRaw, tree)).rejects.toThrow(/^tracklet_labels\.xml: line 3: invalid XML/);
  });

  it('names the line of a bad number', async () => {
    const xml =
      '<boost_serialization><tracklets>\n<item><objectType>Car</objectType>\n<h>x</h><w>1</w><l>1</l>' +
      '<first_frame>0</first_frame></item></tracklets></boost_serialization>';
    await expect(readAll(kittiRaw, memoryTree({ 'tracklet_labels.xml': xml }))).rejects.toThrow(
      "tracklet_labels.xml: line 3, tracklet 0: <h> 'x' is not a number",
    );
  });
});

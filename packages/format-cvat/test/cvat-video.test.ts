import {
  type Annotation,
  createRegistry,
  Dataset,
  type DatasetItem,
  memoryTree,
  rleMask,
} from '@labelport/core';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { cvat, cvatVideo, formats } from '../src/index.js';
import { categories, IMAGES_XML, VIDEO_XML } from './samples.js';

const frameItem = (frame: number, annotations: Annotation[]): DatasetItem => ({
  id: `frame_${String(frame).padStart(6, '0')}`,
  subset: 'default',
  media: { kind: 'image', width: 20, height: 10, frame },
  attributes: { frame },
  annotations,
});

const track = (id: number, keyframe: boolean, outside: boolean, x: number) =>
  ({
    type: 'bbox',
    x,
    y: 1,
    w: 2,
    h: 3,
    label: 0,
    id,
    objectId: id,
    attributes: { occluded: false, keyframe, outside, speed: x },
  }) as Annotation;

function videoDataset(): Dataset {
  return new Dataset(categories(), [
    frameItem(0, [
      track(0, true, false, 1),
      {
        type: 'skeleton',
        label: 2,
        id: 3,
        objectId: 3,
        attributes: { keyframe: true },
        elements: [
          { type: 'points', points: [1, 1], visibility: [2], label: 3, attributes: { keyframe: true } },
          { type: 'points', points: [2, 2], visibility: [1], label: 4, attributes: { keyframe: true } },
          { type: 'points', points: [3, 3], visibility: [0], label: 5, attributes: { keyframe: true } },
        ],
      },
    ]),
    frameItem(1, [
      track(0, false, false, 1.5),
      {
        type: 'polygon',
        points: [0, 0, 5, 0, 5, 5],
        label: 1,
        objectId: 7,
        id: 7,
        group: 2,
        attributes: { occluded: true, keyframe: true, outside: false },
      },
    ]),
    frameItem(2, [
      track(0, true, true, 2.5),
      {
        type: 'mask',
        mask: rleMask({ size: [10, 20], counts: [11, 2, 187] }),
        label: 1,
        objectId: 8,
        id: 8,
        zOrder: 2,
        attributes: { occluded: false, keyframe: true, outside: false },
      },
    ]),
  ]);
}

describeFormat(cvatVideo, {
  fixtures: [
    {
      name: 'a video task with box, skeleton and mask tracks',
      tree: memoryTree({
        'task/annotations.xml': VIDEO_XML,
        'task/images/frame_000000.png': new Uint8Array(0),
      }),
      expect: {
        // VIDEO_XML: track 0 has boxes on frames 0, 4 and 6; track 1 a skeleton on 2; track 2 a mask on 4.
        items: 4,
        subsets: { annotations: 4 },
        annotations: { bbox: 3, skeleton: 1, mask: 1 },
      },
      check(ds) {
        const f0 = ds.get('annotations', 'frame_000000')!;
        expect(f0.media).toMatchObject({
          kind: 'image',
          path: 'images/frame_000000.png',
          width: 20,
          height: 10,
          frame: 0,
        });
        expect(f0.attributes).toEqual({ frame: 0 });
        expect(f0.annotations[0]).toEqual({
          type: 'bbox',
          x: 0,
          y: 0,
          w: 4,
          h: 2,
          label: 0,
          id: 0,
          objectId: 0,
          attributes: { occluded: false, source: 'manual', outside: false, keyframe: true, speed: 10 },
        });
        const f6 = ds.get('annotations', 'frame_000006')!;
        expect(f6.annotations[0]!.attributes).toMatchObject({ outside: true, keyframe: true });
        const sk = ds.get('annotations', 'frame_000002')!.annotations[0]!;
        expect(sk).toMatchObject({
          type: 'skeleton',
          label: 2,
          objectId: 1,
          attributes: { keyframe: true, source: 'manual' },
        });
        if (sk.type === 'skeleton') expect(sk.elements.map((e) => e.visibility[0])).toEqual([2, 2, 0]);
        const mask = ds.get('annotations', 'frame_000004')!.annotations.find((a) => a.type === 'mask')!;
        expect(mask).toMatchObject({
          objectId: 2,
          zOrder: 1,
          mask: { kind: 'rle', rle: { size: [10, 20], counts: [188, 1, 9, 1, 1] } },
        });
      },
    },
    {
      name: 'keyframes filled in with interpolate',
      tree: memoryTree({ 'annotations.xml': VIDEO_XML }),
      readOptions: { interpolate: true },
      // Track 0: keyframes 0 and 4 plus frame 2 between them (step=2), outside on 6, nothing after.
      // Track 1: keyframe on 2, then frames 4, 6, 8 up to stop_frame. Track 2: 4, then 6 and 8.
      expect: { items: 5, annotations: { bbox: 4, skeleton: 4, mask: 3 } },
      check(ds) {
        const mid = ds.get('annotations', 'frame_000002')!.annotations.find((a) => a.type === 'bbox')!;
        expect(mid).toMatchObject({
          type: 'bbox',
          x: 4,
          y: 2,
          w: 4,
          h: 2,
          attributes: { keyframe: false, outside: false, speed: 10 },
        });
      },
    },
  ],
  roundTrips: [
    { name: 'box, polygon, skeleton and mask tracks with keyframes and outside', source: videoDataset },
  ],
});

describe('cvat_video writing', () => {
  it('keeps tracks as tracks: one <track> per object, shapes with frame, keyframe and outside', async () => {
    const { tree } = await writeAndReadBack(cvatVideo, videoDataset());
    const text = new TextDecoder().decode(await tree.read('default.xml'));
    expect(text.match(/<track /g)).toHaveLength(4);
    expect(text).toContain('<track id="0" label="car">');
    expect(text).toContain(
      '<box frame="1" keyframe="0" outside="0" occluded="0" xtl="1.5" ytl="1" xbr="3.5" ybr="4" z_order="0">',
    );
    expect(text).toContain('<original_size>');
    expect(text).toContain('<mode>interpolation</mode>');
  });

  it('turns a shape with no track into a track of its own, outside on the next frame, as CVAT does', async () => {
    const src = new Dataset({ labels: [{ name: 'x' }] }, [
      frameItem(0, [{ type: 'bbox', x: 0, y: 0, w: 1, h: 1, label: 0, attributes: { occluded: false } }]),
      frameItem(1, []),
    ]);
    const { dataset, report } = await writeAndReadBack(cvatVideo, src);
    expect(report.dropped).toEqual({});
    expect(report.warnings).toEqual([expect.stringMatching(/without shapes are not kept/)]);
    const f1 = dataset.get('default', 'frame_000001')!.annotations;
    expect(f1).toEqual([
      {
        type: 'bbox',
        x: 0,
        y: 0,
        w: 1,
        h: 1,
        label: 0,
        id: 0,
        objectId: 0,
        attributes: { occluded: false, outside: true, keyframe: true },
      },
    ]);
  });

  it('reports tags and unlabelled shapes, which a video task cannot hold', async () => {
    const src = new Dataset({ labels: [{ name: 'x' }] }, [
      frameItem(0, [
        { type: 'label', label: 0, attributes: {} },
        { type: 'bbox', x: 0, y: 0, w: 1, h: 1, attributes: {} },
      ]),
    ]);
    const { report } = await writeAndReadBack(cvatVideo, src);
    expect(report.dropped).toEqual({ label: 1, bbox: 1 });
  });
});

describe('cvat detection', () => {
  const registry = createRegistry(formats);
  it('tells images from video', async () => {
    expect(
      (await registry.detect(memoryTree({ 'annotations.xml': IMAGES_XML }))).matches.map((m) => [
        m.id,
        m.confidence,
      ]),
    ).toEqual([['cvat', 1]]);
    const video = await registry.detect(memoryTree({ 'x/annotations.xml': VIDEO_XML }));
    expect(video.matches.map((m) => [m.id, m.confidence, m.root])).toEqual([
      ['cvat_video', 1, 'x'],
      ['cvat', 0.9, 'x'],
    ]);
  });

  it('does not take VOC or LabelMe XML for CVAT', async () => {
    const voc =
      '<annotation><folder>VOC</folder><filename>a.jpg</filename><object><name>dog</name></object></annotation>';
    const r = await registry.detect(
      memoryTree({ 'Annotations/a.xml': voc, 'b.xml': '<annotations><foo/></annotations>' }),
    );
    expect(r.matches).toEqual([]);
    expect(r.rejected.find((x) => x.id === 'cvat')?.reason).toMatch(/annotations/);
  });

  it('reads a video with the images format too, the same items', async () => {
    const tree = memoryTree({ 'annotations.xml': VIDEO_XML });
    expect((await readAll(cvat, tree)).size).toBe((await readAll(cvatVideo, tree)).size);
  });
});

describe('cvat_video media', () => {
  it('writes the frames to images/frame_NNNNNN with saveMedia, where the reader finds them', async () => {
    const item = frameItem(3, [track(0, true, false, 1)]);
    item.media = { ...item.media!, path: 'x.jpg', bytes: async () => new Uint8Array([3]) };
    const { dataset, tree } = await writeAndReadBack(cvatVideo, new Dataset(categories(), [item]), {
      saveMedia: true,
    });
    expect(await tree.read('images/frame_000003.jpg')).toEqual(new Uint8Array([3]));
    expect(await dataset.get('default', 'frame_000003')!.media!.bytes!()).toEqual(new Uint8Array([3]));
  });
});

describe('cvat in a zip', () => {
  it('detects and reads a CVAT export zip (annotations.xml and images/), deflated', async () => {
    const { buildZip, bytesAccess, zipTree } = await import('@labelport/core/files');
    const zip = buildZip(
      { 'task/annotations.xml': VIDEO_XML, 'task/images/frame_000000.png': new Uint8Array([1, 2]) },
      { compress: true },
    );
    const tree = await zipTree(bytesAccess(zip), 'export.zip');
    const found = await createRegistry(formats).resolve(tree);
    expect(found.format.id).toBe('cvat_video');
    const ds = await readAll(found.format, found.tree);
    expect(ds.size).toBe(4);
    expect(await ds.get('annotations', 'frame_000000')!.media!.bytes!()).toEqual(new Uint8Array([1, 2]));
  });
});

describe('cvat_video media with core saveMedia', () => {
  it('keeps the extension as written and counts a frame referenced without bytes, not one without media', async () => {
    const a = frameItem(3, [track(0, true, false, 1)]);
    a.media = { ...a.media!, path: 'x.JPG', bytes: async () => new Uint8Array([3]) };
    const b = frameItem(4, [track(0, true, false, 2)]);
    b.media = { ...b.media!, path: 'gone.jpg' };
    const c = frameItem(5, [track(0, true, false, 3)]);
    delete c.media;
    const { report, tree } = await writeAndReadBack(cvatVideo, new Dataset(categories(), [a, b, c]), {
      saveMedia: true,
    });
    const images = (await tree.list()).map((e) => e.path).filter((p) => p.startsWith('images/'));
    expect(images).toEqual(['images/frame_000003.JPG']);
    expect(report.dropped.media).toBe(1);
  });
});

describe('cvat XML escaping (core escapeXmlText, escapeXmlAttribute)', () => {
  it('an attribute name with a quote, a tab and a newline, and a value with & and <, read back', async () => {
    const item = frameItem(0, [{ ...track(0, true, false, 1), attributes: { 'a "b"\tc\nd': 'x & <y>' } }]);
    const { dataset, tree } = await writeAndReadBack(cvat, new Dataset(categories(), [item]));
    const xml = new TextDecoder().decode(await tree.read('default.xml'));
    expect(xml).toContain('<attribute name="a &quot;b&quot;&#9;c&#10;d">x &amp; &lt;y&gt;</attribute>');
    const back = dataset.get('default', 'frame_000000')!.annotations[0]!.attributes;
    expect(back['a "b"\tc\nd']).toBe('x & <y>');
  });
});

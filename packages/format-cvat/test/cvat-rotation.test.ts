// A CVAT rotated box (`rotation` on <box>, degrees clockwise about the box's centre, as CVAT and
// Datumaro keep it) keeps its rotation: read into attributes.rotation, written back by both writers.
import { convert, type Dataset, memorySink, memoryTree, sourceOf } from '@labelport/core';
import { readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { cvat, cvatVideo } from '../src/index.js';

const META = `<meta><task><labels><label><name>car</name><attributes></attributes></label></labels></task></meta>`;

const IMAGES = `<?xml version="1.0" encoding="utf-8"?>
<annotations><version>1.1</version>${META}
  <image id="0" name="a.jpg" width="100" height="80">
    <box label="car" occluded="0" xtl="10" ytl="20" xbr="50" ybr="40" rotation="33.5" z_order="0"/>
    <box label="car" occluded="0" xtl="1" ytl="2" xbr="3" ybr="4" rotation="0" z_order="0"/>
    <box label="car" occluded="0" xtl="5" ytl="6" xbr="7" ybr="8" rotation="359.99" z_order="0"/>
  </image>
</annotations>
`;

const VIDEO = `<?xml version="1.0" encoding="utf-8"?>
<annotations><version>1.1</version>${META}
  <track id="3" label="car">
    <box frame="0" keyframe="1" outside="0" occluded="0" xtl="10" ytl="20" xbr="50" ybr="40" rotation="45" z_order="0"/>
    <box frame="1" keyframe="1" outside="1" occluded="0" xtl="10" ytl="20" xbr="50" ybr="40" rotation="45" z_order="0"/>
  </track>
</annotations>
`;

const boxes = (ds: Dataset) =>
  ds.subset(ds.subsets()[0]!).flatMap((item) => item.annotations.filter((a) => a.type === 'bbox'));

describe('cvat rotated boxes', () => {
  it('reads rotation in degrees into attributes.rotation (none when 0)', async () => {
    const ds = await readAll(cvat, memoryTree({ 'annotations.xml': IMAGES }));
    const [a, b, c] = boxes(ds);
    expect(a).toMatchObject({ type: 'bbox', x: 10, y: 20, w: 40, h: 20, attributes: { rotation: 33.5 } });
    expect(b!.attributes).not.toHaveProperty('rotation');
    expect(c!.attributes.rotation).toBe(359.99);
    const video = await readAll(cvatVideo, memoryTree({ 'annotations.xml': VIDEO }));
    expect(boxes(video).map((x) => x.attributes.rotation)).toEqual([45, 45]);
  });

  it.each([cvat, cvatVideo])('$id writes it back as the rotation attribute of <box>', async (format) => {
    const ds = await readAll(cvat, memoryTree({ 'annotations.xml': IMAGES }));
    const { dataset, tree, report } = await writeAndReadBack(format, ds);
    expect(report.dropped).not.toHaveProperty('rotation');
    expect(boxes(dataset).map((x) => x.attributes.rotation)).toEqual([33.5, undefined, 359.99]);
    const xml = new TextDecoder().decode(await tree.read(`${ds.subsets()[0]}.xml`));
    expect(xml).toMatch(/<box [^>]*xtl="10" ytl="20" xbr="50" ybr="40" rotation="33.5"/);
    // rotation is CVAT's own attribute of the box, never an <attribute> element
    expect(xml).not.toContain('<attribute name="rotation">');
  });

  it('keeps a track box rotation through cvat_video', async () => {
    const ds = await readAll(cvatVideo, memoryTree({ 'annotations.xml': VIDEO }));
    const { dataset } = await writeAndReadBack(cvatVideo, ds);
    expect(boxes(dataset)).toMatchObject([
      { objectId: 3, attributes: { rotation: 45, keyframe: true, outside: false } },
      { objectId: 3, attributes: { rotation: 45, keyframe: true, outside: true } },
    ]);
  });
});

describe('cvat keeps rotated boxes through convert()', () => {
  it('declares rotation, so convert() hands it the box, not a polygon', async () => {
    const source = sourceOf({ labels: [{ name: 'car' }] }, [
      {
        id: 'a',
        subset: 'default',
        media: { kind: 'image', path: 'a.jpg', width: 100, height: 100 },
        annotations: [{ type: 'bbox', label: 0, x: 10, y: 10, w: 20, h: 10, attributes: { rotation: 45 } }],
        attributes: {},
      },
    ]);
    const report = await convert(source, cvat, memorySink());
    expect(report.converted).toEqual({});
  });
});

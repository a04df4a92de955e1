import {
  type Annotation,
  bitmapMask,
  Dataset,
  type DatasetItem,
  loadMask,
  memoryTree,
  rleMask,
} from '@labelport/core';
import { describeFormat, expectSameDataset, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { cvat } from '../src/index.js';
import { categories, chunkedTree, IMAGES_XML, VIDEO_XML, withImage } from './samples.js';

const maskPixels = async (a: Annotation | undefined) => {
  if (a?.type !== 'mask') throw new Error('not a mask');
  const m = await loadMask(a.mask);
  const on: [number, number][] = [];
  for (let y = 0; y < m.height; y++)
    for (let x = 0; x < m.width; x++) if (m.data[y * m.width + x]) on.push([x, y]);
  return { width: m.width, height: m.height, on };
};

function imageDataset(): Dataset {
  const mask = new Uint8Array(6 * 5);
  mask[1 * 6 + 2] = 1;
  mask[2 * 6 + 2] = 1;
  mask[2 * 6 + 3] = 1;
  const items: DatasetItem[] = [
    {
      id: 'a',
      subset: 'train',
      media: { kind: 'image', path: 'a.jpg', width: 6, height: 5 },
      attributes: { frame: 0 },
      annotations: [
        {
          type: 'bbox',
          x: 1.123456,
          y: 1,
          w: 2.5,
          h: 2.25,
          label: 0,
          group: 3,
          zOrder: 2,
          attributes: {
            occluded: true,
            parked: false,
            speed: 12.5,
            model: 'x "1" <y>',
            rotation: 15,
            source: 'auto',
          },
        },
        { type: 'ellipse', x1: 1, y1: 1, x2: 5, y2: 3, label: 1, attributes: { occluded: false } },
        { type: 'polygon', points: [0, 0, 4, 0, 4, 4], label: 0, group: 3, attributes: { occluded: false } },
        { type: 'polyline', points: [1, 1, 2, 2.5], label: 1, attributes: { occluded: false } },
        {
          type: 'points',
          points: [1, 2, 3, 4],
          visibility: [2, 2],
          label: 1,
          attributes: { occluded: false },
        },
        {
          type: 'mask',
          mask: bitmapMask({ width: 6, height: 5, data: mask }),
          label: 0,
          attributes: { occluded: false },
        },
        { type: 'label', label: 6, attributes: {} },
      ],
    },
    {
      id: 'b',
      subset: 'train',
      media: { kind: 'image', path: 'b.png', width: 10, height: 8 },
      attributes: { frame: 1 },
      annotations: [
        {
          type: 'cuboid2d',
          points: [1, 2, 1, 5, 4, 2, 4, 5, 2, 1, 2, 4, 5, 1, 5, 4],
          label: 0,
          attributes: { occluded: false },
        },
        {
          type: 'skeleton',
          label: 2,
          zOrder: 1,
          attributes: {},
          elements: [
            { type: 'points', points: [1, 1], visibility: [2], label: 3, attributes: {} },
            { type: 'points', points: [2, 2], visibility: [1], label: 4, attributes: {} },
            { type: 'points', points: [3, 3], visibility: [0], label: 5, attributes: {} },
          ],
        },
      ],
    },
    {
      id: 'c',
      subset: 'val',
      media: { kind: 'image', path: 'c.jpg', width: 3, height: 3 },
      attributes: { frame: 0 },
      annotations: [],
    },
  ];
  return new Dataset(categories(), items);
}

describeFormat(cvat, {
  fixtures: [
    {
      name: 'every shape on images',
      tree: memoryTree({ 'annotations.xml': IMAGES_XML }),
      expect: {
        // From IMAGES_XML: image 0 holds box, ellipse, polygon, polyline, points, mask and a tag;
        // image 5 a cuboid, a skeleton and a box. The subset is the file's name, as in Datumaro.
        items: 2,
        subsets: { annotations: 2 },
        annotations: {
          bbox: 2,
          ellipse: 1,
          polygon: 1,
          polyline: 1,
          points: 1,
          mask: 1,
          label: 1,
          cuboid2d: 1,
          skeleton: 1,
        },
        labels: ['car', 'person', 's1', 'head', 'body', 'tail', 'good'],
      },
      async check(ds) {
        const a = ds.get('annotations', 'a')!;
        expect(a.media).toMatchObject({ kind: 'image', path: 'images/a.jpg', width: 6, height: 5 });
        expect(a.attributes).toEqual({ frame: 0 });
        const box = a.annotations[0]!;
        expect(box).toMatchObject({
          type: 'bbox',
          x: 1.5,
          y: 1,
          w: 2.5,
          h: 2.25,
          label: 0,
          group: 7,
          zOrder: 2,
        });
        // Typed by <meta>: checkbox -> boolean, number -> number, text and select -> string.
        expect(box.attributes).toEqual({
          occluded: true,
          source: 'manual',
          rotation: 30,
          parked: true,
          speed: 42.5,
          model: '0042',
          kind: '2',
        });
        expect(a.annotations[1]).toMatchObject({
          type: 'ellipse',
          x1: 1,
          y1: 1,
          x2: 5,
          y2: 3,
          attributes: { rotation: 10 },
        });
        expect(a.annotations[4]).toMatchObject({
          type: 'points',
          points: [1, 2, 3, 4, 5, 6],
          visibility: [2, 2, 2],
        });
        // rle "1, 2, 1, 2" over the 3x2 box at (1, 1): row-major runs starting with zeros.
        expect(await maskPixels(a.annotations[5])).toEqual({
          width: 6,
          height: 5,
          on: [
            [2, 1],
            [3, 1],
            [2, 2],
            [3, 2],
          ],
        });
        expect(a.annotations[6]).toEqual({ type: 'label', label: 6, attributes: { source: 'manual' } });
        const b = ds.get('annotations', 'sub/b')!;
        expect(b.attributes).toEqual({ frame: 5 });
        expect(b.annotations[0]).toMatchObject({
          type: 'cuboid2d',
          points: [1, 2, 1, 5, 4, 2, 4, 5, 2, 1, 2, 4, 5, 1, 5, 4],
        });
        const sk = b.annotations[1]!;
        expect(sk.type).toBe('skeleton');
        if (sk.type === 'skeleton') {
          expect(sk.elements.map((e) => [e.label, e.points, e.visibility])).toEqual([
            [3, [1, 1], [2]],
            [4, [2, 2], [1]],
            [5, [3, 3], [0]],
          ]);
        }
        expect(ds.categories.skeletons?.get(2)).toEqual({
          points: ['head', 'body', 'tail'],
          edges: [
            [0, 1],
            [1, 2],
          ],
        });
        expect(ds.categories.colors?.get(0)).toEqual([255, 0, 0]);
      },
    },
    {
      name: 'a video task (read as images)',
      tree: memoryTree({ 'task/annotations.xml': VIDEO_XML }),
      // 3 + 1 + 1 track shapes on frames 0, 2, 4, 6.
      expect: { items: 4, annotations: { bbox: 3, skeleton: 1, mask: 1 } },
    },
  ],
  roundTrips: [
    { name: 'every shape, attributes typed, two subsets', source: imageDataset },
    {
      name: 'a mask given as RLE',
      source: () =>
        new Dataset({ labels: [{ name: 'x' }] }, [
          {
            id: 'm',
            subset: 'default',
            media: { kind: 'image', width: 3, height: 2 },
            attributes: { frame: 0 },
            annotations: [
              {
                type: 'mask',
                mask: rleMask({ size: [2, 3], counts: [1, 3, 2] }),
                label: 0,
                attributes: { occluded: false },
              },
            ],
          },
        ]),
      compare: { ignoreMedia: true },
    },
  ],
  badInputs: [
    {
      name: 'an unclosed tag',
      tree: memoryTree({ 'a.xml': withImage('    <box label="car" xtl="0" ytl="0" xbr="1" ybr="1">') }),
      code: 'bad-xml',
      message: /a\.xml: line \d+, column \d+: invalid XML/,
    },
    {
      name: 'a file cut short',
      tree: memoryTree({ 'a.xml': withImage('').slice(0, -20) }),
      code: 'bad-xml',
      message: /a\.xml: line \d+/,
    },
    {
      name: 'an odd number of coordinates',
      tree: memoryTree({ 'a.xml': withImage('    <polygon label="car" points="1,2;3,4;5"/>') }),
      code: 'bad-field',
      message: /a\.xml: line 5 <polygon>: .*odd number of coordinates/,
    },
    {
      name: 'a label not in <meta>',
      tree: memoryTree({ 'a.xml': withImage('    <box label="truck" xtl="0" ytl="0" xbr="1" ybr="1"/>') }),
      code: 'bad-field',
      message: /a\.xml: line 5 <box>: label 'truck' is not declared in <meta>/,
    },
    {
      name: 'a coordinate that is not a number',
      tree: memoryTree({ 'a.xml': withImage('    <box label="car" xtl="zero" ytl="0" xbr="1" ybr="1"/>') }),
      message: /line 5 <box>: 'xtl' is not a number/,
    },
    {
      name: 'a mask whose runs do not fill its box',
      tree: memoryTree({
        'a.xml': withImage('    <mask label="car" rle="1, 2" left="0" top="0" width="2" height="2"/>'),
      }),
      message: /line 5 <mask>: the mask's runs cover 3 pixels/,
    },
    {
      name: 'no <meta>',
      tree: memoryTree({ 'a.xml': '<annotations><image id="0" name="a.jpg"/></annotations>' }),
      message: /a\.xml: .*no <meta>/,
    },
  ],
});

describe('cvat reading', () => {
  it('skips bad shapes with lenient, saying why', async () => {
    const warnings: string[] = [];
    const xml = withImage(
      '    <polygon label="car" points="1,2;3"/>\n    <box label="car" xtl="0" ytl="0" xbr="1" ybr="1"/>',
    );
    const src = await cvat.read!(memoryTree({ 'a.xml': xml }), {
      lenient: true,
      onWarning: (w) => warnings.push(w),
    });
    const ds = await Dataset.from(src);
    expect(ds.get('a', 'a')!.annotations.map((a) => a.type)).toEqual(['bbox']);
    expect(warnings).toEqual([expect.stringMatching(/line 5 <polygon>/)]);
  });

  it('finds images in images/ and images/<subset>/ and gives them bytes', async () => {
    const tree = memoryTree({
      'annotations.xml': IMAGES_XML,
      'images/a.jpg': new Uint8Array([1, 2, 3]),
    });
    const ds = await Dataset.from(await cvat.read!(tree));
    const a = ds.get('annotations', 'a')!;
    expect(await a.media!.bytes!()).toEqual(new Uint8Array([1, 2, 3]));
    expect(ds.get('annotations', 'sub/b')!.media!.bytes).toBeUndefined();
  });

  it('writes the XML that Datumaro and CVAT expect', async () => {
    const { tree } = await writeAndReadBack(cvat, imageDataset());
    const text = new TextDecoder().decode(await tree.read('train.xml'));
    expect(text).toContain('<image id="0" name="a.jpg" width="6" height="5">');
    expect(text).toContain(
      '<box label="car" source="auto" occluded="1" xtl="1.123456" ytl="1" xbr="3.623456" ybr="3.25" rotation="15" z_order="2" group_id="3">',
    );
    expect(text).toContain('<attribute name="model">x "1" &lt;y&gt;</attribute>');
    expect(text).toContain('<input_type>checkbox</input_type>');
    expect(text).toContain(
      '<mask label="car" occluded="0" rle="0, 1, 1, 2" left="2" top="1" width="2" height="2" z_order="0" />',
    );
    expect(text).toContain('<tag label="good" />');
    expect(await tree.exists('val.xml')).toBe(true);
  });

  it('reports what CVAT for images cannot keep: track ids, outside shapes, unlabelled shapes', async () => {
    const src = new Dataset({ labels: [{ name: 'x' }] }, [
      {
        id: 'f',
        subset: 'default',
        attributes: { frame: 3 },
        annotations: [
          {
            type: 'bbox',
            x: 0,
            y: 0,
            w: 1,
            h: 1,
            label: 0,
            objectId: 4,
            attributes: { occluded: false, keyframe: true, outside: false },
          },
          {
            type: 'bbox',
            x: 0,
            y: 0,
            w: 1,
            h: 1,
            label: 0,
            objectId: 5,
            attributes: { occluded: false, keyframe: true, outside: true },
          },
          { type: 'polygon', points: [0, 0, 1, 0, 1, 1], attributes: {} },
          { type: 'caption', caption: 'hi', attributes: {} },
        ],
      },
    ]);
    const { dataset, report } = await writeAndReadBack(cvat, src);
    expect(report.dropped).toEqual({ objectId: 2, bbox: 1, polygon: 1, caption: 1, attribute: 4 });
    expect(dataset.get('default', 'f')!.annotations).toEqual([
      { type: 'bbox', x: 0, y: 0, w: 1, h: 1, label: 0, attributes: { occluded: false } },
    ]);
  });

  it('numbers images in order when frames are missing or repeated', async () => {
    const src = new Dataset({ labels: [] }, [
      { id: 'p', subset: 'default', attributes: { frame: 2 }, annotations: [] },
      { id: 'q', subset: 'default', attributes: { frame: 2 }, annotations: [] },
    ]);
    const { dataset } = await writeAndReadBack(cvat, src);
    expect([...dataset].map((i) => [i.id, i.attributes.frame])).toEqual([
      ['p', 0],
      ['q', 1],
    ]);
  });

  it('reads the same from a file that is fed in odd-sized chunks', async () => {
    const bytes = new TextEncoder().encode(IMAGES_XML);
    const base = memoryTree({ 'annotations.xml': bytes });
    await expectSameDataset(
      await cvat.read!(chunkedTree('annotations.xml', bytes, 7)),
      await cvat.read!(base),
    );
  });
});

describe('cvat image lookup', () => {
  it('finds an image named without its extension (CVAT names video frames so)', async () => {
    const xml = withImage('').replace('name="a.jpg"', 'name="frame_000000"');
    const tree = memoryTree({ 'x/annotations.xml': xml, 'x/images/frame_000000.png': new Uint8Array([7]) });
    const ds = await Dataset.from(await cvat.read!(tree));
    const item = ds.get('annotations', 'frame_000000')!;
    expect(item.media?.path).toBe('x/images/frame_000000.png');
    expect(await item.media!.bytes!()).toEqual(new Uint8Array([7]));
  });
});

describe('cvat attribute types', () => {
  it("reads 'true'/'false' of a text attribute as booleans, as Datumaro does (it declares all it writes as text)", async () => {
    const xml = `<annotations><version>1.1</version><meta><task><labels><label><name>car</name><attributes>
      <attribute><name>flag</name><input_type>text</input_type></attribute>
      <attribute><name>n</name><input_type>text</input_type></attribute></attributes></label></labels></task></meta>
      <image id="0" name="a.jpg"><tag label="car"><attribute name="flag">true</attribute><attribute name="n">12</attribute></tag></image></annotations>`;
    const ds = await Dataset.from(await cvat.read!(memoryTree({ 'a.xml': xml })));
    expect(ds.get('a', 'a')!.annotations[0]!.attributes).toEqual({ flag: true, n: '12' });
  });
});

describe('cvat text', () => {
  it('reads UTF-8 cut anywhere between chunks', async () => {
    const xml = withImage(
      '    <tag label="café 🚗"><attribute name="note">über 😀 ünïcode</attribute></tag>',
    ).replace('<label><name>car</name></label>', '<label><name>café 🚗</name></label>');
    const bytes = new TextEncoder().encode(xml);
    for (const step of [1, 2, 3, 5]) {
      const ds = await Dataset.from(await cvat.read!(chunkedTree('a.xml', bytes, step)));
      expect(ds.categories.labels[0]!.name).toBe('café 🚗');
      expect(ds.get('a', 'a')!.annotations[0]!.attributes).toEqual({ note: 'über 😀 ünïcode' });
    }
  });
  it('declares an undeclared non-ASCII <tag> label read from bytes cut anywhere between chunks', async () => {
    const xml = withImage('    <tag label="ünï &amp; 🚗"/>');
    const bytes = new TextEncoder().encode(xml);
    for (const step of [1, 2, 3, 5, 64]) {
      const ds = await Dataset.from(await cvat.read!(chunkedTree('a.xml', bytes, step)));
      expect(ds.categories.labels.map((l) => l.name)).toEqual(['car', 'ünï & 🚗']);
      expect(ds.get('a', 'a')!.annotations[0]).toMatchObject({ type: 'label', label: 1 });
    }
  });
});

describe('cvat project exports', () => {
  it("takes an image's subset from its task when it names no subset", async () => {
    const xml = `<annotations><version>1.1</version><meta><project><tasks>
      <task><id>7</id><subset>Train</subset></task><task><id>8</id><subset>Test</subset></task></tasks>
      <labels><label><name>car</name></label></labels></project></meta>
      <image id="0" name="a.jpg" task_id="7"/><image id="1" name="b.jpg" task_id="8"/><image id="2" name="c.jpg" subset="Val" task_id="8"/>
      </annotations>`;
    const ds = await Dataset.from(await cvat.read!(memoryTree({ 'annotations.xml': xml })));
    expect([...ds].map((i) => [i.subset, i.id])).toEqual([
      ['Train', 'a'],
      ['Test', 'b'],
      ['Val', 'c'],
    ]);
  });
});

describe('cvat points', () => {
  it('reports point visibility that CVAT cannot keep', async () => {
    const ds = new Dataset({ labels: [{ name: 'k' }] }, [
      {
        id: 'a',
        subset: 'default',
        attributes: { frame: 0 },
        annotations: [
          {
            type: 'points',
            points: [1, 1, 2, 2],
            visibility: [2, 1],
            label: 0,
            attributes: { occluded: false },
          },
        ],
      },
    ]);
    const { report } = await writeAndReadBack(cvat, ds);
    expect(report.dropped).toEqual({ 'point visibility': 1 });
    expect(report.warnings).toContainEqual(expect.stringMatching(/CVAT points have no per-point visibility/));
  });
});

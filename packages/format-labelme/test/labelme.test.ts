import { bitmapMask, Dataset, type DatasetItem, loadMask, memoryTree } from '@labelport/core';
import { maskBbox } from '@labelport/core/geometry';
import { encodePng } from '@labelport/core/png';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { labelme } from '../src/index.js';
import { formatAttributeText, parseAttributeText } from '../src/lib/labelme-attributes.js';

/** An RGBA mask image 8x6 with the 3x2 block at (2, 1) set. */
function maskPng(): Uint8Array {
  const rgba = new Uint8Array(8 * 6 * 4);
  for (let y = 1; y < 3; y++) for (let x = 2; x < 5; x++) rgba.set([255, 203, 0, 153], (y * 8 + x) * 4);
  return encodePng({ width: 8, height: 6, colorType: 'rgba', data: rgba });
}

const pt = (x: number, y: number) => `<pt><x>${x}</x><y>${y}</y></pt>`;
const obj = (id: number, body: string, extra = '') =>
  `<object><name>${['car', 'wheel', 'door', 'sky', 'gone'][id] ?? 'x'}</name><deleted>${id === 4 ? 1 : 0}</deleted><verified>0</verified>${extra}<id>${id}</id>${body}</object>`;

// 5 objects: a polygon with 2 parts (a box drawn as a box, and a 2-point polygon = a box), a mask
// and a deleted polygon.
const XML = `<?xml version="1.0"?>
<annotation><filename>img.jpg</filename><folder>s</folder>
<imagesize><nrows>6</nrows><ncols>8</ncols></imagesize>
${obj(0, `<polygon><username>ann</username>${pt(0, 0)}${pt(4, 0)}${pt(4, 4)}</polygon>`, '<occluded>yes</occluded><attributes>speed=12, color="12", note=a\\, b, parked</attributes><parts><hasparts>1,2</hasparts><ispartof></ispartof></parts>')}
${obj(1, `<type>bounding_box</type><polygon><username>ann</username>${pt(1, 1)}${pt(3, 1)}${pt(3, 2)}${pt(1, 2)}</polygon>`, '<parts><hasparts></hasparts><ispartof>0</ispartof></parts>')}
${obj(2, `<polygon><username></username>${pt(5, 5)}${pt(2, 3)}</polygon>`, '<parts><hasparts></hasparts><ispartof>0</ispartof></parts>')}
${obj(3, '<segm><username>bob</username><box><xmin>2</xmin><ymin>1</ymin><xmax>4</xmax><ymax>2</ymax></box><mask>img_mask_3.png</mask></segm>')}
${obj(4, `<polygon><username>x</username>${pt(0, 0)}${pt(1, 0)}${pt(1, 1)}</polygon>`)}
</annotation>
`;

const datasetTree = () =>
  memoryTree({
    'Annotations/s/img.xml': XML,
    'Images/s/img.jpg': new Uint8Array([1]),
    'Masks/s/img_mask_3.png': maskPng(),
  });

function source(): Dataset {
  const mask = new Uint8Array(8 * 6);
  mask[1 * 8 + 2] = 1;
  mask[2 * 8 + 3] = 1;
  const items: DatasetItem[] = [
    {
      id: 'dir/a',
      subset: 'train',
      media: { kind: 'image', path: 'a.png', width: 8, height: 6 },
      attributes: {},
      annotations: [
        {
          type: 'polygon',
          points: [0, 0, 4.5, 0, 4, 4],
          label: 0,
          group: 5,
          attributes: { occluded: true, username: 'u', n: 3, s: '3', t: 'x=y, "z"', f: false },
        },
        {
          type: 'bbox',
          x: 1,
          y: 1,
          w: 2.25,
          h: 1,
          label: 1,
          group: 5,
          attributes: { occluded: false, username: '' },
        },
        {
          type: 'mask',
          mask: bitmapMask({ width: 8, height: 6, data: mask }),
          label: 0,
          attributes: { occluded: false, username: 'm' },
        },
      ],
    },
    {
      id: 'b',
      subset: 'default',
      media: { kind: 'image', path: 'b.jpg', width: 2, height: 2 },
      attributes: {},
      annotations: [],
    },
  ];
  return new Dataset({ labels: [{ name: 'car' }, { name: 'wheel' }] }, items);
}

describeFormat(labelme, {
  fixtures: [
    {
      name: 'polygons, boxes, a mask, parts and a deleted object',
      tree: datasetTree,
      expect: {
        // 5 objects, the deleted one left out: a polygon, two boxes (type bounding_box; 2 points), a mask.
        items: 1,
        subsets: { s: 1 },
        annotations: { polygon: 1, bbox: 2, mask: 1 },
        labels: ['car', 'wheel', 'door', 'sky'],
      },
      async check(ds) {
        const item = ds.get('s', 'img')!;
        expect(item.media).toMatchObject({ path: 'Images/s/img.jpg', width: 8, height: 6 });
        const [poly, box, box2, mask] = item.annotations;
        expect(poly).toEqual({
          type: 'polygon',
          points: [0, 0, 4, 0, 4, 4],
          id: 0,
          label: 0,
          group: 1,
          attributes: { speed: 12, color: '12', note: 'a, b', parked: true, occluded: true, username: 'ann' },
        });
        expect(box).toMatchObject({
          type: 'bbox',
          x: 1,
          y: 1,
          w: 2,
          h: 1,
          group: 1,
          attributes: { occluded: false, username: 'ann' },
        });
        expect(box2).toMatchObject({ type: 'bbox', x: 2, y: 3, w: 3, h: 2, group: 1 });
        expect(mask).toMatchObject({ type: 'mask', id: 3, label: 3, attributes: { username: 'bob' } });
        if (mask?.type === 'mask') expect(maskBbox(await loadMask(mask.mask))).toEqual([2, 1, 3, 2]);
      },
    },
    {
      name: 'CVAT’s LabelMe export: XML and image side by side',
      tree: memoryTree({
        'img1.xml': XML.replace('<folder>s</folder>', '<folder></folder>'),
        'img.jpg': new Uint8Array([1]),
        'Masks/img_mask_3.png': maskPng(),
      }),
      expect: { items: 1, subsets: { default: 1 }, annotations: { polygon: 1, bbox: 2, mask: 1 } },
      check(ds) {
        expect(ds.get('default', 'img')!.media?.path).toBe('img.jpg');
      },
    },
  ],
  roundTrips: [
    {
      name: 'boxes, polygons, masks with typed attributes (ids and group numbers are the file’s own)',
      source,
      compare: { ignoreIds: true, ignoreGroups: true },
    },
  ],
  badInputs: [
    {
      name: 'broken XML',
      tree: memoryTree({ 'a.xml': '<annotation>\n<object><name>x</name>\n</annotation>' }),
      code: 'bad-xml',
      message: /a\.xml: line \d+/,
    },
    {
      name: 'a point that is not a number',
      tree: memoryTree({
        'a.xml': `<annotation><filename>a.jpg</filename>\n${obj(0, `<polygon>${pt(0, 0)}<pt><x>q</x><y>1</y></pt>${pt(1, 1)}</polygon>`)}</annotation>`,
      }),
      message: /a\.xml: object 0 \(line 2\): <pt> 1 needs numbers/,
    },
    {
      name: 'a mask file that is not there',
      tree: memoryTree({
        'a.xml': `<annotation><filename>a.jpg</filename><folder>f</folder>${obj(0, '<segm><mask>nope.png</mask></segm>')}</annotation>`,
      }),
      message: /a\.xml: object 0 \(line 1\): the mask file 'Masks\/f\/nope\.png' does not exist/,
    },
    {
      name: 'a polygon of one point',
      tree: memoryTree({
        'a.xml': `<annotation><filename>a.jpg</filename>${obj(0, `<polygon>${pt(0, 0)}</polygon>`)}</annotation>`,
      }),
      message: /needs at least 2 points|at least 3 points/,
    },
  ],
});

describe('labelme', () => {
  it('keeps the part structure: the group’s first object holds the others', async () => {
    const { dataset, tree } = await writeAndReadBack(labelme, source());
    const xml = new TextDecoder().decode(await tree.read('Annotations/train/dir/a.xml'));
    expect(xml).toContain('<hasparts>1</hasparts>');
    expect(xml).toContain('<ispartof>0</ispartof>');
    expect(await tree.exists('Masks/train/dir/a_mask_2.png')).toBe(true);
    const anns = dataset.get('train', 'dir/a')!.annotations;
    expect(anns.map((a) => a.group)).toEqual([1, 1, undefined]);
  });

  it('reads attribute text as Datumaro does and writes it back the same', () => {
    const attrs = parseAttributeText('a=1, b=2.5, c="7", d=true, e, f=x\\=y, g=1e5');
    expect(attrs).toEqual({ a: 1, b: 2.5, c: '7', d: true, e: true, f: 'x=y', g: '1e5' });
    expect(parseAttributeText(formatAttributeText(attrs, new Set()))).toEqual(attrs);
  });

  it('reports what LabelMe cannot hold', async () => {
    const ds = new Dataset({ labels: [{ name: 'x' }] }, [
      {
        id: 'a',
        subset: 'default',
        attributes: { frame: 1 },
        annotations: [
          { type: 'points', points: [1, 1], visibility: [2], label: 0, attributes: {} },
          { type: 'bbox', x: 0, y: 0, w: 1, h: 1, label: 0, objectId: 3, attributes: {} },
        ],
      },
    ]);
    const { report } = await writeAndReadBack(labelme, ds);
    expect(report.dropped).toEqual({ points: 1, objectId: 1, 'item attribute': 1 });
  });

  it('is not taken for Pascal VOC', async () => {
    const voc =
      '<annotation><filename>a.jpg</filename><object><name>dog</name><bndbox><xmin>1</xmin></bndbox></object></annotation>';
    const { createRegistry } = await import('@labelport/core');
    const r = await createRegistry([labelme]).detect(memoryTree({ 'Annotations/a.xml': voc }));
    expect(r.matches).toEqual([]);
  });

  it('skips a bad object with lenient, saying why', async () => {
    const warnings: string[] = [];
    const xml = `<annotation><filename>a.jpg</filename>${obj(0, `<polygon>${pt(0, 0)}</polygon>`)}${obj(1, `<polygon>${pt(0, 0)}${pt(1, 0)}${pt(1, 1)}</polygon>`)}</annotation>`;
    const ds = await readAll(labelme, memoryTree({ 'a.xml': xml }), {
      lenient: true,
      onWarning: (w: string) => warnings.push(w),
    });
    expect([...ds][0]!.annotations.map((a) => a.type)).toEqual(['polygon']);
    expect(warnings).toHaveLength(1);
  });
});

describe('labelme extras', () => {
  it('takes the labels and their order from dataset_meta.json, and sizes from image headers', async () => {
    const xml = `<annotation><filename>p.png</filename><folder></folder>${obj(0, `<polygon>${pt(0, 0)}${pt(2, 0)}${pt(2, 1)}</polygon>`)}</annotation>`;
    const tree = memoryTree({
      'dataset_meta.json': JSON.stringify({ label_map: { '1': 'zebra', '0': 'car' } }),
      'p.xml': xml,
      'p.png': encodePng({ width: 3, height: 2, colorType: 'gray', data: [0, 0, 0, 0, 0, 0] }),
    });
    const ds = await readAll(labelme, tree);
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['car', 'zebra']);
    expect(ds.get('default', 'p')!.media).toMatchObject({ path: 'p.png', width: 3, height: 2 });
  });
});

describe('labelme folders', () => {
  it('keeps the folders below Annotations/<folder>/ in the item id, and finds the image below Images/<folder>/', async () => {
    const xml = `<annotation><filename>a.jpg</filename><folder>f</folder>${obj(0, `<polygon>${pt(0, 0)}${pt(2, 0)}${pt(2, 1)}</polygon>`)}</annotation>`;
    const tree = memoryTree({ 'Annotations/f/x/y/a.xml': xml, 'Images/f/x/y/a.jpg': new Uint8Array([5]) });
    const ds = await readAll(labelme, tree);
    const item = ds.get('f', 'x/y/a')!;
    expect(item.media?.path).toBe('Images/f/x/y/a.jpg');
    expect(await item.media!.bytes!()).toEqual(new Uint8Array([5]));
  });
});

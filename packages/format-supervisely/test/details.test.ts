import { type Annotation, bitmapMask, Dataset, loadMask, type MaskSource, memoryTree } from '@labelport/core';
import { decodeBase64 } from '@labelport/core/files';
import { decodePng } from '@labelport/core/png';
import { readAll, writeAndReadBack } from '@labelport/core/testing';
import { unzlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeBitmapData, encodeBitmapData } from '../src/lib/bitmap.js';
import { supervisely } from '../src/supervisely.js';
import { ANN_0748, dumps, HOOK, META, projectFiles, projectTree, RING } from './fixtures.js';
import { categories, roundTripSource, smallMask } from './sources.js';

const LIMITS = {
  maxPixels: 2 ** 28,
  maxDepth: 512,
  maxTextBytes: 2 ** 29,
  maxZipInflated: 2 ** 32,
  maxZipRatio: 250,
};
const where = { file: 'a.json', place: 'objects[0].bitmap.data' };
const text = async (tree: { read(p: string): Promise<Uint8Array> }, path: string) =>
  new TextDecoder().decode(await tree.read(path));
const maskOf = (a: Annotation): MaskSource => (a as Extract<Annotation, { type: 'mask' }>).mask;
const rows = (m: { width: number; height: number; data: Uint8Array }) =>
  Array.from({ length: m.height }, (_, y) => [...m.data.subarray(y * m.width, (y + 1) * m.width)].join(''));

describe('bitmaps as Supervisely encodes them', () => {
  it("decodes the documentation's examples (the SDK's data_2_base64 output)", () => {
    expect(rows(decodeBitmapData(RING, where, LIMITS))).toEqual(['111', '101', '111']);
    expect(rows(decodeBitmapData(HOOK, where, LIMITS))).toEqual(['111', '100', '111']);
  });

  it('writes a palette PNG whose entry 0 is transparent, zlib-compressed, that decodes to the mask', () => {
    const mask = { width: 3, height: 2, data: Uint8Array.of(1, 0, 1, 0, 1, 1) };
    const data = encodeBitmapData(mask);
    const png = decodePng(unzlibSync(decodeBase64(data)!));
    expect(png).toMatchObject({
      colorType: 'palette',
      transparency: [0],
      palette: [
        [0, 0, 0],
        [255, 255, 255],
      ],
    });
    expect(rows(decodeBitmapData(data, where, LIMITS))).toEqual(['101', '011']);
  });

  it('reads a mask at its origin on the image, cutting off what lies outside it (with a warning)', async () => {
    const object = { classTitle: 'kiwi', tags: [], bitmap: { data: RING, origin: [78, 0] } };
    const warnings: string[] = [];
    const tree = memoryTree({
      ...projectFiles(),
      'ds1/ann/IMG_0748.jpeg.json': dumps({ ...ANN_0748, objects: [object] }),
    });
    const ds = await readAll(supervisely, tree, { onWarning: (w: string) => warnings.push(w) });
    const ann = ds.get('ds1', 'IMG_0748')!.annotations.find((a) => a.type === 'mask')!;
    const mask = await loadMask(maskOf(ann));
    expect([mask.width, mask.height]).toEqual([80, 60]);
    expect(
      rows(mask)
        .slice(0, 3)
        .map((r) => r.slice(78)),
    ).toEqual(['11', '10', '11']);
    expect(warnings).toContain('3 pixel(s) of bitmaps outside their images were cut off');
  });
});

describe('supervisely reading', () => {
  it('orders graph nodes by key (the file order of keys does not count) and names them by label', async () => {
    const ds = await readAll(supervisely, projectTree());
    expect(ds.categories.skeletons?.get(5)).toEqual({
      points: ['right hand', 'head', 'left hand'],
      edges: [
        [1, 2],
        [1, 0],
      ],
    });
    const sk = ds.get('ds1', 'IMG_0748')!.annotations.find((a) => a.type === 'skeleton')!;
    expect(sk).toMatchObject({
      elements: [
        { points: [70, 20], visibility: [1] },
        { points: [60, 5], visibility: [2] },
        { visibility: [0] },
      ],
    });
  });

  it('reads a polygon with holes as a mask, or (holes=exterior) as its outline, saying so', async () => {
    const warnings: string[] = [];
    const onWarning = (w: string) => warnings.push(w);
    const masked = await readAll(supervisely, projectTree(), { onWarning });
    const [m] = masked.get('ds1', 'IMG_1836')!.annotations;
    expect(m!.type).toBe('mask');
    expect((await loadMask(maskOf(m!))).data.reduce((s, v) => s + v, 0)).toBe(36 * 36 - 20 * 20);
    const outline = await readAll(supervisely, projectTree(), { holes: 'exterior', onWarning });
    expect(outline.get('ds1', 'IMG_1836')!.annotations[0]).toMatchObject({
      type: 'polygon',
      points: [2, 2, 38, 2, 38, 38, 2, 38],
    });
    expect(warnings).toContain(
      "1 polygon(s) with holes were read as masks (labelport's polygons have no holes)",
    );
    expect(warnings).toContain(
      '1 hole(s) of polygons were not read: the outlines are kept (read option holes=exterior)',
    );
  });

  it('skips, with a warning, geometries labelport has no shape for, and a bad object under a forgiving policy', async () => {
    const warnings: string[] = [];
    const objects = [
      { classTitle: 'box3d', tags: [], faces: [[0, 1, 2, 3]], points: [[0, 0]] },
      { classTitle: 'car', tags: [], points: { exterior: [[0, 0]], interior: [] } },
      {
        classTitle: 'car',
        tags: [],
        points: {
          exterior: [
            [0, 0],
            [2, 3],
          ],
          interior: [],
        },
      },
    ];
    const meta = {
      ...META,
      classes: [
        ...META.classes,
        { title: 'box3d', shape: 'cuboid_2d', color: '#000000', geometry_config: {} },
      ],
    };
    const tree = memoryTree({
      ...projectFiles(),
      'meta.json': dumps(meta),
      'ds1/ann/IMG_0748.jpeg.json': dumps({ ...ANN_0748, objects }),
    });
    const ds = await readAll(supervisely, tree, {
      lenient: true,
      onWarning: (w: string) => warnings.push(w),
    });
    expect(ds.get('ds1', 'IMG_0748')!.annotations.filter((a) => a.type === 'bbox')).toHaveLength(1);
    expect(warnings.join('\n')).toMatch(
      /objects\[1\]\.points\.exterior: expected at least 2 point\(s\), got 1/,
    );
    expect(warnings).toContain(
      "1 object(s) of geometry 'cuboid_2d' were not read: labelport has no such shape",
    );
  });

  it('reads the caption tag as a caption, named label groups as numbers, a multipolygon as polygons of one group', async () => {
    const objects = [
      {
        classTitle: 'car',
        tags: [{ name: '@label-group-id', value: 'front' }],
        points: {
          exterior: [
            [0, 0],
            [1, 1],
          ],
          interior: [],
        },
      },
      {
        classTitle: 'car',
        tags: [{ name: '@label-group-id', value: '0' }],
        points: {
          exterior: [
            [0, 0],
            [1, 1],
          ],
          interior: [],
        },
      },
      {
        classTitle: 'zone',
        tags: [],
        geometryType: 'multipolygon',
        parts: [
          {
            exterior: [
              [0, 0],
              [4, 0],
              [4, 4],
            ],
            interior: [],
          },
          {
            exterior: [
              [5, 5],
              [9, 5],
              [9, 9],
            ],
            interior: [],
          },
        ],
      },
    ];
    const meta = {
      ...META,
      classes: [...META.classes, { title: 'zone', shape: 'any', color: '#000000', geometry_config: {} }],
      tags: [...META.tags, { name: 'caption', value_type: 'any_string', color: '#000000' }],
    };
    const tags = [{ name: 'caption', value: 'a car' }];
    const tree = memoryTree({
      ...projectFiles(),
      'meta.json': dumps(meta),
      'ds1/ann/IMG_0748.jpeg.json': dumps({ ...ANN_0748, tags, objects }),
    });
    const anns = (await readAll(supervisely, tree)).get('ds1', 'IMG_0748')!.annotations;
    expect(anns[0]).toEqual({ type: 'caption', caption: 'a car', attributes: {} });
    expect(anns.slice(1).map((a) => a.group)).toEqual([1, 0, 2, 2]);
  });

  it('is not taken for other JSON: a COCO file, a Supervisely videos project', async () => {
    const coco = memoryTree({
      'meta.json': dumps({ images: [] }),
      'ds/ann/a.json': dumps({ images: [], annotations: [] }),
    });
    expect(
      await supervisely.detect!({
        tree: coco,
        files: await coco.list(),
        glob: () => [],
        has: () => false,
        readHead: async () => '',
        reject: (r: string) => {
          throw new Error(r);
        },
      } as never).catch((e: Error) => e.message),
    ).toMatch(/no project meta/);
    const video = memoryTree({ ...projectFiles(), 'meta.json': dumps({ ...META, projectType: 'videos' }) });
    await expect(readAll(supervisely, video)).rejects.toThrow(/videos project/);
  });
});

describe('supervisely writing', () => {
  it('writes what Supervisely imports: the SDK key order, a class per label with its shape', async () => {
    const { tree } = await writeAndReadBack(supervisely, roundTripSource());
    const paths = (await tree.list()).map((f) => f.path).sort();
    expect(paths).toEqual([
      'default/ann/c.jpg.json',
      'meta.json',
      'train/ann/a.jpg.json',
      'val/ann/b.png.json',
    ]);
    const ann = JSON.parse(await text(tree, 'train/ann/a.jpg.json'));
    expect(Object.keys(ann)).toEqual(['description', 'size', 'tags', 'objects']);
    expect(Object.keys(ann.objects[0])).toEqual([
      'classTitle',
      'description',
      'tags',
      'points',
      'id',
      'geometryType',
      'shape',
    ]);
    const bitmap = ann.objects.find((o: { geometryType: string }) => o.geometryType === 'bitmap');
    expect(Object.keys(bitmap)).toEqual([
      'classTitle',
      'description',
      'tags',
      'bitmap',
      'shape',
      'geometryType',
    ]);
    expect(bitmap.bitmap.origin).toEqual([5, 45]);
    expect(
      ann.objects.find((o: { geometryType: string }) => o.geometryType === 'oriented_bbox'),
    ).toMatchObject({
      points: [
        [20, 20],
        [40, 30],
      ],
      angle: Math.PI / 6,
    });
    const meta = JSON.parse(await text(tree, 'meta.json'));
    expect(meta.classes.map((c: { title: string; shape: string }) => `${c.title}:${c.shape}`)).toEqual([
      'car:rectangle',
      'lemon:polygon',
      'road:line',
      'nose:point',
      'kiwi:bitmap',
      'person:graph',
      'ship:oriented_bbox',
    ]);
    expect(Object.keys(meta.classes[0])).toEqual(['title', 'shape', 'color', 'geometry_config', 'hotkey']);
    expect(meta.tags.find((t: { name: string }) => t.name === 'like')).toEqual({
      name: 'like',
      value_type: 'none',
      color: '#D98F7E',
      hotkey: '',
      applicable_type: 'imagesOnly',
      classes: [],
    });
    expect(meta.tags.find((t: { name: string }) => t.name === 'car_color').classes).toEqual(['car']);
    expect(await text(tree, 'meta.json')).toMatch(/^\{\n {4}"classes": \[/);
  });

  it('reads back a project it read as it was: tag types, one-of values, classes nothing uses', async () => {
    const read = await readAll(supervisely, projectTree());
    const { tree, report } = await writeAndReadBack(supervisely, read);
    expect(report.dropped).toEqual({});
    const meta = JSON.parse(await text(tree, 'meta.json'));
    const tag = (name: string) => meta.tags.find((t: { name: string }) => t.name === name);
    expect(tag('situated')).toMatchObject({
      value_type: 'oneof_string',
      values: ['inside', 'outside'],
      color: '#855D79',
    });
    expect(tag('like')).toMatchObject({ value_type: 'none' });
    expect(tag('occluded')).toMatchObject({ value_type: 'oneof_string', values: ['true', 'false'] });
    expect(meta.classes.map((c: { title: string }) => c.title)).toEqual([
      'car',
      'lemon',
      'road',
      'nose',
      'kiwi',
      'person',
      'ship',
    ]);
    expect(await tree.exists('Lemon/ann/lemon_1.jpg.json')).toBe(true);
  });

  it('counts what Supervisely cannot hold', async () => {
    const ds = new Dataset(
      { ...categories(), labels: [...categories().labels.slice(0, 7), { name: 'like', parent: 'car' }] },
      [
        {
          id: 'x',
          subset: 'default',
          media: { kind: 'image', path: 'x.jpg', width: 80, height: 60 },
          attributes: { '@label-group-id': 'g' },
          annotations: [
            { type: 'points', label: 3, points: [1, 1, 2, 2, 3, 3], visibility: [2, 1, 0], attributes: {} },
            { type: 'ellipse', label: 0, x1: 0, y1: 0, x2: 2, y2: 2, attributes: {} },
            { type: 'bbox', x: 0, y: 0, w: 1, h: 1, attributes: {} },
            { type: 'bbox', label: 0, objectId: 4, x: 0, y: 0, w: 1, h: 1, attributes: { car_color: 3 } },
            { type: 'mask', label: 4, mask: smallMask(80, 60, []), attributes: {} },
            { type: 'caption', caption: 'one', attributes: {} },
            { type: 'caption', caption: 'two', attributes: {} },
          ],
        },
      ],
    );
    const { report } = await writeAndReadBack(supervisely, ds);
    expect(report.converted).toEqual({ 'points->point shapes': 1 });
    expect(report.dropped).toEqual({
      point: 1,
      'point visibility': 1,
      ellipse: 1,
      bbox: 1,
      objectId: 1,
      mask: 1,
      caption: 1,
      'item attribute': 1,
      'label parent': 1,
    });
    expect(report.warnings.join('\n')).toMatch(/needs its class/);
  });

  it('saves the images into <dataset>/img/ with --save-media, and reads them back from there', async () => {
    const bytes = Uint8Array.of(1, 2, 3);
    const ds = new Dataset({ labels: [{ name: 'car' }], colors: new Map([[0, [1, 2, 3]]]) }, [
      {
        id: 'p',
        subset: 'train',
        attributes: {},
        annotations: [],
        media: { kind: 'image', path: 'x/p.png', width: 4, height: 4, bytes: async () => bytes },
      },
    ]);
    const { tree, dataset } = await writeAndReadBack(supervisely, ds, { saveMedia: true });
    expect(await tree.read('train/img/p.png')).toEqual(bytes);
    expect(await dataset.get('train', 'p')!.media!.bytes!()).toEqual(bytes);
  });

  it("writes a mask of an item without a size at the mask's size", async () => {
    const ds = new Dataset({ labels: [{ name: 'kiwi' }], colors: new Map([[0, [1, 2, 3]]]) }, [
      {
        id: 'm',
        subset: 'default',
        attributes: {},
        annotations: [
          {
            type: 'mask',
            label: 0,
            mask: bitmapMask({ width: 3, height: 2, data: Uint8Array.of(0, 0, 1, 0, 0, 1) }),
            attributes: {},
          },
        ],
      },
    ]);
    const { tree } = await writeAndReadBack(supervisely, ds);
    const ann = JSON.parse(await text(tree, 'default/ann/m.jpg.json'));
    expect(ann.size).toEqual({ height: 2, width: 3 });
    expect(ann.objects[0].bitmap.origin).toEqual([2, 0]);
  });
});

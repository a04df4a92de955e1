import { createHash } from 'node:crypto';
import { Dataset, memoryTree } from '@labelport/core';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { md5Hex } from '../src/lib/md5.js';
import { vottJson } from '../src/vott-json.js';
import { DATUMARO_STYLE, item, STREET_EXPORT, streetTree, vottShapes } from './fixtures.js';

/** A dataset from elsewhere: no region or asset ids, no colours (the writer makes them). */
const plain = () =>
  new Dataset({ labels: [{ name: 'cat' }, { name: 'dog' }] }, [
    item('x', 'default', [
      { type: 'bbox', label: 0, x: 0, y: 0, w: 2, h: 2, attributes: {} },
      { type: 'polygon', label: 1, points: [1, 1, 4, 1, 4, 4], attributes: {} },
    ]),
  ]);

describeFormat(vottJson, {
  fixtures: [
    {
      name: 'VoTT 2.2 export with "include images" (vott-json-export/)',
      tree: streetTree,
      expect: {
        items: 3,
        subsets: { 'Street-Scenes': 3 },
        annotations: { bbox: 4, polygon: 1, polyline: 1, points: 1 },
        labels: ['car', 'person', 'road', 'sign'],
      },
      check(ds) {
        const s = ds.get('Street-Scenes', 'street 1')!;
        expect(s.media).toMatchObject({ path: 'vott-json-export/street 1.jpg', width: 640, height: 480 });
        expect(s.attributes).toEqual({ id: md5Hex('file:C:/Users/ana/Pictures/street/street 1.jpg') });
        expect(s.annotations[0]).toMatchObject({ type: 'bbox', label: 0, x: 263.6046511627907, y: 136 });
        expect(s.annotations[0]!.attributes).toEqual({ id: 'BsO3zj9bn' });
        // one region, two tags: one box per tag, tied by a group
        expect(s.annotations.slice(1, 3)).toMatchObject([
          { type: 'bbox', label: 1, group: 1, x: 11.5, y: 12, w: 10.2, h: 20.5 },
          { type: 'bbox', label: 3, group: 1, x: 11.5, y: 12, w: 10.2, h: 20.5 },
        ]);
        expect(s.annotations[3]).toMatchObject({
          type: 'polygon',
          label: 2,
          points: [0, 480, 250, 300, 390, 300, 640, 480],
        });
        expect(s.annotations[4]).toMatchObject({ type: 'bbox', attributes: { id: 'sO4m1DtTZ' } });
        expect(s.annotations[4]!.label).toBeUndefined();
        const t = ds.get('Street-Scenes', 'street2')!;
        expect(t.annotations).toMatchObject([
          { type: 'polyline', label: 2, points: [10, 240, 60, 210, 110, 200] },
          { type: 'points', label: 3, points: [200.5, 50.25], visibility: [2] },
        ]);
        expect(ds.categories.colors?.get(0)).toEqual([0x5d, 0xb3, 0]);
      },
    },
    {
      name: "Datumaro's layout (<subset>-export.json, asset path relative to it)",
      tree: memoryTree({
        'train-export.json': JSON.stringify(DATUMARO_STYLE, null, 4),
        'images/site_01.jpg': 'x',
      }),
      expect: { items: 1, subsets: { train: 1 }, annotations: { bbox: 1 }, labels: ['helmet'] },
      check(ds) {
        expect(ds.get('train', 'site_01')!.media?.path).toBe('images/site_01.jpg');
      },
    },
  ],
  roundTrips: [
    {
      name: 'every region type, region and asset ids, tag colours, a region with two tags',
      source: vottShapes,
    },
    {
      name: 'a dataset from elsewhere (asset and region ids made, tag colours made)',
      source: plain,
      compare: { ignoreAttributes: ['id'], ignoreItemAttributes: true, labelNamesOnly: true },
    },
  ],
  badInputs: [
    {
      name: 'a box without its width',
      tree: memoryTree({
        'a-export.json': JSON.stringify({
          assets: {
            k: {
              asset: { name: 'a.jpg' },
              regions: [{ type: 'RECTANGLE', tags: [], boundingBox: { left: 1, top: 1, height: 2 } }],
            },
          },
        }),
      }),
      code: 'bad-field',
      message: /a-export\.json.*assets\.k\.regions\[0\]\.boundingBox/,
    },
    {
      name: 'a region of an unknown type',
      tree: memoryTree({
        'a-export.json': JSON.stringify({
          assets: { k: { asset: { name: 'a.jpg' }, regions: [{ type: 'CIRCLE', points: [] }] } },
        }),
      }),
      code: 'bad-field',
      message: 'assets.k.regions[0].type',
    },
    {
      name: 'a polygon of two points',
      tree: memoryTree({
        'a-export.json': JSON.stringify({
          assets: {
            k: {
              asset: { name: 'a.jpg' },
              regions: [
                {
                  type: 'POLYGON',
                  points: [
                    { x: 0, y: 0 },
                    { x: 1, y: 1 },
                  ],
                },
              ],
            },
          },
        }),
      }),
      message: 'assets.k.regions[0].points',
    },
    {
      name: 'truncated JSON',
      tree: memoryTree({ 'p-export.json': '{"name": "p", "assets": {' }),
      code: 'bad-json',
    },
    {
      name: 'an export without assets',
      tree: memoryTree({ 'p-export.json': '{"name": "p"}' }),
      code: 'bad-layout',
    },
  ],
});

describe('vott_json details', () => {
  it('MD5 is the MD5 VoTT names assets with', () => {
    for (const s of ['', 'file:C:/Users/ana/Pictures/street 1.jpg', 'x'.repeat(64), 'é漢字'.repeat(40)]) {
      expect(md5Hex(s)).toBe(createHash('md5').update(s).digest('hex'));
    }
  });

  it("writes VoTT's file: the project's keys in order, assets by id, a region per object, indent 4", async () => {
    const { tree, report } = await writeAndReadBack(vottJson, vottShapes());
    expect(report.dropped).toEqual({});
    const text = new TextDecoder().decode(await tree.read('default-export.json'));
    expect(text.startsWith('{\n    "name": "default",\n    "videoSettings"')).toBe(true);
    const doc = JSON.parse(text);
    expect(Object.keys(doc)).toEqual(Object.keys(STREET_EXPORT));
    expect(doc.tags).toEqual([
      { name: 'car', color: '#5db300' },
      { name: 'person', color: '#e81123' },
      { name: 'sign', color: '#6917aa' },
    ]);
    const a = doc.assets['0d3de147fea94f1797f9d012acad9666'];
    expect(a.asset).toEqual({
      format: 'jpg',
      id: '0d3de147fea94f1797f9d012acad9666',
      name: 'a.jpg',
      path: 'a.jpg',
      size: { width: 64, height: 48 },
      state: 2,
      type: 1,
    });
    expect(a.regions[0]).toEqual({
      id: 'r1',
      type: 'RECTANGLE',
      tags: ['car'],
      boundingBox: { height: 4, width: 3.5, left: 1, top: 2 },
      points: [
        { x: 1, y: 2 },
        { x: 4.5, y: 2 },
        { x: 4.5, y: 6 },
        { x: 1, y: 6 },
      ],
    });
    expect(a.regions[1]).toMatchObject({ id: 'r2', tags: ['person', 'sign'] });
    expect(a.regions.map((r: { type: string }) => r.type)).toEqual([
      'RECTANGLE',
      'RECTANGLE',
      'POLYGON',
      'POLYLINE',
      'POINT',
    ]);
    expect(await tree.exists('train/train-export.json')).toBe(true);
  });

  it('names new assets by the MD5 of their path, as VoTT does', async () => {
    const { tree } = await writeAndReadBack(vottJson, plain());
    const doc = JSON.parse(new TextDecoder().decode(await tree.read('default-export.json')));
    expect(Object.keys(doc.assets)).toEqual([md5Hex('x.jpg')]);
    expect(doc.tags.map((t: { color: string }) => t.color)).toEqual(['#5db300', '#e81123']);
  });

  it('writes a box grouped with a polygon as the polygon region, and counts what VoTT cannot hold', async () => {
    const ds = new Dataset({ labels: [{ name: 'cat' }] }, [
      item('a', 'default', [
        { type: 'bbox', label: 0, x: 0, y: 0, w: 4, h: 4, group: 0, attributes: {} },
        { type: 'polygon', label: 0, points: [0, 0, 4, 0, 4, 4], group: 0, attributes: { score: 0.5 } },
        { type: 'bbox', label: 0, x: 9, y: 9, w: 1, h: 1, group: 3, attributes: {} },
        { type: 'points', label: 0, points: [1, 1, 2, 2, 3, 3], visibility: [2, 1, 0], attributes: {} },
        { type: 'ellipse', label: 0, x1: 0, y1: 0, x2: 2, y2: 2, attributes: {} },
        { type: 'bbox', label: 0, x: 20, y: 20, w: 4, h: 2, attributes: { rotation: 30 } },
      ]),
    ]);
    ds.get('default', 'a')!.attributes.weather = 'rain';
    const { dataset, report } = await writeAndReadBack(vottJson, ds);
    expect(report.dropped).toEqual({
      bbox: 1,
      attribute: 1,
      group: 1,
      point: 1,
      'point visibility': 1,
      ellipse: 1,
      'item attribute': 1,
    });
    expect(report.converted).toEqual({ 'points->point shapes': 1, 'bbox->polygon': 1 });
    expect(report.warnings.join('\n')).toMatch(/that region's own box/);
    const a = dataset.get('default', 'a')!;
    expect(a.annotations.map((x) => x.type)).toEqual(['polygon', 'bbox', 'points', 'points', 'polygon']);
  });

  it('reads a frame of a video as a video frame with its timestamp, and writes it back so', async () => {
    const frame = {
      format: 'mp4',
      id: md5Hex('file:C:/v/clip.mp4#t=2.5'),
      name: 'clip.mp4#t=2.5',
      path: 'file:C:/v/clip.mp4#t=2.5',
      size: { width: 320, height: 200 },
      state: 2,
      type: 3,
      timestamp: 2.5,
    };
    const doc = {
      name: 'v',
      tags: [{ name: 'car', color: '#5db300' }],
      assets: { [frame.id]: { asset: frame, regions: [], version: '2.2.0' } },
    };
    const ds = await readAll(vottJson, memoryTree({ 'v-export.json': JSON.stringify(doc) }));
    const it0 = ds.get('v', 'clip.mp4#t=2.5')!;
    expect(it0.media).toMatchObject({ kind: 'video-frame', path: 'clip.mp4', width: 320 });
    expect(it0.attributes).toEqual({ id: frame.id, timestamp: 2.5 });
    const { tree, report } = await writeAndReadBack(vottJson, ds);
    expect(report.dropped).toEqual({});
    const back = JSON.parse(new TextDecoder().decode(await tree.read('v/v-export.json')));
    expect(back.assets[frame.id].asset).toMatchObject({ name: 'clip.mp4#t=2.5', type: 3, timestamp: 2.5 });
  });

  it('skips a bad region (one annotation) and a bad asset (one item) under a forgiving policy, saying where', async () => {
    const doc = {
      tags: [],
      assets: {
        good: {
          asset: { name: 'a.jpg' },
          regions: [
            {
              id: 'r1',
              type: 'RECTANGLE',
              tags: ['x'],
              boundingBox: { height: 1, width: 1, left: 0, top: 0 },
            },
            { id: 'r2', type: 'RECTANGLE', tags: ['x'], boundingBox: { height: 1, left: 0, top: 0 } },
          ],
        },
        bad: { asset: { path: 'b.jpg' }, regions: [] },
      },
    };
    const warnings: string[] = [];
    const tree = memoryTree({ 'p-export.json': JSON.stringify(doc) });
    const ds = await readAll(vottJson, tree, { lenient: true, onWarning: (w: string) => warnings.push(w) });
    expect(ds.size).toBe(1);
    expect(ds.get('p', 'a')!.annotations).toHaveLength(1);
    expect(warnings).toEqual([
      "p-export.json: assets.good.regions[1].boundingBox: 'width' is missing",
      "p-export.json: assets.bad.asset: 'name' is missing",
    ]);
  });

  it('is not taken for another JSON format', async () => {
    const coco = memoryTree({
      'instances.json': JSON.stringify({ images: [], annotations: [], categories: [] }),
    });
    await expect(readAll(vottJson, coco)).rejects.toThrow(/no VoTT JSON export/);
  });
});

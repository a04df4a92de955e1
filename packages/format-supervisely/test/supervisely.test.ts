import { memoryTree } from '@labelport/core';
import { encodeBase64 } from '@labelport/core/files';
import { encodePng } from '@labelport/core/png';
import { describeFormat } from '@labelport/core/testing';
import { zlibSync } from 'fflate';
import { expect } from 'vitest';
import { supervisely } from '../src/supervisely.js';
import { ANN_0748, dumps, META, projectFiles, projectTree } from './fixtures.js';
import { roundTripSource } from './sources.js';

/** The fixture project with ds1/ann/IMG_0748.jpeg.json's objects replaced. */
const withObjects = (objects: unknown[], meta: object = META) =>
  memoryTree({
    ...projectFiles(),
    'meta.json': dumps(meta),
    'ds1/ann/IMG_0748.jpeg.json': dumps({ ...ANN_0748, objects }),
  });
const bitmapObject = (data: string) => ({ classTitle: 'kiwi', tags: [], bitmap: { data, origin: [0, 0] } });
const zlibBase64 = (bytes: Uint8Array) => encodeBase64(zlibSync(bytes));

/** A PNG signature and an IHDR declaring 60000 x 60000 (what a bitmap bomb would claim). */
function hugeHeader(): Uint8Array {
  const png = encodePng({ width: 1, height: 1, colorType: 'gray', data: [1] });
  const out = png.slice();
  const view = new DataView(out.buffer);
  view.setUint32(16, 60000);
  view.setUint32(20, 60000);
  return out;
}

describeFormat(supervisely, {
  fixtures: [
    {
      name: 'a project as the platform exports it (flat and nested datasets, an older annotation name)',
      tree: projectTree,
      expect: {
        items: 3,
        subsets: { ds1: 2, Lemon: 1 },
        annotations: { label: 1, bbox: 2, polygon: 1, polyline: 1, points: 1, mask: 2, skeleton: 1 },
        labels: ['car', 'lemon', 'road', 'nose', 'kiwi', 'person', 'ship', 'like'],
      },
      check(ds) {
        const a = ds.get('ds1', 'IMG_0748')!;
        expect(a.media).toMatchObject({ path: 'ds1/img/IMG_0748.jpeg', width: 80, height: 60 });
        expect(a.attributes).toEqual({ situated: 'outside', cars_number: 2 });
        expect(a.annotations[1]).toMatchObject({
          type: 'bbox',
          x: 10,
          y: 12,
          w: 20,
          h: 28,
          group: 1,
          id: 497521358,
        });
        expect(a.annotations[1]!.attributes).toEqual({ car_color: 'red' });
        expect(a.annotations[2]).toMatchObject({ type: 'polygon', group: 1, attributes: { occluded: true } });
        expect(a.annotations[7]).toMatchObject({ type: 'bbox', attributes: { rotation: 30 } });
        expect(ds.get('ds1', 'IMG_1836')!.media?.path).toBe('ds1/img/IMG_1836.jpeg');
        expect(ds.get('ds1', 'IMG_1836')!.attributes).toEqual({ description: 'food' });
        expect(ds.categories.labels[0]).toEqual({ name: 'car', attributes: ['car_color'] });
      },
    },
  ],
  roundTrips: [{ name: 'every shape, tags of images and objects, subsets', source: roundTripSource }],
  badInputs: [
    {
      name: 'truncated meta.json',
      tree: memoryTree({ ...projectFiles(), 'meta.json': '{"classes": [' }),
      code: 'bad-json',
    },
    { name: 'no meta.json', tree: memoryTree({ 'ds1/ann/a.jpg.json': dumps(ANN_0748) }), code: 'bad-layout' },
    {
      name: 'a video project',
      tree: memoryTree({ ...projectFiles(), 'meta.json': dumps({ ...META, projectType: 'videos' }) }),
      code: 'unsupported',
    },
    {
      name: 'bitmap data that is not base64',
      tree: withObjects([bitmapObject('eJ*not base64*')]),
      code: 'bad-field',
      message: /IMG_0748\.jpeg\.json: objects\[0\]\.bitmap\.data: .*base64/,
    },
    {
      name: 'a bitmap that declares 60000 x 60000 pixels',
      tree: withObjects([bitmapObject(zlibBase64(hugeHeader()))]),
      code: 'too-large',
      message: 'objects[0].bitmap.data',
    },
    {
      name: 'a bitmap that inflates far past its image (a zlib bomb)',
      tree: withObjects([
        bitmapObject(
          zlibBase64(
            (() => {
              const b = new Uint8Array(4 << 20);
              b.set(
                encodePng({ width: 2, height: 2, colorType: 'gray', data: [1, 0, 0, 1] }).subarray(0, 33),
              );
              return b;
            })(),
          ),
        ),
      ]),
      code: 'too-large',
      message: 'objects[0].bitmap.data',
    },
    {
      name: 'a truncated zlib stream',
      tree: withObjects([
        bitmapObject(
          encodeBase64(
            zlibSync(
              encodePng({ width: 9, height: 9, colorType: 'gray', data: new Uint8Array(81) }),
            ).subarray(0, 20),
          ),
        ),
      ]),
      code: 'bad-value',
      message: 'objects[0].bitmap.data',
    },
    {
      name: 'a bitmap PNG without an alpha channel',
      tree: withObjects([
        bitmapObject(zlibBase64(encodePng({ width: 1, height: 1, colorType: 'rgb', data: [255, 255, 255] }))),
      ]),
      code: 'bad-image',
      message: /objects\[0\]\.bitmap\.data: .*alpha/,
    },
    {
      name: 'an object of a class meta.json does not declare',
      tree: withObjects([
        {
          classTitle: 'boat',
          tags: [],
          points: {
            exterior: [
              [0, 0],
              [1, 1],
            ],
            interior: [],
          },
        },
      ]),
      code: 'unknown-label',
      message: 'objects[0].classTitle',
    },
    {
      name: 'a graph node its class does not have',
      tree: withObjects([{ classTitle: 'person', tags: [], nodes: { tail: { loc: [1, 1] } } }]),
      code: 'bad-field',
      message: 'objects[0].nodes.tail',
    },
    {
      name: 'a polygon of two points',
      tree: withObjects([
        {
          classTitle: 'lemon',
          tags: [],
          points: {
            exterior: [
              [0, 0],
              [1, 1],
            ],
            interior: [],
          },
        },
      ]),
      code: 'bad-field',
      message: 'objects[0].points.exterior',
    },
    {
      name: 'a graph edge to no node',
      tree: withObjects([], {
        ...META,
        classes: [
          {
            title: 'person',
            shape: 'graph',
            color: '#000000',
            geometry_config: { nodes: { a: {} }, edges: [{ src: 'a', dst: 'b' }] },
          },
        ],
      }),
      code: 'bad-field',
      message: 'meta.json: classes[0].geometry_config.edges[0].dst',
    },
  ],
});

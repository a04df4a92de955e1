// VoTT exports written by hand in exactly the shape VoTT 2.2 writes them (its vottJson and csv export
// providers, its AssetService and canvas): the project's keys in VoTT's order, indent 4, asset ids the
// MD5 of the asset's path, `file:` paths of the source folder, shortid region ids, boundingBox keys in
// the order height, width, left, top, a RECTANGLE's four corners as points.
import { Dataset, type DatasetItem, memoryTree } from '@labelport/core';
import { md5Hex } from '../src/lib/md5.js';

const SOURCE = 'file:C:/Users/ana/Pictures/street';
const asset = (name: string, width: number, height: number, state: number) => ({
  format: name.split('.').pop()!,
  id: md5Hex(`${SOURCE}/${name}`),
  name,
  path: `${SOURCE}/${name}`,
  size: { width, height },
  state,
  type: 1,
});

const corners = (left: number, top: number, width: number, height: number) => [
  { x: left, y: top },
  { x: left + width, y: top },
  { x: left + width, y: top + height },
  { x: left, y: top + height },
];

const street1 = asset('street 1.jpg', 640, 480, 2);
const street2 = asset('street2.png', 320, 240, 2);
const empty = asset('empty.jpg', 100, 100, 1);

export const STREET_EXPORT = {
  name: 'Street Scenes',
  videoSettings: { frameExtractionRate: 15 },
  tags: [
    { name: 'car', color: '#5db300' },
    { name: 'person', color: '#e81123' },
    { name: 'road', color: '#6917aa' },
    { name: 'sign', color: '#015cda' },
  ],
  useSecurityToken: true,
  securityToken: 'Street Scenes Token',
  id: 'Qtx6-QZeO',
  activeLearningSettings: { autoDetect: false, predictTag: true, modelPathType: 'coco' },
  version: '2.2.0',
  lastVisitedAssetId: street2.id,
  assets: {
    [street1.id]: {
      asset: street1,
      regions: [
        {
          id: 'BsO3zj9bn',
          type: 'RECTANGLE',
          tags: ['car'],
          boundingBox: {
            height: 95.81395348837209,
            width: 150.3875968992248,
            left: 263.6046511627907,
            top: 136,
          },
          points: corners(263.6046511627907, 136, 150.3875968992248, 95.81395348837209),
        },
        {
          id: 'mosw0b97K',
          type: 'RECTANGLE',
          tags: ['person', 'sign'],
          boundingBox: { height: 20.5, width: 10.2, left: 11.5, top: 12 },
          points: corners(11.5, 12, 10.2, 20.5),
        },
        {
          id: '35t9mf-Zr',
          type: 'POLYGON',
          tags: ['road'],
          boundingBox: { height: 180, width: 640, left: 0, top: 300 },
          points: [
            { x: 0, y: 480 },
            { x: 250, y: 300 },
            { x: 390, y: 300 },
            { x: 640, y: 480 },
          ],
        },
        {
          id: 'sO4m1DtTZ',
          type: 'RECTANGLE',
          tags: [],
          boundingBox: { height: 4.7, width: 3.3, left: 6.7, top: 10.3 },
          points: corners(6.7, 10.3, 3.3, 4.7),
        },
      ],
      version: '2.2.0',
    },
    [street2.id]: {
      asset: street2,
      regions: [
        {
          id: 'Xk2_0aPq1',
          type: 'POLYLINE',
          tags: ['road'],
          boundingBox: { height: 40, width: 100, left: 10, top: 200 },
          points: [
            { x: 10, y: 240 },
            { x: 60, y: 210 },
            { x: 110, y: 200 },
          ],
        },
        {
          id: 'p0Int-1ab',
          type: 'POINT',
          tags: ['sign'],
          boundingBox: { height: 0, width: 0, left: 200.5, top: 50.25 },
          points: [{ x: 200.5, y: 50.25 }],
        },
      ],
      version: '2.2.0',
    },
    [empty.id]: { asset: empty, regions: [], version: '2.2.0' },
  },
};

/** VoTT's layout with "include images": `vott-json-export/` with the export and the images copied beside it. */
export const streetTree = () =>
  memoryTree({
    'vott-json-export/Street-Scenes-export.json': JSON.stringify(STREET_EXPORT, null, 4),
    'vott-json-export/street 1.jpg': 'x',
    'vott-json-export/street2.png': 'x',
    'vott-json-export/empty.jpg': 'x',
  });

/** Datumaro's layout of its test assets: `<subset>-export.json`, asset paths relative to the file. */
export const DATUMARO_STYLE = {
  name: 'helmets',
  tags: [{ name: 'helmet', color: '#5db300' }],
  id: 'K9vqh1Rmd',
  version: '2.2.0',
  assets: {
    a1b2c3d4e: {
      asset: {
        format: 'jpg',
        id: 'a1b2c3d4e',
        name: 'site_01.jpg',
        path: 'images/site_01.jpg',
        size: { width: 8, height: 6 },
        state: 2,
        type: 1,
      },
      regions: [
        {
          id: 'h1',
          type: 'RECTANGLE',
          tags: ['helmet'],
          boundingBox: { height: 2, width: 3, left: 1, top: 1 },
          points: corners(1, 1, 3, 2),
        },
      ],
      version: '2.2.0',
    },
  },
};

// As json2csv writes VoTT's rows: every string quoted, numbers bare, "\n" between rows, no final newline.
export const STREET_CSV = [
  '"image","xmin","ymin","xmax","ymax","label"',
  '"street 1.jpg",263.6046511627907,136,413.9922480620155,231.81395348837208,"car"',
  '"street 1.jpg",11.5,12,21.7,32.5,"person"',
  '"street 1.jpg",11.5,12,21.7,32.5,"sign"',
  '"street 1.jpg",0,300,640,480,"road"',
  '"street2.png",10,200,110,240,"road"',
  '"street2.png",200.5,50.25,200.5,50.25,"sign"',
].join('\n');

export const csvTree = () =>
  memoryTree({
    'vott-csv-export/Street-Scenes-export.csv': STREET_CSV,
    'vott-csv-export/street 1.jpg': 'x',
    'vott-csv-export/street2.png': 'x',
  });

export const item = (
  id: string,
  subset: string,
  annotations: DatasetItem['annotations'],
  assetId?: string,
): DatasetItem => ({
  id,
  subset,
  media: { kind: 'image', path: `${id}.jpg`, width: 64, height: 48 },
  annotations,
  attributes: assetId ? { id: assetId } : {},
});

/** Everything VoTT holds: region ids, asset ids, tag colours, a region with two tags (group 1). */
export const vottShapes = () =>
  new Dataset(
    {
      labels: [{ name: 'car' }, { name: 'person' }, { name: 'sign' }],
      colors: new Map([
        [0, [93, 179, 0]],
        [1, [232, 17, 35]],
        [2, [105, 23, 170]],
      ]),
    },
    [
      item(
        'a',
        'default',
        [
          { type: 'bbox', label: 0, x: 1, y: 2, w: 3.5, h: 4, attributes: { id: 'r1' } },
          { type: 'bbox', label: 1, x: 10, y: 10, w: 5, h: 5, group: 1, attributes: { id: 'r2' } },
          { type: 'bbox', label: 2, x: 10, y: 10, w: 5, h: 5, group: 1, attributes: { id: 'r2' } },
          { type: 'polygon', label: 2, points: [0, 0, 10, 0, 10, 10], attributes: { id: 'r3' } },
          { type: 'polyline', points: [1, 1, 5, 5], attributes: { id: 'r4' } },
          { type: 'points', label: 0, points: [7, 8], visibility: [2], attributes: { id: 'r5' } },
        ],
        '0d3de147fea94f1797f9d012acad9666',
      ),
      item(
        'b',
        'train',
        [{ type: 'bbox', label: 1, x: 0.5, y: 0, w: 10.25, h: 5, attributes: { id: 'r1' } }],
        'b48',
      ),
      item('c', 'train', [], 'c77'),
    ],
  );

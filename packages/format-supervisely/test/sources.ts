/** Datasets for the round trips: every shape Supervisely holds, with labels in the order it reads them. */
import { bitmapMask, Dataset, type DatasetItem, type PointsAnnotation } from '@labelport/core';

const el = (x: number, y: number, v: 0 | 1 | 2): PointsAnnotation => ({
  type: 'points',
  points: [x, y],
  visibility: [v],
  attributes: {},
});

/** A mask of the image with a few pixels set. */
export function smallMask(width: number, height: number, pixels: [number, number][]) {
  const data = new Uint8Array(width * height);
  for (const [x, y] of pixels) data[y * width + x] = 1;
  return bitmapMask({ width, height, data });
}

/** Classes first, then labels of images only (Supervisely reads tags without a value after the classes). */
export const categories = () => ({
  labels: [
    { name: 'car', attributes: ['car_color'] },
    { name: 'lemon' },
    { name: 'road' },
    { name: 'nose' },
    { name: 'kiwi' },
    { name: 'person' },
    { name: 'ship' },
    { name: 'like' },
  ],
  colors: new Map<number, [number, number, number]>([
    [0, [246, 255, 0]],
    [1, [190, 85, 206]],
    [2, [44, 123, 255]],
    [3, [255, 136, 0]],
    [4, [0, 255, 18]],
    [5, [15, 138, 18]],
    [6, [138, 47, 15]],
    [7, [217, 143, 126]],
  ]),
  skeletons: new Map([
    [
      5,
      {
        points: ['head', 'left hand', 'right hand'],
        edges: [
          [0, 1],
          [0, 2],
        ] as [number, number][],
      },
    ],
  ]),
});

const itemA = (): DatasetItem => ({
  id: 'a',
  subset: 'train',
  media: { kind: 'image', path: 'images/a.jpg', width: 80, height: 60 },
  attributes: { weather: 'sunny', cars_number: 2, reviewed: true, description: 'two cars' },
  annotations: [
    {
      type: 'bbox',
      label: 0,
      id: 0,
      group: 0,
      x: 10,
      y: 12,
      w: 20.5,
      h: 28,
      attributes: { car_color: 'red', occluded: false },
    },
    {
      type: 'polygon',
      label: 1,
      group: 0,
      points: [40, 10, 70, 10, 55, 35.5],
      attributes: { occluded: true },
    },
    {
      type: 'polyline',
      label: 2,
      id: 7,
      points: [0, 59, 40, 30, 79, 59],
      attributes: { description: 'the way home' },
    },
    { type: 'points', label: 3, points: [50, 20], visibility: [2], attributes: { score: 0.5 } },
    {
      type: 'mask',
      label: 4,
      mask: smallMask(80, 60, [
        [5, 45],
        [6, 45],
        [5, 46],
        [79, 59],
      ]),
      attributes: {},
    },
    { type: 'skeleton', label: 5, elements: [el(60, 5, 2), el(0, 0, 0), el(70, 20, 1)], attributes: {} },
    { type: 'bbox', label: 6, x: 20, y: 20, w: 20, h: 10, attributes: { rotation: 30 } },
    { type: 'label', label: 7, attributes: {} },
    { type: 'caption', caption: 'two cars and a lemon', attributes: {} },
  ],
});

export const roundTripSource = () =>
  new Dataset(categories(), [
    itemA(),
    {
      id: 'b',
      subset: 'val',
      media: { kind: 'image', path: 'b.png', width: 10, height: 10 },
      attributes: {},
      annotations: [],
    },
    {
      id: 'c',
      subset: 'default',
      media: { kind: 'image', path: 'c.jpg', width: 8, height: 8 },
      attributes: { weather: 'rain' },
      annotations: [{ type: 'label', label: 7, attributes: {} }],
    },
  ]);

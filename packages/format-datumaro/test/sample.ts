import { type Categories, type DatasetItem, sourceOf } from '@labelport/core';
import { encodeRle } from '@labelport/core/geometry';

/** A dataset with every annotation type of the model, for lossless round trips. */
export function everyAnnotationType() {
  const categories: Categories = {
    labels: [
      { name: 'person', attributes: ['pose'] },
      { name: 'car', parent: 'vehicle' },
      { name: 'vehicle' },
    ],
    attributes: ['occluded'],
    colors: new Map([
      [0, [255, 0, 0]],
      [1, [0, 255, 0]],
    ]),
    skeletons: new Map([
      [
        0,
        {
          points: ['head', 'hand', 'foot'],
          edges: [
            [0, 1],
            [1, 2],
          ] as [number, number][],
        },
      ],
    ]),
    labelGroups: [{ name: 'g', groupType: 'exclusive', labels: ['car', 'vehicle'] }],
  };
  const mask = { width: 4, height: 3, data: new Uint8Array([0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 1, 1]) };
  const items: DatasetItem[] = [
    {
      id: 'a/1',
      subset: 'train',
      media: { kind: 'image', path: 'images/train/a_1.jpg', width: 4, height: 3 },
      attributes: { weather: 'rain', frame: 3 },
      annotations: [
        { type: 'label', label: 1, attributes: { score: 0.5 } },
        {
          type: 'bbox',
          id: 7,
          label: 0,
          x: 0.5,
          y: 1.25,
          w: 2,
          h: 1.5,
          group: 1,
          zOrder: 2,
          attributes: { occluded: true, pose: 'up' },
        },
        { type: 'polygon', id: 8, label: 0, points: [0, 0, 3, 0, 3, 2.5], group: 1, attributes: {} },
        { type: 'polyline', label: 1, points: [1, 1, 2, 2], attributes: {} },
        { type: 'points', label: 0, points: [1, 1, 2, 2, 0, 0], visibility: [2, 1, 0], attributes: {} },
        { type: 'mask', label: 1, mask: { kind: 'bitmap', bitmap: mask }, objectId: 4, attributes: {} },
        { type: 'ellipse', label: 1, x1: 0, y1: 0, x2: 2, y2: 1, attributes: {} },
        {
          type: 'cuboid2d',
          label: 1,
          points: [0, 0, 1, 0, 1, 1, 0, 1, 2, 2, 3, 2, 3, 3, 2, 3],
          attributes: {},
        },
        {
          type: 'cuboid3d',
          label: 1,
          position: [1, 2, 3],
          rotation: [0, 0.5, 0],
          scale: [2, 2, 2],
          attributes: {},
        },
        {
          type: 'skeleton',
          label: 0,
          elements: [{ type: 'points', label: 0, points: [1, 2], visibility: [2], attributes: {} }],
          attributes: {},
        },
        { type: 'caption', caption: 'a "quoted" caption', attributes: {} },
      ],
    },
    {
      id: 'b',
      subset: 'val',
      media: { kind: 'video-frame', path: 'images/val/b.png', width: 4, height: 3, frame: 12 },
      attributes: {},
      annotations: [{ type: 'mask', mask: { kind: 'rle', rle: encodeRle(mask) }, label: 0, attributes: {} }],
    },
    { id: 'c', subset: 'val', attributes: {}, annotations: [] },
    {
      id: 'd',
      subset: 'val',
      media: { kind: 'point-cloud', path: 'd.pcd', frame: 3 },
      attributes: {},
      annotations: [],
    },
    {
      id: 'e',
      subset: 'val',
      media: { kind: 'image', path: 'e.jpg', frame: 4 },
      attributes: {},
      annotations: [],
    },
  ];
  return sourceOf(categories, items, { author: 'test' });
}

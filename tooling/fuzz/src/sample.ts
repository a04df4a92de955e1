/**
 * A small dataset with one of every annotation type, tracks, groups, attributes, two subsets and
 * real (tiny) PNG images: every writer turns it into a valid seed of its own format.
 */
import {
  type Annotation,
  bitmapMask,
  type Categories,
  type DatasetItem,
  type DatasetSource,
  sourceOf,
} from '@labelport/core';
import { encodePng } from '@labelport/core/png';

const W = 8;
const H = 6;

function image(seed: number): Uint8Array {
  const data = new Uint8Array(W * H * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 37 + seed * 11) & 0xff;
  return encodePng({ width: W, height: H, colorType: 'rgb', data });
}

function maskBits(x0: number, y0: number): Uint8Array {
  const data = new Uint8Array(W * H);
  for (let y = y0; y < Math.min(H, y0 + 3); y++)
    for (let x = x0; x < Math.min(W, x0 + 3); x++) data[y * W + x] = 1;
  return data;
}

function annotations(k: number): Annotation[] {
  const base = (id: number, label: number) => ({ id, label, attributes: {} });
  return [
    { type: 'label', ...base(0, 0) },
    {
      type: 'bbox',
      x: 1,
      y: 1,
      w: 3,
      h: 2,
      ...base(1, 1),
      group: 0,
      objectId: k,
      attributes: { occluded: false, score: 0.5 },
    },
    { type: 'polygon', points: [1, 1, 5, 1, 5, 4, 1, 4], ...base(2, 2), group: 0 },
    { type: 'polyline', points: [0, 0, 3, 3, 6, 1], ...base(3, 1) },
    { type: 'points', points: [1, 1, 2, 2, 3, 3], visibility: [2, 1, 0], ...base(4, 0) },
    { type: 'mask', mask: bitmapMask({ width: W, height: H, data: maskBits(k, 1) }), ...base(5, 2) },
    { type: 'mask', mask: bitmapMask({ width: W, height: H, data: maskBits(4, 2) }), ...base(6, 1) },
    { type: 'ellipse', x1: 1, y1: 1, x2: 4, y2: 3, ...base(7, 1) },
    { type: 'cuboid3d', position: [1, 2, 3], rotation: [0, 0.5, 0], scale: [1, 1, 2], ...base(8, 0) },
    { type: 'caption', caption: 'a small "test" <image> & more', ...base(9, 0) },
  ] as Annotation[];
}

const categories = (): Categories => ({
  labels: [{ name: 'cat' }, { name: 'dog', attributes: ['occluded'] }, { name: 'car' }],
  colors: new Map([
    [0, [128, 0, 0]],
    [1, [0, 128, 0]],
    [2, [0, 0, 128]],
  ]),
});

export function sampleSource(): DatasetSource {
  const items: DatasetItem[] = [];
  for (let k = 0; k < 3; k++) {
    const bytes = image(k);
    items.push({
      id: `frame_00000${k}`,
      subset: k === 2 ? 'val' : 'train',
      media: {
        kind: 'image',
        path: `frame_00000${k}.png`,
        width: W,
        height: H,
        frame: k,
        bytes: async () => bytes,
      },
      annotations: annotations(k),
      attributes: { frame: k },
    });
  }
  return sourceOf(categories(), items);
}

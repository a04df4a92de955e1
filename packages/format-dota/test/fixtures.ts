// DOTA written by hand in the shape DOTA's releases have it: `train/`, `val/` and `test/` with `images/`
// and `labelTxt/`; v1.0/v1.5 label files with the `imagesource:` and `gsd:` header lines and float
// corners (`2753.0`), v2.0 files with `gsd:null` for images of unknown resolution; class names one word
// (`small-vehicle`), difficult 0 or 1; the test split images only.
import { Dataset, memoryTree } from '@labelport/core';
import { encodePng } from '@labelport/core/png';

export const PNG = encodePng({ width: 4, height: 3, colorType: 'gray', data: new Uint8Array(12) });

export const P0000 = [
  'imagesource:GoogleEarth',
  'gsd:0.146343590398',
  // upright, clockwise from the top-left
  '2753.0 2408.0 2861.0 2408.0 2861.0 2468.0 2753.0 2468.0 plane 0',
  // a rectangle turned by 30 degrees, its corners rounded to whole pixels as the annotators' are
  '88.0 81.0 122.0 101.0 112.0 119.0 78.0 99.0 small-vehicle 1',
  // four points that are no rectangle (a harbour's outline)
  '100.0 100.0 200.0 100.0 260.0 180.0 90.0 170.0 harbor 0',
  '',
].join('\r\n');

export const P0001 = [
  'imagesource:GF2',
  'gsd:null',
  '358 197 328 248 302 233 332 182 large-vehicle 0',
  '',
].join('\n');

// DOTA's devkit also takes a line without difficult
export const P0002 = '10 10 30 10 30 20 10 20 ship\n';

export const dotaTree = () =>
  memoryTree({
    'train/images/P0000.png': PNG,
    'train/images/P0001.png': PNG,
    'train/labelTxt/P0000.txt': P0000,
    'train/labelTxt/P0001.txt': P0001,
    'val/images/P0002.png': PNG,
    'val/labelTxt/P0002.txt': P0002,
    'test/images/P0003.png': PNG,
  });

/** Rotated and upright boxes, a polygon of four points, header attributes, two subsets. */
export const dotaShapes = () =>
  new Dataset({ labels: [{ name: 'plane' }, { name: 'ship' }, { name: 'small-vehicle' }] }, [
    {
      id: 'P0100',
      subset: 'train',
      media: { kind: 'image', path: 'P0100.png', width: 4, height: 3, bytes: async () => PNG },
      attributes: { imagesource: 'GoogleEarth', gsd: 0.146343590398 },
      annotations: [
        { type: 'bbox', label: 0, x: 10, y: 20, w: 30, h: 40, attributes: { difficult: 0 } },
        { type: 'bbox', label: 2, x: 80, y: 90, w: 40, h: 20, attributes: { difficult: 1, rotation: 30 } },
        {
          type: 'bbox',
          label: 1,
          x: 5.5,
          y: 6.25,
          w: 12,
          h: 3,
          attributes: { difficult: 0, rotation: 135.5 },
        },
        {
          type: 'polygon',
          label: 1,
          points: [100, 100, 200, 100, 260, 180, 90, 170],
          attributes: { difficult: 0 },
        },
      ],
    },
    {
      id: 'P0200',
      subset: 'val',
      media: { kind: 'image', path: 'P0200.png', width: 4, height: 3, bytes: async () => PNG },
      attributes: { imagesource: 'GF2', gsd: 'null' },
      annotations: [],
    },
  ]);

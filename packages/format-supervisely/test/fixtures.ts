/**
 * A Supervisely project as the platform exports it ("Export to Supervisely format"): meta.json and
 * the annotation files in the key order and layout of the platform's JSON (indented by 4, as Python's
 * json.dump(indent=4) writes it), objects and tags with their ids, logins and dates, graph nodes keyed
 * by the UUIDs the labeling tool gives them. Shapes and fields from Supervisely's annotation format
 * documentation and the SDK's geometry classes (supervisely/geometry/*.py).
 */
import { memoryTree } from '@labelport/core';

export const dumps = (doc: unknown) => `${JSON.stringify(doc, null, 4)}`;

/** Bitmap data from Supervisely's documentation: a 3x3 square with its centre unset (origin [1, 1]). */
export const RING =
  'eJzrDPBz5+WS4mJgYOD19HAJAtLMIMwIInOeqf8BUmwBPiGuQPr///9Lb86/C2QxlgT5BTM4PLuRBuTwebo4hlTMSa44sKHhISMDuxpTYrr03F6gDIOnq5/LOqeEJgDM5ht6';
/** The same, with its centre and the right pixel of the middle row unset. */
export const HOOK =
  'eJzrDPBz5+WS4mJgYOD19HAJAtLMIMwIInOeqf8BUmwBPiGuQPr///9Lb86/C2QxlgT5BTM4PLuRBuTwebo4hlTMSa44cOHAB6DqY0yORgq8YkAZBk9XP5d1TglNANAFGzA=';

const N1 = '8e20c830-ee86-450f-9d21-833eec53e3c5';
const N2 = 'bf89e248-7b3b-4732-888a-99d3369fbb2f';
const N3 = '66502c5b-8d98-492c-bb48-8ce7c4487038';

const cls = (id: number, title: string, shape: string, color: string, geometry_config: object = {}) => ({
  title,
  shape,
  color,
  geometry_config,
  id,
  hotkey: '',
});
const tagMeta = (id: number, name: string, color: string, value_type: string, rest: object = {}) => ({
  name,
  color,
  value_type,
  ...rest,
  id,
  hotkey: '',
  applicable_type: 'all',
  classes: [],
});

export const META = {
  classes: [
    cls(6509759, 'car', 'rectangle', '#F6FF00'),
    cls(6509764, 'lemon', 'polygon', '#BE55CE'),
    cls(6509770, 'road', 'line', '#2C7BFF'),
    cls(6509772, 'nose', 'point', '#FF8800'),
    cls(6509777, 'kiwi', 'bitmap', '#00FF12'),
    cls(6509781, 'person', 'graph', '#0F8A12', {
      nodes: {
        [N1]: { label: 'head', loc: [100, 50], color: '#0000FF' },
        [N2]: { label: 'left hand', loc: [60, 120], color: '#0000FF' },
        [N3]: { label: 'right hand', loc: [140, 120], color: '#0000FF' },
      },
      edges: [
        { src: N1, dst: N2, color: '#00FF00' },
        { src: N1, dst: N3, color: '#00FF00' },
      ],
    }),
    cls(6509790, 'ship', 'oriented_bbox', '#8A2F0F'),
  ],
  tags: [
    tagMeta(27855, 'cars_number', '#A0A08C', 'any_number'),
    tagMeta(27856, 'like', '#D98F7E', 'none'),
    tagMeta(27857, 'situated', '#855D79', 'oneof_string', { values: ['inside', 'outside'] }),
    { ...tagMeta(27858, 'car_color', '#ED68A1', 'any_string'), classes: ['car'] },
    {
      ...tagMeta(27859, 'occluded', '#5A6C8D', 'oneof_string', { values: ['true', 'false'] }),
      applicable_type: 'objectsOnly',
    },
    {
      ...tagMeta(222, '@label-group-id', '#FF0000', 'any_string'),
      applicable_type: 'objectsOnly',
      target_type: 'all',
    },
  ],
  projectType: 'images',
  projectSettings: { multiView: { enabled: false, tagName: null, tagId: null, isSynced: false } },
};

const stamp = (id: number, classId: number, geometryType: string) => ({
  id,
  classId,
  description: '',
  geometryType,
  labelerLogin: 'alexxx',
  createdAt: '2020-08-22T09:32:48.010Z',
  updatedAt: '2020-08-22T09:33:08.926Z',
});
const tag = (id: number, tagId: number, name: string, value: string | number | null) => ({
  id,
  tagId,
  name,
  value,
  labelerLogin: 'alexxx',
  createdAt: '2020-08-26T09:12:51.155Z',
  updatedAt: '2020-08-26T09:12:51.155Z',
});

/** ds1/ann/IMG_0748.jpeg.json: every shape, image tags, object tags, a label group. */
export const ANN_0748 = {
  description: '',
  tags: [
    tag(86458971, 27856, 'like', null),
    tag(86458968, 27857, 'situated', 'outside'),
    tag(86458969, 27855, 'cars_number', 2),
  ],
  size: { height: 60, width: 80 },
  objects: [
    {
      ...stamp(497521358, 6509759, 'rectangle'),
      tags: [tag(95462538, 27858, 'car_color', 'red'), tag(95462540, 222, '@label-group-id', 'head-light')],
      classTitle: 'car',
      points: {
        exterior: [
          [10, 12],
          [30, 40],
        ],
        interior: [],
      },
    },
    {
      ...stamp(497521359, 6509764, 'polygon'),
      tags: [tag(95462541, 27859, 'occluded', 'true'), tag(95462542, 222, '@label-group-id', 'head-light')],
      classTitle: 'lemon',
      points: {
        exterior: [
          [40, 10],
          [70, 10],
          [55, 35.5],
        ],
        interior: [],
      },
    },
    {
      ...stamp(497521360, 6509770, 'line'),
      tags: [],
      classTitle: 'road',
      points: {
        exterior: [
          [0, 59],
          [40, 30],
          [79, 59],
        ],
        interior: [],
      },
    },
    {
      ...stamp(497521361, 6509772, 'point'),
      tags: [],
      classTitle: 'nose',
      points: { exterior: [[50, 20]], interior: [] },
    },
    {
      ...stamp(497521362, 6509777, 'bitmap'),
      tags: [],
      classTitle: 'kiwi',
      bitmap: { data: RING, origin: [5, 45] },
    },
    {
      ...stamp(497521363, 6509781, 'graph'),
      tags: [],
      classTitle: 'person',
      nodes: { [N1]: { loc: [60, 5] }, [N3]: { loc: [70, 20], disabled: true } },
    },
    {
      ...stamp(497521364, 6509790, 'oriented_bbox'),
      tags: [],
      classTitle: 'ship',
      points: [
        [20, 20],
        [40, 30],
      ],
      angle: Math.PI / 6,
    },
  ],
};

/** ds1/ann/IMG_1836.json: an older project's name (the image's extension left out), a polygon with a hole. */
export const ANN_1836 = {
  description: 'food',
  tags: [],
  size: { height: 40, width: 40 },
  objects: [
    {
      ...stamp(503004154, 6509764, 'polygon'),
      tags: [],
      classTitle: 'lemon',
      points: {
        exterior: [
          [2, 2],
          [38, 2],
          [38, 38],
          [2, 38],
        ],
        interior: [
          [
            [10, 10],
            [30, 10],
            [30, 30],
            [10, 30],
          ],
        ],
      },
    },
  ],
};

/** Tropical/datasets/Lemon/ann/lemon_1.jpg.json: a nested dataset, no objects. */
export const ANN_LEMON = {
  description: '',
  tags: [tag(86458990, 27857, 'situated', 'inside')],
  size: { height: 10, width: 10 },
  objects: [],
};

export const projectFiles = (): Record<string, string | Uint8Array> => ({
  'meta.json': dumps(META),
  'ds1/ann/IMG_0748.jpeg.json': dumps(ANN_0748),
  'ds1/img/IMG_0748.jpeg': 'jpeg bytes',
  'ds1/ann/IMG_1836.json': dumps(ANN_1836),
  'ds1/img/IMG_1836.jpeg': 'jpeg bytes',
  'Tropical/datasets/Lemon/ann/lemon_1.jpg.json': dumps(ANN_LEMON),
  'Tropical/datasets/Lemon/img/lemon_1.jpg': 'jpeg bytes',
  'ds1/img_info/IMG_0748.jpeg.json': dumps({ id: 1, name: 'IMG_0748.jpeg', width: 80, height: 60 }),
});

export const projectTree = () => memoryTree(projectFiles());

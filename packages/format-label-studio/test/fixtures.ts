/**
 * Label Studio exports written by hand in the exact shape Label Studio 1.x writes them (its export
 * serializers' key order, optional keys left out where it leaves them out) and JSON-MIN as
 * label-studio-converter's convert_to_json_min writes it (data keys, id, one key per control, then
 * annotator, annotation_id, created_at, updated_at, lead_time).
 */

/**
 * Label Studio's brush RLE of a list of values, built bit string by bit string as label-studio-converter's
 * brush.py `encode_rle` builds it (a single value as '0' '00' '000' + 8 bits, runs in the four size
 * classes, the zero padding it always appends): independent of the package's encoder.
 */
export function brushPyRle(values: number[]): number[] {
  const bits = (v: number, n: number) => v.toString(2).padStart(n, '0');
  let s = bits(values.length, 32) + bits(7, 5) + [3, 4, 8, 16].map((x) => bits(x - 1, 4)).join('');
  for (let i = 0; i < values.length; ) {
    let j = i + 1;
    while (j < values.length && values[j] === values[i]) j++;
    const n = j - i;
    const v = bits(values[i]!, 8);
    if (n === 1) s += `0${'00'}${'000'}${v}`;
    else if (n <= 8) s += `100${bits(n - 1, 3)}${v}`;
    else if (n <= 16) s += `101${bits(n - 1, 4)}${v}`;
    else if (n <= 256) s += `110${bits(n - 1, 8)}${v}`;
    else {
      let left = n;
      while (left > 2 ** 16) {
        s += `111${bits(2 ** 16 - 1, 16)}${v}`;
        left -= 2 ** 16;
      }
      s += `111${bits(left - 1, 16)}${v}`;
    }
    i = j;
  }
  s += '0'.repeat(8 - (s.length % 8));
  const out: number[] = [];
  for (let k = 0; k < s.length; k += 8) out.push(Number.parseInt(s.slice(k, k + 8), 2));
  return out;
}

/** RGBA values of a mask as brush.py's mask2rle repeats them: each pixel's value four times. */
export const rgbaOf = (mask: number[]) => mask.flatMap((v) => [v, v, v, v]);

/** RGBA values as Label Studio's canvas gives them: the label's colour where painted, with alpha. */
export const paintedRgba = (mask: number[]) => mask.flatMap((v) => (v ? [255, 60, 0, 153] : [0, 0, 0, 0]));

/** A 4x3 mask: the 2x2 block at (1, 1). */
export const MASK_4X3 = [0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0];

const annotationMeta = (id: number, by: number) => ({ id, completed_by: by });
const annotationTail = (task: number, created: string) => ({
  was_cancelled: false,
  ground_truth: false,
  created_at: created,
  updated_at: created,
  draft_created_at: null,
  lead_time: 12.345,
  prediction: {},
  result_count: 0,
  unique_id: `0b9f3c2e-${task}`,
  import_id: null,
  last_action: null,
  task,
  project: 3,
  updated_by: 1,
  parent_prediction: null,
  parent_annotation: null,
  last_created_by: null,
});

function task(id: number, image: string, annotations: object[], predictions: object[] = []) {
  return {
    id,
    annotations,
    file_upload: image.split('/').pop(),
    drafts: [],
    predictions,
    data: { image },
    meta: {},
    created_at: '2024-05-02T10:00:00.000000Z',
    updated_at: '2024-05-02T10:30:00.000000Z',
    inner_id: id,
    total_annotations: annotations.length,
    cancelled_annotations: 0,
    total_predictions: predictions.length,
    comment_count: 0,
    unresolved_comment_count: 0,
    last_comment_updated_at: null,
    project: 3,
    updated_by: 1,
    comment_authors: [],
  };
}

const size = (w: number, h: number) => ({ original_width: w, original_height: h, image_rotation: 0 });
const ids = (id: string, from: string, type: string) => ({
  id,
  from_name: from,
  to_name: 'image',
  type,
  origin: 'manual',
});

/** Task 1: every kind of result on a 200x100 image, by one annotator. */
export const TASK_1 = task(1, '/data/upload/3/a1b2c3d4-street.jpg', [
  {
    ...annotationMeta(11, 1),
    result: [
      {
        ...size(200, 100),
        value: { x: 10, y: 20, width: 25, height: 20, rotation: 90, rectanglelabels: ['Car'] },
        ...ids('rect1', 'label', 'rectanglelabels'),
      },
      {
        ...size(200, 100),
        value: {
          points: [
            [10, 10],
            [50, 10],
            [50, 50],
          ],
          closed: true,
          polygonlabels: ['Road'],
        },
        ...ids('poly1', 'polygon', 'polygonlabels'),
      },
      {
        ...size(200, 100),
        value: { x: 50, y: 50, width: 0.75, keypointlabels: ['Person'] },
        ...ids('kp1', 'keypoint', 'keypointlabels'),
      },
      {
        ...size(200, 100),
        value: { x: 50, y: 40, radiusX: 10, radiusY: 20, rotation: 30, ellipselabels: ['Sign'] },
        ...ids('ell1', 'ellipse', 'ellipselabels'),
      },
      {
        ...size(200, 100),
        value: { text: ['a parked car'] },
        ...ids('rect1', 'note', 'textarea'),
      },
      { value: { choices: ['Day'] }, ...ids('cls1', 'choice', 'choices') },
      { value: { text: ['A street by day'] }, ...ids('cap1', 'caption', 'textarea') },
      { from_id: 'rect1', to_id: 'poly1', type: 'relation', direction: 'right', labels: ['on'] },
    ],
    ...annotationTail(1, '2024-05-02T10:10:00.000000Z'),
  },
]);

/** Task 2: a 4x3 image with a brush mask by annotator 1, a box by annotator 2, a cancelled annotation and a prediction. */
export const TASK_2 = task(
  2,
  '/data/local-files/?d=images/mask%20me.png',
  [
    {
      ...annotationMeta(21, 1),
      result: [
        {
          ...size(4, 3),
          value: { format: 'rle', rle: brushPyRle(paintedRgba(MASK_4X3)), brushlabels: ['Road'] },
          ...ids('brush1', 'brush', 'brushlabels'),
        },
      ],
      ...annotationTail(2, '2024-05-02T10:11:00.000000Z'),
    },
    {
      ...annotationMeta(22, 2),
      result: [
        {
          ...size(4, 3),
          value: { x: 25, y: 0, width: 50, height: 100, rotation: 0, rectanglelabels: ['Car'] },
          ...ids('b2', 'label', 'rectanglelabels'),
        },
      ],
      ...annotationTail(2, '2024-05-02T10:12:00.000000Z'),
    },
    {
      ...annotationMeta(23, 3),
      result: [],
      ...annotationTail(2, '2024-05-02T10:13:00.000000Z'),
      was_cancelled: true,
    },
  ],
  [
    {
      id: 5,
      model_version: 'yolo-v8',
      created_ago: '2 hours',
      result: [
        {
          ...size(4, 3),
          value: { x: 0, y: 0, width: 50, height: 50, rotation: 0, rectanglelabels: ['Car'] },
          ...ids('p1', 'label', 'rectanglelabels'),
          score: 0.87,
        },
      ],
      score: 0.87,
      cluster: null,
      neighbors: null,
      mislabeling: 0,
      created_at: '2024-05-02T09:00:00.000000Z',
      updated_at: '2024-05-02T09:00:00.000000Z',
      task: 2,
      project: 3,
    },
  ],
);

/** A JSON-MIN export of two tasks, the second annotated twice (records newest first, as the converter sorts them). */
export const JSON_MIN = [
  {
    image: '/data/local-files/?d=images/dog.jpg',
    id: 7,
    label: [
      {
        x: 10,
        y: 10,
        width: 50,
        height: 50,
        rotation: 0,
        rectanglelabels: ['Dog'],
        original_width: 640,
        original_height: 480,
      },
    ],
    choice: 'Outdoor',
    annotator: 1,
    annotation_id: 70,
    created_at: '2024-05-02T10:00:00.000000Z',
    updated_at: '2024-05-02T10:00:00.000000Z',
    lead_time: 3.1,
  },
  {
    image: '/data/local-files/?d=images/cat.jpg',
    id: 8,
    label: [
      {
        x: 0,
        y: 0,
        width: 10,
        height: 10,
        rotation: 0,
        rectanglelabels: ['Cat'],
        original_width: 100,
        original_height: 100,
      },
    ],
    annotator: 'bob@example.com',
    annotation_id: 81,
    created_at: '2024-05-03T10:00:00.000000Z',
    updated_at: '2024-05-03T10:00:00.000000Z',
    lead_time: 1.5,
  },
  {
    image: '/data/local-files/?d=images/cat.jpg',
    id: 8,
    label: [
      {
        x: 5,
        y: 5,
        width: 10,
        height: 10,
        rotation: 0,
        rectanglelabels: ['Cat'],
        original_width: 100,
        original_height: 100,
      },
      {
        x: 50,
        y: 50,
        width: 10,
        height: 10,
        rotation: 0,
        rectanglelabels: ['Dog'],
        original_width: 100,
        original_height: 100,
      },
    ],
    annotator: 1,
    annotation_id: 80,
    created_at: '2024-05-02T10:00:00.000000Z',
    updated_at: '2024-05-02T10:00:00.000000Z',
    lead_time: 2.0,
  },
];

/** Python's json.dumps(indent=2) layout, as Label Studio and its converter write exports. */
export const dumps = (v: unknown) => JSON.stringify(v, null, 2);

// Datumaro's `roboflow_tfrecord`: Roboflow's TFRecord export, read by tf_detection_api. The fixture
// is in Roboflow's shape: one folder per split, each with `<project>.tfrecord` and
// `<project>_label_map.pbtxt` (double quotes and commas), records without `image/source_id`.
import { createRegistry, memoryTree } from '@labelport/core';
import { concatBytes } from '@labelport/core/files';
import { encodePng } from '@labelport/core/png';
import { describeFormat } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formats, tfDetectionApi } from '../src/index.js';
import {
  bytesFeature,
  encodeExample,
  type Features,
  floatFeature,
  int64Feature,
} from '../src/lib/tf-example.js';
import { frameTfRecord } from '../src/lib/tfrecord-framing.js';

const LABEL_MAP =
  'item {\n    name: "cat",\n    id: 1,\n    display_name: "cat"\n}\nitem {\n    name: "dog",\n    id: 2,\n    display_name: "dog"\n}\n';

/** One Example as Roboflow writes it: the image inside, its boxes normalised, classes by name and id. */
function example(filename: string, boxes: [string, number, number, number, number, number][]): Uint8Array {
  const f: Features = new Map([
    ['image/height', int64Feature([4])],
    ['image/width', int64Feature([8])],
    ['image/filename', bytesFeature(filename)],
    [
      'image/encoded',
      bytesFeature(encodePng({ width: 8, height: 4, colorType: 'gray', data: new Uint8Array(32) })),
    ],
    ['image/format', bytesFeature('png')],
    ['image/object/bbox/xmin', floatFeature(boxes.map((b) => b[2]))],
    ['image/object/bbox/xmax', floatFeature(boxes.map((b) => b[3]))],
    ['image/object/bbox/ymin', floatFeature(boxes.map((b) => b[4]))],
    ['image/object/bbox/ymax', floatFeature(boxes.map((b) => b[5]))],
    ['image/object/class/text', bytesFeature(...boxes.map((b) => b[0]))],
    ['image/object/class/label', int64Feature(boxes.map((b) => b[1]))],
  ]);
  return frameTfRecord(encodeExample(f));
}

const roboflowTree = () =>
  memoryTree({
    'README.roboflow.txt': 'Pets - v2\n',
    'train/pets.tfrecord': concatBytes([
      example('a_png.rf.11aa.png', [['cat', 1, 0.125, 0.375, 0.25, 0.75]]),
      example('b_png.rf.22bb.png', [
        ['dog', 2, 0, 0.5, 0, 1],
        ['cat', 1, 0.5, 1, 0.5, 1],
      ]),
    ]),
    'train/pets_label_map.pbtxt': LABEL_MAP,
    'valid/pets.tfrecord': example('c_png.rf.33cc.png', [['dog', 2, 0.25, 0.5, 0.25, 0.5]]),
    'valid/pets_label_map.pbtxt': LABEL_MAP,
  });

describeFormat(tfDetectionApi, {
  fixtures: [
    {
      name: "Roboflow's TFRecord export (roboflow_tfrecord): a record and a label map per split folder",
      tree: roboflowTree,
      // the subsets are the split folders (every record is named after the project), as Datumaro names them
      expect: { items: 3, subsets: { train: 2, valid: 1 }, annotations: { bbox: 4 }, labels: ['cat', 'dog'] },
      check(ds) {
        const a = ds.get('train', 'a_png.rf.11aa')!;
        expect(a.annotations[0]).toMatchObject({ label: 0, x: 1, y: 1, w: 2, h: 2 });
        expect(a.attributes).toEqual({});
        expect(ds.get('valid', 'c_png.rf.33cc')!.annotations[0]).toMatchObject({ label: 1, x: 2, y: 1 });
      },
    },
  ],
});

describe("Datumaro's roboflow_tfrecord", () => {
  it('is tf_detection_api, and its layout is detected as tf_detection_api alone', async () => {
    const registry = createRegistry(formats);
    expect(registry.get('roboflow_tfrecord')).toBe(tfDetectionApi);
    const { matches } = await registry.detect(roboflowTree());
    expect(matches).toEqual([{ id: 'tf_detection_api', confidence: 1, root: '' }]);
  });

  it('records of several subsets in one folder keep their stems as subsets', async () => {
    const tree = memoryTree({
      'data/train.tfrecord': example('a.png', []),
      'data/val.tfrecord': example('b.png', []),
      'other/test.tfrecord': example('c.png', []),
      'data/label_map.pbtxt': LABEL_MAP,
    });
    const ds = await (await tfDetectionApi.read!(tree)).items();
    const subsets: string[] = [];
    for await (const item of ds) subsets.push(item.subset);
    expect(subsets.sort()).toEqual(['test', 'train', 'val']);
  });
});

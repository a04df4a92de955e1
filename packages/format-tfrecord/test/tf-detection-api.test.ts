import { bitmapMask, createRegistry, Dataset, memorySink, memoryTree } from '@labelport/core';
import { decodePng, encodePng } from '@labelport/core/png';
import { describeFormat, readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { tfDetectionApi } from '../src/index.js';
import {
  bytesFeature,
  decodeExample,
  encodeExample,
  type Features,
  floatFeature,
  int64Feature,
} from '../src/lib/tf-example.js';
import { frameTfRecord, readTfRecords } from '../src/lib/tfrecord-framing.js';

const png = (width: number, height: number, data?: Uint8Array) =>
  encodePng({ width, height, colorType: 'gray', data: data ?? new Uint8Array(width * height).fill(9) });

const recordFile = (examples: Features[]) => {
  const parts = examples.map((e) => frameTfRecord(encodeExample(e)));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

const LABEL_MAP =
  "item {\n  id: 1\n  name: 'cat'\n}\nitem {\n  id: 2\n  name: 'dog'\n}\nitem {\n  id: 3\n  name: 'bird'\n}\n";

// A 4x2 mask: the left half set.
const HALF = Uint8Array.from([1, 1, 0, 0, 1, 1, 0, 0]);

const image = (
  filename: string,
  sourceId: string,
  width: number,
  height: number,
  encoded?: Uint8Array,
): Features =>
  new Map([
    ['image/filename', bytesFeature(filename)],
    ['image/source_id', bytesFeature(sourceId)],
    ['image/width', int64Feature([width])],
    ['image/height', int64Feature([height])],
    ['image/encoded', bytesFeature(encoded ?? new Uint8Array(0))],
    ['image/format', bytesFeature(encoded ? 'png' : '')],
  ]);

const detectionTree = () => {
  const a = image('a.png', '1', 20, 10, png(20, 10));
  a.set('image/object/bbox/xmin', floatFeature([0.1, 0]));
  a.set('image/object/bbox/xmax', floatFeature([0.5, 1.2]));
  a.set('image/object/bbox/ymin', floatFeature([0.2, 0]));
  a.set('image/object/bbox/ymax', floatFeature([0.6, 0.5]));
  a.set('image/object/class/text', bytesFeature('dog', ''));
  a.set('image/object/class/label', int64Feature([2, 1]));
  const b = image('sub/b.jpg', '2', 8, 8);
  const c = image('c.png', '', 4, 2);
  c.set('image/object/bbox/xmin', floatFeature([0]));
  c.set('image/object/bbox/xmax', floatFeature([0.5]));
  c.set('image/object/bbox/ymin', floatFeature([0]));
  c.set('image/object/bbox/ymax', floatFeature([1]));
  c.set('image/object/class/text', bytesFeature('bird'));
  c.set('image/object/class/label', int64Feature([3]));
  c.set('image/object/mask', bytesFeature(png(4, 2, HALF)));
  return memoryTree({
    'label_map.pbtxt': LABEL_MAP,
    'train.tfrecord': recordFile([a, b]),
    'val.tfrecord': recordFile([c]),
  });
};

const labels = { labels: [{ name: 'cat' }, { name: 'dog' }, { name: 'bird' }] };

const boxes = () =>
  new Dataset(labels, [
    {
      id: 'one',
      subset: 'train',
      media: { kind: 'image', path: 'one.png', width: 16, height: 8, bytes: async () => png(16, 8) },
      annotations: [
        { type: 'bbox', x: 0, y: 4, w: 4, h: 4, label: 2, attributes: { difficult: true, truncated: false } },
        { type: 'bbox', x: 2, y: 1, w: 8, h: 2, label: 0, attributes: { difficult: false, truncated: true } },
      ],
      attributes: { source_id: 'src-1' },
    },
    {
      id: 'dir/two',
      subset: 'val',
      media: { kind: 'image', path: 'two.png', width: 4, height: 4, bytes: async () => png(4, 4) },
      annotations: [{ type: 'bbox', x: 1, y: 1, w: 2, h: 2, attributes: {} }],
      attributes: {},
    },
  ]);

const masks = () =>
  new Dataset(labels, [
    {
      id: 'm',
      subset: 'default',
      media: { kind: 'image', path: 'm.jpg', width: 4, height: 2 },
      annotations: [
        { type: 'mask', label: 1, mask: bitmapMask({ width: 4, height: 2, data: HALF }), attributes: {} },
        { type: 'bbox', x: 3, y: 0, w: 1, h: 2, label: 0, attributes: {} },
      ],
      attributes: {},
    },
  ]);

/** An instance-segmentation object: its box (as written, not the mask's extent) and its mask, in group 0. */
const maskedObject = () =>
  new Dataset(labels, [
    {
      id: 'm',
      subset: 'default',
      media: { kind: 'image', path: 'm.jpg', width: 4, height: 2 },
      annotations: [
        { type: 'bbox', x: 0, y: 0, w: 2.5, h: 2, label: 1, group: 0, attributes: {} },
        {
          type: 'mask',
          label: 1,
          group: 0,
          mask: bitmapMask({ width: 4, height: 2, data: HALF }),
          attributes: {},
        },
        { type: 'bbox', x: 3, y: 0, w: 1, h: 2, label: 0, attributes: {} },
      ],
      attributes: {},
    },
  ]);

describeFormat(tfDetectionApi, {
  fixtures: [
    {
      name: 'boxes, a mask, an image without objects',
      tree: detectionTree,
      // train: a.png with 2 boxes, sub/b.jpg with none; val: c.png with one object with a mask.
      expect: {
        items: 3,
        subsets: { train: 2, val: 1 },
        annotations: { bbox: 3, mask: 1 },
        labels: ['cat', 'dog', 'bird'],
      },
      async check(ds) {
        const a = ds.get('train', 'a')!;
        expect(a.attributes).toEqual({ source_id: '1' });
        expect(a.media).toMatchObject({ path: 'a.png', width: 20, height: 10 });
        expect(decodePng(await a.media!.bytes!()).width).toBe(20);
        const [dog, cat] = a.annotations as any[];
        // 0.1 * 20 = 2 (float32), and the second box's xmax 1.2 is clamped to the width.
        expect(dog.label).toBe(1);
        expect(dog.x).toBeCloseTo(2, 5);
        expect(dog.y).toBeCloseTo(2, 5);
        expect(dog.w).toBeCloseTo(8, 5);
        expect(dog.h).toBeCloseTo(4, 5);
        expect(cat).toMatchObject({ label: 0, x: 0, y: 0, w: 20, h: 5 });
        expect(ds.get('train', 'sub/b')!.media!.bytes).toBeUndefined();
        // an object with a mask is its box and its mask, grouped
        const [box, mask] = ds.get('val', 'c')!.annotations;
        expect(box).toMatchObject({ type: 'bbox', label: 2, group: 0 });
        expect(mask).toMatchObject({ type: 'mask', label: 2, group: 0 });
      },
    },
  ],
  roundTrips: [
    {
      name: 'boxes, flags, source ids and images',
      source: boxes,
      writeOptions: { saveMedia: true },
      compare: { digits: 4 },
    },
    {
      name: 'an object of a box and a mask (and a box)',
      source: maskedObject,
      compare: { digits: 4 },
    },
  ],
  badInputs: [
    {
      name: 'a damaged record',
      tree: () => {
        const t = recordFile([image('a.png', '', 1, 1), image('b.png', '', 1, 1)]);
        t[t.length - 10] ^= 0x40;
        return memoryTree({ 'train.tfrecord': t, 'label_map.pbtxt': LABEL_MAP });
      },
      code: 'bad-binary',
      message: /^train\.tfrecord: record 1 \(byte \d+\): the CRC of the record data is wrong/,
    },
    {
      name: 'a cut file',
      tree: () => memoryTree({ 'train.tfrecord': recordFile([image('a.png', '', 1, 1)]).subarray(0, 30) }),
      code: 'bad-binary',
      message: /^train\.tfrecord: record 0 \(byte 0\): the file ends inside the record/,
    },
    {
      name: 'box lists of different lengths',
      tree: () => {
        const e = image('a.png', '', 10, 10);
        e.set('image/object/bbox/xmin', floatFeature([0, 0.1]));
        e.set('image/object/bbox/xmax', floatFeature([1, 1]));
        e.set('image/object/bbox/ymin', floatFeature([0]));
        e.set('image/object/bbox/ymax', floatFeature([1, 1]));
        return memoryTree({ 'train.tfrecord': recordFile([e]), 'label_map.pbtxt': LABEL_MAP });
      },
      code: 'bad-binary',
      message: /^train\.tfrecord: record 0 \(byte 0\)\.image\/object\/bbox: the box lists differ in length/,
    },
    {
      name: 'a record that is not a protobuf message',
      tree: () => memoryTree({ 'train.tfrecord': frameTfRecord(Uint8Array.from([0x0a, 0x7f, 1, 2])) }),
      code: 'bad-binary',
      message: /^train\.tfrecord: record 0 \(byte 0\): length 127 runs past the end/,
    },
    {
      name: 'a file name that leaves the dataset',
      tree: () => memoryTree({ 'train.tfrecord': recordFile([image('../../etc/passwd', '', 1, 1)]) }),
      code: 'unsafe-path',
      message:
        /^train\.tfrecord: record 0 \(byte 0\): path '\.\.\/\.\.\/etc\/passwd' leaves the dataset root$/,
    },
    {
      name: 'a broken label map',
      tree: () => memoryTree({ 'train.tfrecord': recordFile([]), 'label_map.pbtxt': 'item {\n id: x\n}' }),
      code: 'bad-line',
      message: /^label_map\.pbtxt: line 2: /,
    },
  ],
});

describe('tf_detection_api details', () => {
  it('finds the records in annotations/ and the images in images/', async () => {
    const tree = memoryTree({
      'ds/annotations/train.tfrecord': recordFile([image('x.png', '', 2, 2)]),
      'ds/annotations/label_map.pbtxt': LABEL_MAP,
      'ds/images/x.png': png(2, 2),
    });
    const { matches } = await createRegistry([tfDetectionApi]).detect(tree);
    expect(matches).toEqual([{ id: 'tf_detection_api', confidence: 1, root: 'ds' }]);
    const ds = await readAll(tfDetectionApi, tree.sub('ds'));
    const item = ds.get('train', 'x')!;
    expect(item.media!.path).toBe('images/x.png');
    expect(decodePng(await item.media!.bytes!()).width).toBe(2);
  });

  it('reads sharded, .tfrecords and gzip-compressed files', async () => {
    const { gzipSync } = await import('fflate');
    const tree = memoryTree({
      'label_map.pbtxt': LABEL_MAP,
      'train.record-00000-of-00002': recordFile([image('a.png', '', 1, 1)]),
      'train.record-00001-of-00002': recordFile([image('b.png', '', 1, 1)]),
      'val.tfrecords.gz': gzipSync(recordFile([image('c.png', '', 1, 1)])),
      'test.tfrecords': recordFile([image('d.png', '', 1, 1)]),
    });
    const { matches } = await createRegistry([tfDetectionApi]).detect(tree);
    expect(matches).toEqual([{ id: 'tf_detection_api', confidence: 1, root: '' }]);
    const ds = await readAll(tfDetectionApi, tree);
    expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).map((i) => i.id)]))).toEqual({
      train: ['a', 'b'],
      val: ['c'],
      test: ['d'],
    });
  });

  it('refuses a .tfrecord that is not one', async () => {
    const tree = memoryTree({ 'train.tfrecord': 'hello, this is text and not records' });
    const { matches, rejected } = await createRegistry([tfDetectionApi]).detect(tree);
    expect(matches).toEqual([]);
    expect(rejected[0]!.reason).toMatch(/TFRecord header/);
  });

  it('takes labels from the records when there is no label map', async () => {
    const e = image('a.png', '', 10, 10);
    e.set('image/object/bbox/xmin', floatFeature([0, 0]));
    e.set('image/object/bbox/xmax', floatFeature([1, 1]));
    e.set('image/object/bbox/ymin', floatFeature([0, 0]));
    e.set('image/object/bbox/ymax', floatFeature([1, 1]));
    e.set('image/object/class/text', bytesFeature('zebra', 'ant'));
    e.set('image/object/class/label', int64Feature([5, 2]));
    const ds = await readAll(tfDetectionApi, memoryTree({ 'x.tfrecord': recordFile([e]) }));
    expect(ds.categories.labels).toEqual([
      { name: 'ant', id: 2 },
      { name: 'zebra', id: 5 },
    ]);
    expect(ds.get('x', 'a')!.annotations.map((a) => a.label)).toEqual([1, 0]);
  });

  it('matches class names with display names too', async () => {
    const e = image('a.png', '', 10, 10);
    e.set('image/object/bbox/xmin', floatFeature([0]));
    e.set('image/object/bbox/xmax', floatFeature([1]));
    e.set('image/object/bbox/ymin', floatFeature([0]));
    e.set('image/object/bbox/ymax', floatFeature([1]));
    e.set('image/object/class/text', bytesFeature('person'));
    e.set('image/object/class/label', int64Feature([1]));
    const lm =
      'item { name: "/m/01g317" id: 1 display_name: "person" }\nitem { name: "/m/0199g" id: 2 display_name: "bicycle" }\n';
    const warnings: string[] = [];
    const ds = await readAll(
      tfDetectionApi,
      memoryTree({ 'x.tfrecord': recordFile([e]), 'label_map.pbtxt': lm }),
      {
        onWarning: (w: string) => warnings.push(w),
      },
    );
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['/m/01g317', '/m/0199g']);
    expect(ds.get('x', 'a')!.annotations[0]!.label).toBe(0);
    expect(warnings).toEqual([]);
  });

  it('reads class ids alone through the label map', async () => {
    const e = image('a.png', '', 10, 10);
    e.set('image/object/bbox/xmin', floatFeature([0]));
    e.set('image/object/bbox/xmax', floatFeature([1]));
    e.set('image/object/bbox/ymin', floatFeature([0]));
    e.set('image/object/bbox/ymax', floatFeature([1]));
    e.set('image/object/class/label', int64Feature([3]));
    const ds = await readAll(
      tfDetectionApi,
      memoryTree({ 'x.tfrecord': recordFile([e]), 'label_map.pbtxt': LABEL_MAP }),
    );
    expect(ds.get('x', 'a')!.annotations[0]!.label).toBe(2);
  });

  it('writes what Datumaro writes: ids from 1, empty image fields without saveMedia, CRCs that check', async () => {
    const sink = memorySink();
    const report = await tfDetectionApi.write!(boxes(), sink, {});
    await sink.commit();
    expect(report.dropped).toEqual({});
    expect([...sink.files.keys()].sort()).toEqual(['label_map.pbtxt', 'train.tfrecord', 'val.tfrecord']);
    expect(new TextDecoder().decode(sink.files.get('label_map.pbtxt'))).toBe(
      "item {\n\tid: 1\n\tname: 'cat'\n}\n\nitem {\n\tid: 2\n\tname: 'dog'\n}\n\nitem {\n\tid: 3\n\tname: 'bird'\n}\n\n",
    );
    const records = [];
    for await (const r of readTfRecords([sink.files.get('train.tfrecord')!], 'train.tfrecord'))
      records.push(r);
    expect(records).toHaveLength(1);
    const f = decodeExample(records[0]!.data);
    expect(f.get('image/encoded')).toEqual({ kind: 'bytes', values: [new Uint8Array(0)] });
    expect(f.get('image/object/class/label')).toEqual({ kind: 'int64', values: [3, 1] });
    expect(f.get('image/object/difficult')).toEqual({ kind: 'int64', values: [1, 0] });
    expect(f.get('image/source_id')!.values.map((v) => new TextDecoder().decode(v as Uint8Array))).toEqual([
      'src-1',
    ]);
  });

  it("writes records whose CRCs a bit-by-bit CRC-32C (the spec's definition) agrees with", async () => {
    // Reference: CRC-32C one bit at a time (reflected polynomial 0x82F63B78, init and xor 0xFFFFFFFF),
    // masked as TFRecord masks it; independent of the table-driven code under test.
    const crc = (bytes: Uint8Array) => {
      let c = 0xffffffff;
      for (const b of bytes) {
        c ^= b;
        for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
      }
      return (c ^ 0xffffffff) >>> 0;
    };
    const reference = (bytes: Uint8Array) => {
      const c = crc(bytes);
      return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
    };
    expect(crc(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    const sink = memorySink();
    await tfDetectionApi.write!(boxes(), sink, { saveMedia: true });
    await sink.commit();
    for (const name of ['train.tfrecord', 'val.tfrecord']) {
      const file = sink.files.get(name)!;
      const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
      let at = 0;
      let records = 0;
      while (at < file.length) {
        const length = view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
        expect(view.getUint32(at + 8, true)).toBe(reference(file.subarray(at, at + 8)));
        expect(view.getUint32(at + 12 + length, true)).toBe(
          reference(file.subarray(at + 12, at + 12 + length)),
        );
        at += 16 + length;
        records++;
      }
      expect(at).toBe(file.length);
      expect(records).toBe(1);
    }
  });

  it('writes the image and its sha256 with saveMedia', async () => {
    const sink = memorySink();
    await tfDetectionApi.write!(boxes(), sink, { saveMedia: true });
    await sink.commit();
    const records = [];
    for await (const r of readTfRecords([sink.files.get('val.tfrecord')!], 'val.tfrecord')) records.push(r);
    const f = decodeExample(records[0]!.data);
    const encoded = (f.get('image/encoded')!.values as Uint8Array[])[0]!;
    expect(encoded).toEqual(png(4, 4));
    const sha = new TextDecoder().decode((f.get('image/key/sha256')!.values as Uint8Array[])[0]);
    const { createHash } = await import('node:crypto');
    expect(sha).toBe(createHash('sha256').update(encoded).digest('hex'));
    expect(new TextDecoder().decode((f.get('image/format')!.values as Uint8Array[])[0])).toBe('png');
  });

  it('writes a mask without a box with the box around it, and reads both back grouped', async () => {
    const sink = memorySink();
    const report = await tfDetectionApi.write!(masks(), sink, {});
    await sink.commit();
    expect(report.dropped).toEqual({});
    const anns = (await readAll(tfDetectionApi, sink.tree())).get('default', 'm')!.annotations;
    expect(anns.map((a) => [a.type, a.group])).toEqual([
      ['bbox', 0],
      ['mask', 0],
      ['bbox', undefined],
    ]);
    expect(anns[0]).toMatchObject({ x: 0, y: 0, w: 2, h: 2, label: 1 });
  });

  it('turns masks into boxes without saveMasks, and says so', async () => {
    const sink = memorySink();
    const report = await tfDetectionApi.write!(masks(), sink, { saveMasks: false });
    await sink.commit();
    expect(report.converted).toEqual({ 'mask->bbox': 1 });
    const ds = await readAll(tfDetectionApi, sink.tree());
    const anns = ds.get('default', 'm')!.annotations;
    expect(anns.map((a) => a.type)).toEqual(['bbox', 'bbox']);
    expect(anns[0]).toMatchObject({ x: 0, y: 0, w: 2, h: 2, label: 1 });
  });

  it('rasterizes polygons into masks', async () => {
    const ds = new Dataset(labels, [
      {
        id: 'p',
        subset: 'default',
        media: { kind: 'image', path: 'p.png', width: 4, height: 4 },
        annotations: [{ type: 'polygon', points: [0, 0, 4, 0, 4, 4, 0, 4], label: 0, attributes: {} }],
        attributes: {},
      },
    ]);
    const sink = memorySink();
    const report = await tfDetectionApi.write!(ds, sink, {});
    await sink.commit();
    expect(report.converted).toEqual({ 'polygon->mask': 1 });
    const back = await readAll(tfDetectionApi, sink.tree());
    expect(back.get('default', 'p')!.annotations.map((a) => a.type)).toEqual(['bbox', 'mask']);
  });

  it('skips bad records when lenient', async () => {
    const good = image('a.png', '', 1, 1);
    const bad = image('b.png', '', 10, 10);
    bad.set('image/object/bbox/xmin', floatFeature([0, 0]));
    const warnings: string[] = [];
    const ds = await readAll(tfDetectionApi, memoryTree({ 't.tfrecord': recordFile([good, bad, good]) }), {
      lenient: true,
      onWarning: (w: string) => warnings.push(w),
    });
    expect(ds.size).toBe(1);
    expect(warnings).toEqual([expect.stringMatching(/^t\.tfrecord: record 1 .*box lists differ/)]);
  });
});

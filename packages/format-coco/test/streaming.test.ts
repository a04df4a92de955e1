// A task file read as a stream (annotations kept as byte ranges, parsed image by image) reads to
// the same dataset as one parsed whole; errors name the element and its byte offset.
import { convert, DatasetError, memorySink, memoryTree } from '@labelport/core';
import { streamOnly } from '@labelport/core/json';
import { normalizeDataset, readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { coco, cocoInstances, cocoPersonKeypoints } from '../src/index.js';
import { cocoTree, instancesTrain } from './fixtures/samples.js';

/** Read options that parse every file whole: the reference. */
const WHOLE = { streamAbove: Number.POSITIVE_INFINITY };
/** Read options that stream every file, in chunks of a few bytes (elements span chunks). */
const streamed = (chunkSize: number) => ({ streamAbove: 0, chunkSize });

/** Annotations in no order of image, keys in pycocotools' order (segmentation before image_id). */
const shuffled = {
  categories: [
    { id: 0, name: 'a' },
    { id: 1, name: 'b' },
  ],
  annotations: [
    {
      segmentation: [[0, 0, 2, 0, 2, 2]],
      area: 2,
      iscrowd: 0,
      image_id: 2,
      bbox: [0, 0, 2, 2],
      category_id: 1,
      id: 0,
    },
    {
      segmentation: { counts: [1, 2, 9], size: [3, 4] },
      area: 2,
      iscrowd: 1,
      image_id: 1,
      bbox: [0, 1, 1, 2],
      category_id: 0,
      id: 1,
    },
    {
      segmentation: [],
      area: 1,
      iscrowd: 0,
      image_id: 2,
      bbox: [1, 1, 1, 1],
      category_id: 0,
      id: 2,
      attributes: { image_id: 'x' },
    },
    { area: 1, iscrowd: 0, image_id: 1, bbox: [3, 2, 1, 1], category_id: 1, id: 3, caption: 'é ü' },
  ],
  images: [
    { id: 2, file_name: 'two.jpg', width: 4, height: 3, coco_url: 'http://x' },
    { id: 1, file_name: 'one.jpg', width: 4, height: 3 },
    { id: 3, file_name: 'three.jpg', width: 4, height: 3 },
  ],
};

describe('COCO streamed reading', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['the instances sample', instancesTrain],
    ['annotations in no order, images last', shuffled],
  ];
  for (const [name, json] of cases) {
    for (const chunk of [7, 64, 1 << 20]) {
      it(`${name}, chunks of ${chunk} bytes: the same dataset as read whole`, async () => {
        const tree = () => cocoTree({ 'annotations/instances_train.json': json });
        const whole = await readAll(cocoInstances, tree(), WHOLE);
        const stream = await readAll(cocoInstances, tree(), streamed(chunk));
        expect(await normalizeDataset(stream)).toEqual(await normalizeDataset(whole));
      });
    }
  }

  it('COCO -> COCO from a streamed file writes the same bytes', async () => {
    const out = async (options?: object) => {
      const ds = await readAll(
        cocoInstances,
        cocoTree({ 'annotations/instances_train.json': shuffled }),
        options,
      );
      const sink = memorySink();
      await convert(ds, cocoInstances, sink);
      return new TextDecoder().decode(sink.files.get('annotations/instances_train.json'));
    };
    expect(await out(streamed(16))).toBe(await out(WHOLE));
  });

  it('several task files of one subset, streamed, merge per image as when read whole', async () => {
    const keypoints = {
      images: shuffled.images,
      categories: [{ id: 1, name: 'b', keypoints: ['nose', 'eye'], skeleton: [[1, 2]] }],
      annotations: [
        {
          id: 0,
          image_id: 2,
          category_id: 1,
          keypoints: [1, 1, 2, 2, 2, 1],
          num_keypoints: 2,
          bbox: [0, 0, 2, 2],
          area: 2,
          iscrowd: 0,
          segmentation: [[0, 0, 2, 0, 2, 2]],
        },
      ],
    };
    const tree = () =>
      cocoTree({
        'annotations/instances_train.json': shuffled,
        'annotations/person_keypoints_train.json': keypoints,
      });
    const whole = await readAll(coco, tree(), WHOLE);
    const stream = await readAll(coco, tree(), streamed(5));
    expect(await normalizeDataset(stream)).toEqual(await normalizeDataset(whole));
    const kp = await readAll(cocoPersonKeypoints, tree(), streamed(5));
    expect(kp.get('train', 'two')?.annotations.some((a) => a.type === 'points')).toBe(true);
  });

  it('a syntax error inside an annotation names the element and its byte offset', async () => {
    const text = JSON.stringify(instancesTrain).replace(
      '"area":3,"bbox":[0,0,1,3]',
      '"area":3,"bbox":[0,0,1,3,]',
    );
    const tree = memoryTree({ 'annotations/instances_train.json': text });
    const at = text.indexOf('{"id":12,');
    const ds = readAll(cocoInstances, tree, streamed(64));
    await expect(ds).rejects.toThrow(
      `annotations/instances_train.json: annotations[1] (byte ${at}): invalid JSON`,
    );
  });

  it('a bad field in a streamed file is named as in a file read whole', async () => {
    const bad = {
      ...shuffled,
      annotations: [...shuffled.annotations, { id: 9, image_id: 42, category_id: 0, bbox: [0, 0, 1, 1] }],
    };
    const tree = () => cocoTree({ 'annotations/instances_train.json': bad });
    const msg = "annotations/instances_train.json: annotations[4]: image_id number 42 is not in 'images'";
    await expect(readAll(cocoInstances, tree(), streamed(9))).rejects.toThrow(msg);
    await expect(readAll(cocoInstances, tree(), WHOLE)).rejects.toThrow(msg);
    const notObject = { ...shuffled, annotations: [...shuffled.annotations, 5] };
    await expect(
      readAll(cocoInstances, cocoTree({ 'annotations/instances_train.json': notObject }), streamed(9)),
    ).rejects.toThrow('annotations[4]: expected an object');
  });

  it('a tree that will not hand a JSON file out whole gets it streamed', async () => {
    const inner = cocoTree({ 'annotations/instances_train.json': shuffled });
    const tree = {
      ...inner,
      read: async (p: string) => {
        if (p.endsWith('.json')) throw new DatasetError('too-large', 'stream it', { file: p });
        return inner.read(p);
      },
    };
    const ds = await readAll(cocoInstances, tree, WHOLE); // asked to read whole, it streams
    const whole = await readAll(cocoInstances, inner, WHOLE);
    expect(await normalizeDataset(ds)).toEqual(await normalizeDataset(whole));
  });

  it('a truncated streamed file is a bad-json error at its end', async () => {
    const text = JSON.stringify(shuffled);
    const tree = memoryTree({ 'annotations/instances_train.json': text.slice(0, text.length - 40) });
    await expect(readAll(cocoInstances, tree, streamed(64))).rejects.toThrow(/ends too early/);
  });
});

describe('COCO reading through a tree that refuses whole JSON reads', () => {
  it('reads every task file streamed, in 7-byte chunks', async () => {
    const inner = cocoTree({
      'annotations/instances_train.json': shuffled,
      'annotations/instances_val.json': instancesTrain,
    });
    const ds = await readAll(coco, streamOnly(inner));
    const whole = await readAll(coco, inner, WHOLE);
    expect(await normalizeDataset(ds)).toEqual(await normalizeDataset(whole));
  });
});

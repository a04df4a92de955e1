// Issue 21, "nothing silent": a COCO object has one box and one segmentation, so the shapes of a group
// that COCO cannot keep apart (several masks, polygons painted into the mask, several boxes, an outline
// repeated) are merged, and every merge is counted: what the report says was written is what reads back.
import {
  type Annotation,
  type AnnotationType,
  bitmapMask,
  type DatasetItem,
  sourceOf,
  type WriteReport,
} from '@labelport/core';
import { decodeText } from '@labelport/core/files';
import { rleArea } from '@labelport/core/geometry';
import { countAnnotations, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { cocoInstances, cocoPersonKeypoints } from '../src/index.js';
import { cocoTree } from './fixtures/samples.js';

const W = 8;
const H = 6;

/** A W x H mask set on the rectangle [x0, x1) x [y0, y1). */
function rect(x0: number, y0: number, x1: number, y1: number) {
  const data = new Uint8Array(W * H);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * W + x] = 1;
  return bitmapMask({ width: W, height: H, data });
}

const mask = (group: number, m: ReturnType<typeof rect>, extra: Partial<Annotation> = {}): Annotation =>
  ({ type: 'mask', mask: m, label: 0, id: group, group, attributes: {}, ...extra }) as Annotation;
const box = (group: number, x: number, y: number, w: number, h: number, attributes = {}): Annotation => ({
  type: 'bbox',
  x,
  y,
  w,
  h,
  label: 0,
  id: group,
  group,
  attributes,
});

/** Annotation counts as the report says they were written: the source's, less what it dropped or merged, converted ones moved. */
function countsByReport(source: Partial<Record<AnnotationType, number>>, report: WriteReport) {
  const out: Record<string, number> = {};
  const add = (t: string, n: number) => {
    out[t] = (out[t] ?? 0) + n;
  };
  for (const [t, n] of Object.entries(source)) add(t, n - (report.dropped[t] ?? 0));
  for (const [key, n] of Object.entries(report.converted)) {
    const [from, to] = key.split('->') as [string, string];
    add(from, -n);
    add(to, n);
  }
  add('mask', -(report.dropped['merged mask'] ?? 0));
  return Object.fromEntries(Object.entries(out).filter(([, n]) => n !== 0));
}

async function writtenObjects(tree: Awaited<ReturnType<typeof writeAndReadBack>>['tree'], path: string) {
  return JSON.parse(decodeText(await tree.read(path))).annotations as Record<string, unknown>[];
}

describe('coco_instances: the shapes of one object merged into one, each merge counted', () => {
  // What a reader of instance masks gives (Cityscapes, VOC, KITTI): one group per object, the object's
  // box beside its masks; an occluded object comes in two pieces.
  const item: DatasetItem = {
    id: 'street',
    subset: 'train',
    media: { kind: 'image', path: 'street.png', width: W, height: H },
    attributes: {},
    annotations: [
      mask(1, rect(0, 0, 2, 2)),
      mask(1, rect(3, 0, 5, 2)), // the same car behind a pole
      box(1, 0, 0, 5, 2),
      mask(2, rect(0, 3, 2, 6), { attributes: { is_crowd: true } }),
      {
        type: 'polygon',
        points: [3, 3, 5, 3, 5, 5, 3, 5],
        label: 0,
        id: 2,
        group: 2,
        attributes: { is_crowd: true },
      },
      box(2, 0, 3, 5, 3, { is_crowd: true }), // a crowd: its outline is painted into its mask
      mask(3, rect(6, 0, 8, 3)),
      box(3, 6, 0, 2, 3),
      { type: 'polygon', points: [6, 4, 8, 4, 8, 6, 6, 6], label: 0, id: 4, group: 4, attributes: {} },
      box(4, 6, 4, 1, 1),
      box(4, 7, 5, 1, 1), // two boxes of one object: COCO has one
    ],
  };
  const source = () => sourceOf({ labels: [{ name: 'car' }] }, [item]);

  it('reads back what the report says was written', async () => {
    const { dataset, report, tree } = await writeAndReadBack(cocoInstances, source());
    expect(report.dropped).toEqual({ 'merged mask': 2, bbox: 1 });
    expect(report.converted).toEqual({ 'polygon->mask': 1 });
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        'a COCO object has one segmentation: the masks of a group (and its polygons, painted) were merged into one RLE',
        'a COCO object has one box: the boxes of a group were written as one, around them all',
      ]),
    );
    const sourceCounts = countAnnotations([item]);
    expect(sourceCounts).toEqual({ mask: 4, polygon: 2, bbox: 5 });
    const readBack = countAnnotations(dataset);
    expect(readBack).toEqual({ mask: 3, polygon: 1, bbox: 4 });
    expect(countsByReport(sourceCounts, report)).toEqual(readBack);
    // one COCO annotation per object, as many as the masks and polygon objects said written
    expect(await writtenObjects(tree, 'annotations/instances_train.json')).toHaveLength(4);
  });

  it('the merged RLE holds every piece, and reads back as one mask of the object', async () => {
    const { dataset } = await writeAndReadBack(cocoInstances, source());
    const car = dataset.get('train', 'street')!.annotations.filter((a) => a.group === 1);
    expect(car.map((a) => a.type).sort()).toEqual(['bbox', 'mask']);
    const m = car.find((a) => a.type === 'mask')!;
    // both 2x2 pieces, and nothing between them
    expect(m.type === 'mask' && m.mask.kind === 'rle' && rleArea(m.mask.rle)).toBe(8);
  });

  it('a COCO file as labelport writes it, written again with masks: its polygon parts merge, counted', async () => {
    const file = {
      licenses: [{ name: '', id: 0, url: '' }],
      info: { contributor: '', date_created: '', description: '', url: '', version: '', year: '' },
      categories: [{ id: 1, name: 'car', supercategory: '' }],
      annotations: [
        {
          id: 7,
          image_id: 1,
          category_id: 1,
          segmentation: [
            [0, 0, 2, 0, 2, 2, 0, 2],
            [4, 0, 6, 0, 6, 2, 4, 2],
          ],
          area: 8,
          bbox: [0, 0, 6, 2],
          iscrowd: 0,
        },
      ],
      images: [
        {
          id: 1,
          width: W,
          height: H,
          file_name: 'a.jpg',
          license: 0,
          flickr_url: '',
          coco_url: '',
          date_captured: 0,
        },
      ],
    };
    const read = await readAll(cocoInstances, cocoTree({ 'annotations/instances_default.json': file }));
    const sourceCounts = countAnnotations(read);
    expect(sourceCounts).toEqual({ polygon: 2, bbox: 1 });
    const { dataset, report } = await writeAndReadBack(cocoInstances, read, { segmentation: 'mask' });
    expect(report.converted).toEqual({ 'polygon->mask': 2 });
    expect(report.dropped).toEqual({ 'merged mask': 1 });
    expect(countsByReport(sourceCounts, report)).toEqual(countAnnotations(dataset));
    expect(countAnnotations(dataset)).toEqual({ mask: 1, bbox: 1 });
  });

  it('one object read from two task files: its repeated outline and box are written once, counted', async () => {
    // what the `coco` format gives for an object of both the instances and the person_keypoints file
    const outline = [0, 0, 4, 0, 4, 4, 0, 4];
    const twice: DatasetItem = {
      id: 'p',
      subset: 'train',
      media: { kind: 'image', path: 'p.jpg', width: W, height: H },
      attributes: {},
      annotations: [
        { type: 'polygon', points: outline, label: 0, id: 3, group: 3, attributes: {} },
        box(3, 0, 0, 4, 4),
        {
          type: 'points',
          points: [1, 1, 2, 2],
          visibility: [2, 2],
          label: 0,
          id: 3,
          group: 3,
          attributes: {},
        },
        { type: 'polygon', points: outline.slice(), label: 0, id: 3, group: 3, attributes: {} },
        box(3, 0, 0, 4, 4),
      ],
    };
    const src = sourceOf({ labels: [{ name: 'car' }] }, [twice]);
    const { dataset, report } = await writeAndReadBack(cocoPersonKeypoints, src);
    expect(report.dropped).toEqual({ polygon: 1, bbox: 1 });
    expect(report.warnings).toContain(
      'an outline repeated within one object (the object read from two task files) was written once',
    );
    expect(countsByReport(countAnnotations([twice]), report)).toEqual(countAnnotations(dataset));
  });
});

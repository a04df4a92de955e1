// The real samples of the corpus (Datumaro's test assets, coco_dataset/*): read with Datumaro's
// counts, and COCO -> COCO round trips keep what the files hold. Skipped without LABELPORT_FIXTURES.
import { createRegistry } from '@labelport/core';
import { decodeText } from '@labelport/core/files';
import { rleFromString, rleToString } from '@labelport/core/geometry';
import { directoryTree } from '@labelport/core/node';
import {
  countAnnotations,
  expectSameDataset,
  fixturesDir,
  readAll,
  writeAndReadBack,
} from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formats } from '../src/index.js';

const root = fixturesDir();
if (!root) console.warn('LABELPORT_FIXTURES is not set: the COCO corpus tests are skipped');
const dir = (v: string) => `${root}/datumaro/coco_dataset/${v}`;
const registry = createRegistry(formats);

/**
 * Expected per variant, counted in the files (a COCO object = one polygon per part or one mask,
 * plus one bbox; keypoints add a points):
 * - instances: train a: object 1 has `segmentation: []` -> bbox only; val b: object 1 = 1 polygon +
 *   bbox, object 2 = uncompressed RLE + bbox -> bbox 3, polygon 1, mask 1; categories a, b, c (ids 1, 2, 4).
 * - person_keypoints: the same objects plus 3 keypoint annotations; categories a, b.
 * - captions: "hello" (train), "world", "text" (val). labels: 1 (train) + 2 (val).
 * - image_info: 2 images, nothing else. panoptic: segment 460551 (train), 7 and 20 (val).
 * - stuff: one RLE object per subset (+ its bbox).
 * - coco: every task file above merged per image, an object repeated in several files read once
 *   (coco-repeats.ts): person_keypoints repeats every shape of instances (only its 3 points are
 *   new), stuff_val repeats instances' object 2, panoptic_train's segment 7 is stuff_train's object 7
 *   (same id and label, within its mask); panoptic_val's segments 7 and 20 are objects of their own:
 *   bbox 3 + 1, polygon 1, mask 1 + 1 + 2, points 3, caption 3, label 3. (Datumaro reads only
 *   instances, captions and image_info of such a folder.)
 */
const variants: {
  name: string;
  format: string;
  items: number;
  annotations: Record<string, number>;
  labels: string[];
}[] = [
  {
    name: 'coco_instances',
    format: 'coco_instances',
    items: 2,
    annotations: { bbox: 3, polygon: 1, mask: 1 },
    labels: ['a', 'b', 'c'],
  },
  {
    name: 'coco_roboflow',
    format: 'coco_instances',
    items: 2,
    annotations: { bbox: 3, polygon: 1, mask: 1 },
    labels: ['a', 'b', 'c'],
  },
  {
    name: 'mmdet_coco',
    format: 'coco_instances',
    items: 2,
    annotations: { bbox: 3, polygon: 1, mask: 1 },
    labels: ['a', 'b', 'c'],
  },
  {
    name: 'coco_person_keypoints',
    format: 'coco_person_keypoints',
    items: 2,
    annotations: { points: 3, bbox: 3, polygon: 1, mask: 1 },
    labels: ['a', 'b'],
  },
  { name: 'coco_captions', format: 'coco_captions', items: 2, annotations: { caption: 3 }, labels: [] },
  { name: 'coco_labels', format: 'coco_labels', items: 2, annotations: { label: 3 }, labels: ['a', 'b'] },
  { name: 'coco_image_info', format: 'coco_image_info', items: 2, annotations: {}, labels: [] },
  { name: 'coco_panoptic', format: 'coco_panoptic', items: 2, annotations: { mask: 3 }, labels: ['a', 'b'] },
  {
    name: 'coco_stuff',
    format: 'coco_stuff',
    items: 2,
    annotations: { mask: 2, bbox: 2 },
    labels: ['a', 'b'],
  },
  {
    name: 'coco',
    format: 'coco',
    items: 2,
    annotations: { bbox: 4, polygon: 1, mask: 4, points: 3, caption: 3, label: 3 },
    labels: ['a', 'b', 'c'],
  },
];

describe.skipIf(!root)('the COCO corpus', () => {
  for (const v of variants) {
    describe(v.name, () => {
      it(`is detected as ${v.format} and read with the right counts`, async () => {
        const tree = directoryTree(dir(v.name));
        const { matches } = await registry.detect(tree);
        expect(matches[0].id).toBe(v.format);
        expect(matches[1]?.confidence ?? 0).toBeLessThan(matches[0].confidence);
        const ds = await readAll(registry.get(v.format), tree);
        expect(ds.size).toBe(v.items);
        expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).length]))).toEqual({
          train: 1,
          val: 1,
        });
        expect(countAnnotations(ds)).toEqual(v.annotations);
        expect(ds.categories.labels.map((l) => l.name)).toEqual(v.labels);
        for (const item of ds) {
          // sizes from the JSON; the images are there
          expect(item.media?.width).toBeGreaterThan(0);
          expect(await item.media?.bytes?.()).toBeInstanceOf(Uint8Array);
        }
      });

      it('round trips COCO -> COCO keeping ids, boxes, polygons, masks and categories', async () => {
        const format = registry.get(v.format);
        const source = await readAll(format, directoryTree(dir(v.name)));
        const { dataset, report } = await writeAndReadBack(format, source);
        expect(report.dropped).toEqual({});
        expect(report.converted).toEqual({});
        await expectSameDataset(dataset, source, { digits: 6 });
        expect(dataset.categories.labels.map((l) => l.id)).toEqual(source.categories.labels.map((l) => l.id));
      });
    });
  }

  it('reads the example ids and values of instances_val.json', async () => {
    const ds = await readAll(registry.get('coco_instances'), directoryTree(dir('coco_instances')));
    const b = ds.get('val', 'b')!;
    expect(b.attributes).toEqual({ id: 40 });
    expect(b.annotations.map((a) => [a.type, a.id, a.group, a.label, a.attributes])).toEqual([
      ['polygon', 1, 1, 0, { x: 1, y: 'hello' }],
      ['bbox', 1, 1, 0, { x: 1, y: 'hello' }],
      ['mask', 2, 2, 1, { is_crowd: true }],
      ['bbox', 2, 2, 1, { is_crowd: true }],
    ]);
    expect(ds.categories.labels.map((l) => l.id)).toEqual([1, 2, 4]);
  });

  it('decodes then encodes the compressed RLE strings of the corpus byte for byte', async () => {
    // segment_anything_dataset: SAM's per-image JSON holds COCO compressed RLE
    const strings: string[] = [];
    for (const f of ['a.json', 'b.json']) {
      const tree = directoryTree(`${root}/datumaro/segment_anything_dataset`);
      const json = JSON.parse(decodeText(await tree.read(f)));
      for (const ann of json.annotations) strings.push(ann.segmentation.counts);
    }
    expect(strings.length).toBeGreaterThan(0);
    for (const s of strings) expect(rleToString(rleFromString(s))).toBe(s);
  });
});

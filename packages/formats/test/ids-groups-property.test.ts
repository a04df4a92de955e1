// The class-level test of issue 11: ids, groups and tracks that start at 0 are values, never "none".
// Over every format that writes and reads back boxes or polygons, random datasets (annotation ids
// from 0 and repeated across subsets, groups from 0, tracks from 0, the same item ids in every
// subset) are written and read back: no two objects share an id, and every input object comes back
// as exactly one object.
import { type AnyFormat, type Dataset, memorySink } from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formats } from '../src/index.js';
import { objectCount, objectKinds, randomDataset, sharedIds } from './lib/random-objects.js';

const SEEDS = Array.from({ length: 16 }, (_, i) => i + 1);

/** Formats whose items are frames of a sequence, named by their number. */
const SEQUENCES = new Set(['mot_seq', 'kitti_raw', 'cvat_video', 'bdd100k']);

/** Formats whose annotation ids are unique in a whole file (a subset), not only in an item. */
const FILE_WIDE_IDS = new Set(['coco', 'coco_instances', 'coco_stuff', 'datumaro']);

/** Formats that keep annotation ids as they are (0-based ids come back 0-based). */
const KEEPS_IDS = new Set(['coco', 'coco_instances', 'coco_stuff', 'datumaro']);

/** Formats that keep track ids as they are (track 0 comes back as track 0). */
const KEEPS_TRACKS = new Set(['mot_seq']);

/** Per subset, the distinct values of one field (the shapes of an object share theirs), sorted. */
function values(ds: Dataset, field: 'id' | 'objectId'): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const item of ds) {
    for (const a of item.annotations) {
      if (a[field] === undefined) continue;
      out[item.subset] ??= [];
      out[item.subset]!.push(a[field]!);
    }
  }
  for (const [k, v] of Object.entries(out)) out[k] = [...new Set(v)].sort((a, b) => a - b);
  return out;
}

/** Formats that cannot hold the random objects, and why (they are not instance formats of boxes). */
const NOT_APPLICABLE: Record<string, string> = {
  ade20k2020: 'a semantic format: class masks are read beside the instances',
  coco_person_keypoints: 'an object is a person with keypoints',
  voc_layout: 'person layouts only',
  voc_action: 'person actions only',
  vgg_face2: 'one face box per image',
  celeba: 'one face per image (its box and its landmarks)',
  align_celeba: 'one face per image (its landmarks)',
};

/**
 * Formats in which the test finds a bug that another engineer owns (issue 11, part B): the test is
 * expected to fail until it is fixed, and then tells so (remove the entry).
 */
const KNOWN_FAILURES: Record<string, string> = {};

/**
 * Formats where an image id names one image for every subset (one annotation file or row per id): the
 * random datasets give them ids that differ between subsets, and a test of its own checks that an id
 * shared by two subsets is reported, never merged.
 */
const GLOBAL_ITEM_IDS = new Set([
  'voc_instance_segmentation',
  'voc',
  'voc_detection',
  'voc_segmentation',
  'voc_classification',
  'open_images',
]);

const tested = formats.filter(
  (f) => f.read && f.write && objectKinds(f.capabilities.annotations).length > 0 && !NOT_APPLICABLE[f.id],
);

async function roundTrip(format: AnyFormat, seed: number): Promise<{ source: Dataset; back: Dataset }> {
  const source = randomDataset(seed, {
    kinds: objectKinds(format.capabilities.annotations),
    subsets: format.capabilities.subsets ? ['train', 'val'] : ['default'],
    labels: 3,
    tracks: format.capabilities.tracks,
    numericItemIds: SEQUENCES.has(format.id),
    distinctIdsPerSubset: GLOBAL_ITEM_IDS.has(format.id),
  });
  const sink = memorySink(format.id);
  await format.write!(source, sink);
  await sink.commit();
  return { source, back: await readAll(format, sink.tree()) };
}

/** Per subset, the object counts of the items that have objects, sorted (item names may change). */
function objectCounts(ds: Dataset): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const item of ds) {
    const n = objectCount(item.annotations);
    if (n === 0) continue;
    out[item.subset] ??= [];
    out[item.subset]!.push(n);
  }
  for (const counts of Object.values(out)) counts.sort((a, b) => a - b);
  return out;
}

async function checkFormat(format: AnyFormat) {
  for (const seed of SEEDS) {
    const { source, back } = await roundTrip(format, seed);
    const clashes = FILE_WIDE_IDS.has(format.id)
      ? sharedIds(back)
      : [...back].flatMap((item) => sharedIds([item]));
    expect(clashes, `seed ${seed}: ids shared by two objects`).toEqual([]);
    expect(objectCounts(back), `seed ${seed}: objects per item`).toEqual(objectCounts(source));
    if (KEEPS_IDS.has(format.id))
      expect(values(back, 'id'), `seed ${seed}: ids`).toEqual(values(source, 'id'));
    if (KEEPS_TRACKS.has(format.id))
      expect(values(back, 'objectId'), `seed ${seed}: tracks`).toEqual(values(source, 'objectId'));
  }
}

describe.each(tested.map((f) => [f.id, f] as const))('%s: ids and groups from 0', (id, format) => {
  const known = KNOWN_FAILURES[id];
  if (known) it.fails(`(known bug: ${known})`, () => checkFormat(format));
  else
    it('writes ids no two objects share, and one object per object, for random datasets', () =>
      checkFormat(format));
});

it('names every format it skips or expects to fail', () => {
  const ids = new Set(formats.map((f) => f.id));
  for (const id of [...Object.keys(NOT_APPLICABLE), ...Object.keys(KNOWN_FAILURES)])
    expect(ids).toContain(id);
});

describe('an item id in two subsets, where the format has one record per image id', () => {
  for (const id of ['voc', 'voc_detection', 'open_images']) {
    it(`${id}: the second is left out and reported, never merged into the first`, async () => {
      const format = formats.find((f) => f.id === id)!;
      const source = randomDataset(3, {
        kinds: ['bbox'],
        subsets: ['train', 'val'],
        labels: 2,
        tracks: false,
        numericItemIds: false,
      });
      const sink = memorySink(id);
      const report = await format.write!(source, sink);
      await sink.commit();
      const back = await readAll(format, sink.tree());
      const train = [...source].filter((i) => i.subset === 'train');
      expect(report.dropped.item).toBe(train.length);
      expect(report.warnings.join('\n')).toMatch(/one record per image id/);
      for (const item of back) {
        const original = train.find((i) => i.id === item.id)!;
        expect(item.subset).toBe('train');
        expect(item.annotations.filter((a) => a.type === 'bbox')).toHaveLength(original.annotations.length);
      }
    });
  }
});

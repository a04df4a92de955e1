// Issue 21, "nothing silent", for every mask writer of the registry: random small datasets (label 0
// an object, unpainted pixels, overlapping masks, crowds, groups, ids from 0) are written and read
// back, and what the writer's report says it wrote is what comes back, pixel set by pixel set:
// - a format that paints one id image (PAINTED) keeps of each mask the pixels no later mask (by
//   zOrder) covers; one that stores masks apart keeps them whole;
// - per label, the pixels read back are those written: no background (or any other label) appears
//   over unpainted pixels, nothing written goes missing;
// - every mask read back is a union of whole written masks of its label (several crowds of a label
//   may become one), never a piece of one;
// - the masks read back are the masks given, less those the report counts (`mask`, `merged mask`).
import {
  type Annotation,
  type AnyFormat,
  bitmapMask,
  Dataset,
  type DatasetItem,
  loadMask,
  memorySink,
} from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formats } from '../src/index.js';
import { prng } from './lib/random-objects.js';

const SEEDS = Array.from({ length: 10 }, (_, i) => i + 1);
const W = 7;
const H = 5;
const NAMES = ['person', 'car', 'tree'];

/** Label names for formats with a fixed class list (the random labels are these). */
const NAMES_OF: Record<string, string[]> = {
  mots_txt: ['car', 'pedestrian'],
  bdd100k_sem_seg: ['person', 'car', 'road'],
  bdd100k_ins_seg: ['pedestrian', 'car', 'truck'],
  bdd100k_pan_seg: ['person', 'car', 'road'],
  bdd100k_seg_track: ['pedestrian', 'car', 'truck'],
  bdd100k_drivable: ['direct', 'alternative'],
  bdd100k_lane: ['crosswalk', 'road curb', 'single white'],
};

/** Formats that paint an item's masks into one id image, later (by zOrder) over earlier. */
const PAINTED = new Set([
  'voc_instance_segmentation',
  'cityscapes',
  'kitti_segmentation',
  'camvid',
  'cityscapes_vps',
  'voc',
  'voc_segmentation',
  'voc_instance_segmentation',
  'mots_png',
  'mots_txt',
  'coco_panoptic',
  'bdd100k_sem_seg',
  'bdd100k_drivable',
  'bdd100k_lane',
  'bdd100k_ins_seg',
  'bdd100k_pan_seg',
  'bdd100k_seg_track',
  'icdar_text_segmentation',
]);

/** ADE20K 2017: zOrder is the part level (one image each), where masks are painted in id order. */
const BY_LEVEL_THEN_ID = new Set(['ade20k2017']);

/** Formats the property does not fit, and why. */
const NOT_APPLICABLE: Record<string, string> = {
  icdar_text_segmentation: 'it has no labels: the masks read back have none',
  cvat_video: 'frames are renamed frame_NNNNNN and those without shapes left out: no item to match',
  coco_person_keypoints: 'an object is a person with keypoints',
  ade20k2020: 'a semantic format: class masks are read beside the instances',
};

/**
 * Formats in which the test finds a difference another engineer owns (issue 21, their formats): each
 * is expected to fail until it is looked into, and then tells so (remove the entry). Each may be a
 * bug, or a rule of the format this test should learn (then: PAINTED, NAMES_OF or NOT_APPLICABLE).
 */
const KNOWN_FAILURES: Record<string, string> = {};

function randomDataset(seed: number, format: AnyFormat, names: string[]): Dataset {
  const r = prng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const colors =
    seed % 2 === 0
      ? new Map<number, [number, number, number]>(names.map((_, i) => [i, [40 + 60 * i, 200 - 50 * i, 90]]))
      : undefined;
  const subsets = format.capabilities.subsets ? ['train', 'val'] : ['default'];
  const items: DatasetItem[] = [];
  let track = 1;
  for (const subset of subsets) {
    for (let i = 0, n = 1 + int(2); i < n; i++) {
      const annotations: Annotation[] = [];
      for (let k = 0, masks = int(6); k < masks; k++) {
        const data = new Uint8Array(W * H);
        const [x0, y0] = [int(W), int(H)];
        const [x1, y1] = [x0 + 1 + int(W - x0), y0 + 1 + int(H - y0)];
        for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (r() < 0.85) data[y * W + x] = 1;
        if (!data.includes(1)) data[y0 * W + x0] = 1;
        // label 0 (an object, as COCO's person) comes up more than the others
        const label = r() < 0.4 ? 0 : int(names.length);
        const mask: Annotation = {
          type: 'mask',
          label,
          mask: bitmapMask({ width: W, height: H, data }),
          zOrder: int(3),
          attributes: r() < 0.3 ? { is_crowd: true } : {},
        };
        if (r() < 0.6) mask.id = int(4);
        // a group ties pieces of one object: masks of one label
        if (r() < 0.4) mask.group = label * 2 + int(2);
        if (format.capabilities.tracks) mask.objectId = track++;
        annotations.push(mask);
      }
      const id = String(items.length + 1).padStart(6, '0');
      items.push({ id, subset, media: { kind: 'image', width: W, height: H }, annotations, attributes: {} });
    }
  }
  return new Dataset({ labels: names.map((name) => ({ name })), colors }, items);
}

type Painting = 'no' | 'z-order' | 'level-then-id';

const key = (item: DatasetItem) => `${item.subset}/${item.id}`;

/** Each mask's pixels as the format keeps them: what no later mask covers (painted), or all of it. */
async function expectedPixels(
  item: DatasetItem,
  painted: Painting,
  names: string[],
): Promise<{ label: string; px: Set<number> }[]> {
  const masks = item.annotations.filter((a) => a.type === 'mask');
  const out = await Promise.all(
    masks.map(async (m) => ({ label: names[m.label!]!, data: (await loadMask(m.mask)).data })),
  );
  if (painted === 'no') return out.map((m) => ({ label: m.label, px: pixelsOf(m.data) }));
  // One image per level (ADE20K's part levels), or one for all (zOrder the painting order).
  const level = (m: Annotation) => (painted === 'level-then-id' ? (m.zOrder ?? 0) : 0);
  const rank = (m: Annotation) => (painted === 'level-then-id' ? (m.id ?? 0) : (m.zOrder ?? 0));
  const order = masks.map((m, i) => ({ m, i })).sort((a, b) => rank(a.m) - rank(b.m) || a.i - b.i);
  const owner = new Map<number, Int32Array>();
  for (const { m, i } of order) {
    const image = owner.get(level(m)) ?? new Int32Array(W * H).fill(-1);
    owner.set(level(m), image);
    for (let p = 0; p < W * H; p++) if (out[i]!.data[p]) image[p] = i;
  }
  return out.map((m, i) => {
    const image = owner.get(level(masks[i]!))!;
    return { label: m.label, px: new Set([...image.keys()].filter((p) => image[p] === i)) };
  });
}

function pixelsOf(data: ArrayLike<number>): Set<number> {
  const px = new Set<number>();
  for (let p = 0; p < data.length; p++) if (data[p]) px.add(p);
  return px;
}

const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);
const union = (sets: Set<number>[]) => new Set(sets.flatMap((s) => [...s]));

async function checkSeed(format: AnyFormat, seed: number) {
  const names = NAMES_OF[format.id] ?? NAMES;
  const source = randomDataset(seed, format, names);
  const sink = memorySink(format.id);
  const report = await format.write!(source, sink);
  await sink.commit();
  const back = await readAll(format, sink.tree());
  const painted: Painting = BY_LEVEL_THEN_ID.has(format.id)
    ? 'level-then-id'
    : PAINTED.has(format.id)
      ? 'z-order'
      : 'no';
  const byKey = new Map([...back].map((item) => [key(item), item]));
  // A format that names items by their frame number (MOTS txt: the `time` column; its reader names
  // the frame `1`, not `000001`) is matched by that number: a frame it leaves out (reported) shifts
  // nothing. One that renames every item otherwise is matched item by item, in order.
  for (const item of back) if (/^\d+$/.test(item.id)) byKey.set(`${item.subset}/#${Number(item.id)}`, item);
  const find = (item: DatasetItem) =>
    byKey.get(key(item)) ??
    (/^\d+$/.test(item.id) ? byKey.get(`${item.subset}/#${Number(item.id)}`) : undefined);
  const renames = ![...source].some((item) => find(item));
  const bySubset = (ds: Dataset, subset: string) => [...ds].filter((i) => i.subset === subset);
  let given = 0;
  let read = 0;
  for (const item of source) {
    const where = `seed ${seed}, item ${key(item)}`;
    const written = (await expectedPixels(item, painted, names)).filter((m) => m.px.size > 0);
    given += item.annotations.length;
    const got = renames
      ? bySubset(back, item.subset)[bySubset(source, item.subset).indexOf(item)]
      : find(item);
    const masks = got ? got.annotations.filter((a) => a.type === 'mask') : [];
    read += masks.length;
    const readPx = await Promise.all(
      masks.map(async (m) => ({
        label: back.categories.labels[m.label ?? -1]?.name ?? '?',
        px: pixelsOf((await loadMask(m.mask)).data),
      })),
    );
    for (const label of new Set([...written, ...readPx].map((m) => m.label))) {
      const want = union(written.filter((m) => m.label === label).map((m) => m.px));
      const have = union(readPx.filter((m) => m.label === label).map((m) => m.px));
      expect(sorted(have), `${where}: the pixels of label '${label}'`).toEqual(sorted(want));
    }
    for (const m of readPx) {
      const whole = written.filter((w) => w.label === m.label && [...w.px].every((p) => m.px.has(p)));
      expect(sorted(union(whole.map((w) => w.px))), `${where}: a '${m.label}' mask is whole masks`).toEqual(
        sorted(m.px),
      );
    }
  }
  // Masks one group ties (one object in pieces) keep their groups, or the report says they are lost.
  const tied = [...source].some((item) => {
    const groups = item.annotations.map((a) => a.group).filter((g) => g !== undefined);
    return new Set(groups).size < groups.length;
  });
  const groupsBack = [...back].some((item) => item.annotations.some((a) => a.group !== undefined));
  if (tied && !groupsBack)
    expect(
      report.dropped.group ?? 0,
      `seed ${seed}: groups lost, and the report does not say`,
    ).toBeGreaterThan(0);
  const lost = (report.dropped.mask ?? 0) + (report.dropped['merged mask'] ?? 0);
  expect(read, `seed ${seed}: masks read back = masks given - masks the report counts`).toBe(given - lost);
}

const tested = formats.filter((f) => f.read && f.write && f.capabilities.annotations.includes('mask'));

describe.each(tested.map((f) => [f.id, f] as const))(
  '%s: the masks written are the masks read',
  (id, format) => {
    const check = async () => {
      for (const seed of SEEDS) await checkSeed(format, seed);
    };
    if (NOT_APPLICABLE[id]) it.skip(`(not applicable: ${NOT_APPLICABLE[id]})`, check);
    else if (KNOWN_FAILURES[id]) it.fails(`(known bug: ${KNOWN_FAILURES[id]})`, check);
    else it('for random datasets: label 0 an object, unpainted pixels, overlaps, crowds, groups', check);
  },
);

it('names only formats of the registry', () => {
  const ids = new Set(formats.map((f) => f.id));
  for (const id of [
    ...PAINTED,
    ...BY_LEVEL_THEN_ID,
    ...Object.keys(NOT_APPLICABLE),
    ...Object.keys(KNOWN_FAILURES),
  ])
    expect(ids).toContain(id);
});

// Random datasets for the id/group property test: objects whose ids and groups start at 0 and whose
// item ids and annotation ids repeat across subsets, as Roboflow's per-split COCO files have them.
import { type Annotation, type AnnotationType, Dataset, type DatasetItem } from '@labelport/core';
import { encodePng } from '@labelport/core/png';

/** A deterministic generator (a 31-bit LCG): a failure names a seed that reproduces it. */
export function prng(seed: number): () => number {
  let state = (seed * 7919 + 17) % 2 ** 31;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

export const WIDTH = 64;
export const HEIGHT = 48;
const IMAGE = encodePng({
  width: WIDTH,
  height: HEIGHT,
  colorType: 'gray',
  data: new Uint8Array(WIDTH * HEIGHT),
});

/** The kinds of object a format can hold: a box, a polygon, or a box and a polygon in one group. */
export type ObjectKind = 'bbox' | 'polygon' | 'bbox+polygon';

export function objectKinds(types: readonly AnnotationType[]): ObjectKind[] {
  const out: ObjectKind[] = [];
  if (types.includes('bbox')) out.push('bbox');
  if (types.includes('polygon')) out.push('polygon');
  if (types.includes('bbox') && types.includes('polygon')) out.push('bbox+polygon');
  return out;
}

export interface RandomOptions {
  kinds: ObjectKind[];
  subsets: string[];
  labels: number;
  /** Track ids (objectId) from 0 on every object, for formats that keep tracks. */
  tracks: boolean;
  /** Item ids that are frame numbers (MOT and other sequences). */
  numericItemIds: boolean;
  /** Item ids that differ between subsets (formats where an image id names one image in all subsets). */
  distinctIdsPerSubset?: boolean;
}

/**
 * A random dataset: in every subset the same item ids, each item with 0..4 objects; annotation ids
 * count from 0 in each subset (so they repeat across subsets), groups from 0 in each item, labels
 * from 0, and every object has a label.
 */
export function randomDataset(seed: number, o: RandomOptions): Dataset {
  const r = prng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const items: DatasetItem[] = [];
  const itemCount = 1 + int(3);
  for (const subset of o.subsets) {
    let nextId = 0;
    for (let i = 0; i < itemCount; i++) {
      const annotations: Annotation[] = [];
      let group = 0;
      const objects = int(5);
      for (let k = 0; k < objects; k++) {
        const kind = o.kinds[int(o.kinds.length)]!;
        const label = int(o.labels);
        const x = 2 + int(WIDTH / 2);
        const y = 2 + int(HEIGHT / 2);
        const w = 4 + int(WIDTH / 2 - 6);
        const h = 4 + int(HEIGHT / 2 - 6);
        const base = { id: nextId++, label, attributes: {}, ...(o.tracks ? { objectId: k } : {}) };
        const box: Annotation = { type: 'bbox', x, y, w, h, ...base };
        const polygon: Annotation = { type: 'polygon', points: [x, y, x + w, y, x + w, y + h], ...base };
        if (kind === 'bbox') annotations.push(box);
        else if (kind === 'polygon') annotations.push(polygon);
        else {
          annotations.push({ ...box, group }, { ...polygon, group });
          group++;
        }
      }
      const name = o.numericItemIds ? String(i + 1) : `img${i}`;
      const id = o.distinctIdsPerSubset ? `${subset}_${name}` : name;
      items.push({
        id,
        subset,
        attributes: {},
        media: { kind: 'image', path: `${id}.png`, width: WIDTH, height: HEIGHT, bytes: async () => IMAGE },
        annotations,
      });
    }
  }
  return new Dataset({ labels: Array.from({ length: o.labels }, (_, i) => ({ name: `class${i}` })) }, items);
}

/**
 * The objects of an item: a group is one object, a shape without a group another. Returns a key per
 * annotation ('g<group>' or 's<index>').
 */
export function objectKeys(annotations: Annotation[]): string[] {
  return annotations.map((a, i) => (a.group !== undefined ? `g${a.group}` : `s${i}`));
}

export const objectCount = (annotations: Annotation[]) => new Set(objectKeys(annotations)).size;

/**
 * Annotation ids that two objects of one subset share (an object's shapes may share one id).
 * Returns a description of each clash.
 */
export function sharedIds(items: Iterable<DatasetItem>): string[] {
  const owner = new Map<string, string>();
  const clashes: string[] = [];
  for (const item of items) {
    const keys = objectKeys(item.annotations);
    item.annotations.forEach((a, i) => {
      if (a.id === undefined) return;
      const key = `${item.subset}\u0000${a.id}`;
      const object = `${item.id}/${keys[i]}`;
      const prior = owner.get(key);
      if (prior === undefined) owner.set(key, object);
      else if (prior !== object) clashes.push(`${item.subset}: id ${a.id} on ${prior} and ${object}`);
    });
  }
  return clashes;
}

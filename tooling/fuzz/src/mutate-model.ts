/**
 * Hostile datasets for the writers: the sample dataset with values that a reader (or an application)
 * may hand a writer, none of which it may answer with a TypeError: sizes that are negative, not
 * finite or huge; coordinates that are NaN; odd-length polygons; attribute values that are not
 * strings, numbers or booleans (an object from a JSON file); labels outside the categories; masks
 * that do not fit their image or their own data; ids and paths that leave the root.
 */
import type { Annotation, DatasetItem, DatasetSource } from '@labelport/core';
import { Rng } from './rng.js';
import { sampleSource } from './sample.js';

const ODD_NUMBERS = [
  -1,
  0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -Number.POSITIVE_INFINITY,
  1e9,
  2.5,
  2 ** 53,
  -0,
];
const ODD_VALUES: unknown[] = [
  {},
  [],
  null,
  undefined,
  { a: [1] },
  'a\nb"c<d>&e',
  'x'.repeat(100_000),
  Symbol.iterator,
];
const ODD_NAMES = ['', '../x', '/abs', 'a/../../b', 'a\nb', 'C:\\x', 'x'.repeat(300), '.', 'a//b', ' '];

type Loose = Record<string, unknown>;

function mutateAnnotation(a: Annotation, rng: Rng, what: string[]): Annotation {
  const o = { ...a } as Loose;
  const roll = rng.int(8);
  if (roll === 0) {
    const keys = Object.keys(o).filter((k) => typeof o[k] === 'number');
    if (keys.length > 0) {
      const k = rng.pick(keys);
      o[k] = rng.pick(ODD_NUMBERS);
      what.push(`${a.type}.${k} = ${String(o[k])}`);
    }
  } else if (roll === 1 && Array.isArray(o.points)) {
    const pts = [...(o.points as number[])];
    if (rng.chance(0.5)) pts.pop();
    else pts[rng.int(pts.length)] = rng.pick(ODD_NUMBERS);
    o.points = pts;
    what.push(`${a.type}.points = [${pts.slice(0, 8).join(',')}...]`);
  } else if (roll === 2) {
    const v = rng.pick(ODD_VALUES);
    o.attributes = { ...a.attributes, [rng.pick(['occluded', 'score', 'x', ''])]: v };
    what.push(
      `${a.type} attribute = ${typeof v === 'symbol' ? 'a symbol' : JSON.stringify(v)?.slice(0, 40)}`,
    );
  } else if (roll === 3) {
    o.label = rng.pick([-1, 999, 1.5, Number.NaN]);
    what.push(`${a.type}.label = ${o.label}`);
  } else if (roll === 4) {
    const k = rng.pick(['id', 'group', 'objectId', 'zOrder']);
    o[k] = rng.pick(ODD_NUMBERS);
    what.push(`${a.type}.${k} = ${o[k]}`);
  } else if (roll === 5 && a.type === 'mask') {
    const [w, h] = rng.pick([
      [3, 2],
      [0, 0],
      [16, 12],
      [8, 5],
      [-1, 6],
    ] as [number, number][]);
    const n = rng.chance(0.5) ? Math.max(0, w * h) : 7;
    o.mask = { kind: 'bitmap', bitmap: { width: w, height: h, data: new Uint8Array(n).fill(1) } };
    what.push(`mask ${w}x${h} with ${n} bytes`);
  } else if (roll === 6 && a.type === 'points') {
    o.visibility = [2];
    what.push('points with one visibility');
  } else if (roll === 7 && a.type === 'caption') {
    o.caption = rng.pick(ODD_VALUES);
    what.push('caption not a string');
  }
  return o as unknown as Annotation;
}

function mutateItem(item: DatasetItem, rng: Rng, what: string[]): DatasetItem {
  const out = {
    ...item,
    annotations: item.annotations.map((a) => (rng.chance(0.3) ? mutateAnnotation(a, rng, what) : a)),
  };
  const roll = rng.int(6);
  if (roll === 0 && out.media) {
    const k = rng.pick(['width', 'height'] as const);
    out.media = { ...out.media, [k]: rng.pick([...ODD_NUMBERS, 100_000, undefined]) };
    what.push(`media.${k} = ${out.media[k]}`);
  } else if (roll === 1) {
    out.id = rng.pick(ODD_NAMES);
    what.push(`id = ${JSON.stringify(out.id).slice(0, 40)}`);
  } else if (roll === 2) {
    out.subset = rng.pick(ODD_NAMES);
    what.push(`subset = ${JSON.stringify(out.subset).slice(0, 40)}`);
  } else if (roll === 3 && out.media) {
    out.media = { ...out.media, path: rng.pick(ODD_NAMES) };
    what.push(`media.path = ${JSON.stringify(out.media.path).slice(0, 40)}`);
  } else if (roll === 4) {
    const v = rng.pick(ODD_VALUES);
    out.attributes = { ...out.attributes, [rng.pick(['frame', 'weather'])]: v as never };
    what.push(`item attribute = ${typeof v === 'symbol' ? 'a symbol' : JSON.stringify(v)?.slice(0, 40)}`);
  }
  return out;
}

/** The sample dataset with a few hostile values, chosen by `seed`; `what` says which. */
export async function hostileSource(seed: number): Promise<{ source: DatasetSource; what: string }> {
  const rng = new Rng(seed);
  const base = sampleSource();
  const items: DatasetItem[] = [];
  for await (const item of base.items()) items.push(item);
  const what: string[] = [];
  const mutated = items.map((item) => (rng.chance(0.7) ? mutateItem(item, rng, what) : item));
  const categories = { ...base.categories };
  if (rng.chance(0.15)) {
    categories.labels = [...categories.labels, { name: rng.pick(ODD_NAMES) }, { name: 'cat' }];
    what.push('odd and duplicate label names');
  }
  return {
    source: {
      categories,
      size: mutated.length,
      items: async function* () {
        yield* mutated;
      },
    },
    what: what.join('; ') || 'unchanged',
  };
}

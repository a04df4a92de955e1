/**
 * The labelport side of the differential run (bundled by bundle.mjs from the TypeScript sources):
 * the sample dataset, writing it with a format, and a summary of what a format reads, in the shape
 * dump.py gives for Datumaro (see summary.md in README.md).
 */
import {
  type Annotation,
  bitmapMask,
  type Categories,
  convert,
  type DatasetItem,
  type DatasetSource,
  loadMask,
  sourceOf,
} from '@labelport/core';
import { directorySink, openTree } from '@labelport/core/node';
import { encodePng } from '@labelport/core/png';
import { formats, registry } from 'labelport';

const W = 16;
const H = 12;

/** A small real RGB image (a gradient, different per item). */
function image(seed: number): Uint8Array {
  const data = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3;
      data[i] = (x * 16 + seed * 40) & 0xff;
      data[i + 1] = (y * 20) & 0xff;
      data[i + 2] = (seed * 90 + 30) & 0xff;
    }
  return encodePng({ width: W, height: H, colorType: 'rgb', data });
}

/** A mask over the rectangle [x0, x1) x [y0, y1), minus the pixels `hole` says are unpainted. */
function rect(x0: number, y0: number, x1: number, y1: number, hole?: (x: number, y: number) => boolean) {
  const data = new Uint8Array(W * H);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (!hole?.(x, y)) data[y * W + x] = 1;
  return bitmapMask({ width: W, height: H, data });
}

const CAT = 0; // label id 0 is a label like any other
const DOG = 1;
const CAR = 2;

function categories(): Categories {
  return {
    labels: [{ name: 'cat' }, { name: 'dog', attributes: ['color'] }, { name: 'car' }],
    colors: new Map([
      [CAT, [128, 0, 0]],
      [DOG, [0, 128, 0]],
      [CAR, [128, 128, 0]],
    ]),
  };
}

type Ann = Annotation;
/** An annotation without its attributes spelled out (they default to none). */
type Loose<T> = T extends unknown ? Omit<T, 'attributes'> & { attributes?: Ann['attributes'] } : never;
const a = (x: Loose<Ann>): Ann => ({ ...x, attributes: x.attributes ?? {} }) as Ann;

function itemsOf(): DatasetItem[] {
  const item = (id: string, subset: string, seed: number, annotations: Ann[]): DatasetItem => {
    const bytes = image(seed);
    return {
      id,
      subset,
      media: { kind: 'image', path: `${id}.png`, width: W, height: H, bytes: async () => bytes },
      annotations,
      attributes: {},
    };
  };
  return [
    item('img_a', 'train', 0, [
      a({ type: 'label', id: 0, label: CAT }),
      // one dog: its box and its polygon in group 1
      a({
        type: 'bbox',
        id: 1,
        label: DOG,
        group: 1,
        x: 2,
        y: 3,
        w: 6,
        h: 4,
        attributes: { occluded: true, color: 'brown' },
      }),
      a({ type: 'polygon', id: 2, label: DOG, group: 1, points: [2, 3, 8, 3, 8, 7, 2, 7] }),
      // a box with fractional coordinates
      a({
        type: 'bbox',
        id: 3,
        label: CAT,
        group: 2,
        x: 9.5,
        y: 1.25,
        w: 5,
        h: 3.5,
        attributes: { truncated: true },
      }),
      // a car mask with unpainted pixels inside, and a cat mask over part of it
      a({
        type: 'mask',
        id: 4,
        label: CAR,
        zOrder: 0,
        mask: rect(0, 6, 10, 12, (x, y) => (x + y) % 5 === 0),
      }),
      a({ type: 'mask', id: 5, label: CAT, zOrder: 1, mask: rect(6, 4, 14, 9) }),
    ]),
    item('img_b', 'train', 1, [
      a({ type: 'label', id: 0, label: DOG }),
      a({ type: 'bbox', id: 1, label: CAT, x: 0, y: 0, w: 4, h: 4 }),
      a({
        type: 'bbox',
        id: 2,
        label: DOG,
        group: 3,
        x: 7,
        y: 5,
        w: 8,
        h: 6,
        attributes: { color: 'black' },
      }),
      a({ type: 'mask', id: 3, label: DOG, group: 3, mask: rect(8, 6, 14, 11) }),
    ]),
    item('img_c', 'val', 2, [
      a({ type: 'label', id: 0, label: CAR }),
      a({ type: 'bbox', id: 1, label: CAT, x: 3, y: 2, w: 5, h: 5 }),
      a({ type: 'polygon', id: 2, label: CAR, points: [10, 1, 15, 6, 10, 10] }),
      a({ type: 'mask', id: 3, label: CAT, mask: rect(1, 1, 6, 6, (x, y) => x === 3 && y === 3) }),
    ]),
  ];
}

/**
 * The dataset every format is given, and the simpler ones tried when Datumaro fails on it:
 * `one-subset` (every item in `train`: Datumaro merges per-subset label lists and fails when they
 * differ), `simple` (one subset, each item's label and its first box only).
 */
export type Variant = 'full' | 'one-subset' | 'simple';
export const VARIANTS: Variant[] = ['full', 'one-subset', 'simple'];

export function sampleSource(variant: Variant = 'full'): DatasetSource {
  let items = itemsOf();
  if (variant !== 'full') items = items.map((it) => ({ ...it, subset: 'train' }));
  if (variant === 'simple') {
    items = items.map((it) => {
      const kept: (Ann | undefined)[] = [
        it.annotations.find((x) => x.type === 'label'),
        it.annotations.find((x) => x.type === 'bbox'),
      ];
      return { ...it, annotations: kept.filter((x): x is Ann => x !== undefined) };
    });
  }
  return sourceOf(categories(), items);
}

/** Every labelport format: id, aliases, whether it reads and writes. */
export function formatList() {
  return formats.map((f) => ({
    id: f.id,
    aliases: f.aliases ?? [],
    reads: Boolean(f.read),
    writes: Boolean(f.write),
    annotations: f.capabilities.annotations,
  }));
}

const oneLine = (e: unknown) =>
  (e instanceof Error ? `${e.name === 'DatasetError' ? '' : `${e.name}: `}${e.message}` : String(e))
    .split('\n')[0]!
    .slice(0, 300);

/** Writes `source` (the sample by default) with format `id` into `dir`, media saved. */
export async function writeWith(id: string, dir: string, variant: Variant = 'full') {
  try {
    const report = await convert(
      sampleSource(variant),
      registry.get(id),
      await directorySink(dir, { overwrite: true }),
      {
        saveMedia: true,
        allowEmpty: true,
      },
    );
    return {
      ok: true as const,
      dropped: report.dropped,
      converted: report.converted,
      warnings: report.warnings,
    };
  } catch (e) {
    return { ok: false as const, error: oneLine(e) };
  }
}

export interface AnnSummary {
  type: string;
  label: string | null;
  group?: number | null;
  bbox?: [number, number, number, number];
  pixels?: number;
  points?: number;
}
export interface ItemSummary {
  subset: string;
  id: string;
  image: { path?: string; width?: number; height?: number; has: boolean };
  anns: AnnSummary[];
}
export interface Summary {
  labels: string[];
  items: ItemSummary[];
}

/** What `source` holds, in the summary's terms (masks loaded and their pixels counted). */
export async function summarize(source: DatasetSource): Promise<Summary> {
  const labels = source.categories.labels.map((l) => l.name);
  const items: ItemSummary[] = [];
  for await (const item of source.items()) {
    const w = item.media?.width;
    const h = item.media?.height;
    const anns: AnnSummary[] = [];
    for (const ann of item.annotations) {
      const s: AnnSummary = {
        type: ann.type,
        label: ann.label === undefined ? null : (labels[ann.label] ?? `#${ann.label}`),
        group: ann.group ?? null,
      };
      const sx = ann.normalized ? (w ?? Number.NaN) : 1;
      const sy = ann.normalized ? (h ?? Number.NaN) : 1;
      if (ann.type === 'bbox') s.bbox = [ann.x * sx, ann.y * sy, ann.w * sx, ann.h * sy];
      if (ann.type === 'polygon' || ann.type === 'polyline' || ann.type === 'points')
        s.points = ann.points.length / 2;
      if (ann.type === 'mask') {
        const m = await loadMask(ann.mask);
        let n = 0;
        for (let i = 0; i < m.data.length; i++) if (m.data[i]) n++;
        s.pixels = n;
      }
      anns.push(s);
    }
    const hasBytes = Boolean(item.media?.bytes);
    items.push({
      subset: item.subset,
      id: item.id,
      image: { path: item.media?.path, width: w, height: h, has: hasBytes },
      anns,
    });
  }
  return { labels, items };
}

/** Reads `dir` with format `id` and summarises it. */
export async function readWith(id: string, dir: string) {
  try {
    const source = await registry.get(id).read!(await openTree(dir), {});
    return { ok: true as const, summary: await summarize(source) };
  } catch (e) {
    return { ok: false as const, error: oneLine(e) };
  }
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from './run-cli.js';

type Ann = Record<string, unknown>;

/** A Datumaro dataset on disk: subset -> items (id, annotations, image size), labels by name. */
export function datumaroDir(
  labels: string[],
  subsets: Record<
    string,
    { id: string; annotations: Ann[]; size?: [number, number]; attr?: Record<string, unknown> }[]
  >,
): string {
  const dir = tempDir('labelport-ops-');
  for (const [subset, items] of Object.entries(subsets)) {
    const file = join(dir, 'annotations', `${subset}.json`);
    mkdirSync(dirname(file), { recursive: true });
    const doc = {
      categories: { label: { labels: labels.map((name) => ({ name, parent: '' })), attributes: [] } },
      items: items.map((it) => ({
        id: it.id,
        annotations: it.annotations,
        attr: it.attr ?? {},
        image: { path: `${it.id}.jpg`, size: it.size ?? [100, 100] },
      })),
    };
    writeFileSync(file, JSON.stringify(doc));
  }
  return dir;
}

export const bbox = (label: number, x: number, y: number, w: number, h: number, extra: Ann = {}): Ann => ({
  type: 'bbox',
  label_id: label,
  bbox: [x, y, w, h],
  attributes: {},
  group: 0,
  ...extra,
});

/** cat (0), dog (1), person (2): three train items and one val item. */
export function sampleDir(): string {
  return datumaroDir(['cat', 'dog', 'person'], {
    train: [
      { id: 'a', annotations: [bbox(0, 10, 10, 40, 40, { id: 1 }), bbox(2, 0, 0, 10, 20, { id: 2 })] },
      { id: 'b', annotations: [bbox(1, 5, 5, 50, 50, { id: 3, attributes: { occluded: true } })] },
      { id: 'c', annotations: [] },
    ],
    val: [{ id: 'd', annotations: [bbox(2, 1, 1, 2, 2, { id: 4 })], attr: { weather: 'rain' } }],
  });
}

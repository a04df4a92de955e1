import type { Attributes, AttributeValue, Categories, DatasetItem, DatasetSource } from '@labelport/core';
import { geometryOf } from '../filter/fields.js';
import { type Distribution, distributionOf, NumberList } from './distribution.js';

/** Distinct values counted per attribute; beyond, values are counted under '(other)'. */
const MAX_VALUES = 50;

/** What `stats` adds to `info`'s counts. */
export interface DatasetStats {
  /** Label name -> annotation type -> count (every label, used or not). */
  labels: Record<string, Record<string, number>>;
  /** Annotations without a label (or with an index no label has), by type. */
  unlabeled: Record<string, number>;
  unusedLabels: string[];
  itemsWithoutAnnotations: number;
  /** Areas in pixels, per annotation type with an area (bbox, polygon, mask, ellipse). */
  areas: Record<string, Distribution>;
  /** Width / height of every shape's box. */
  aspectRatios?: Distribution;
  /** Annotations per item. */
  objectsPerItem?: Distribution;
  /** Attribute name -> value -> count, for annotations and for items. */
  attributes: Record<string, Record<string, number>>;
  itemAttributes: Record<string, Record<string, number>>;
}

function countValues(into: Map<string, Map<string, number>>, attrs: Attributes): void {
  for (const [k, v] of Object.entries(attrs)) {
    let values = into.get(k);
    if (!values) {
      values = new Map();
      into.set(k, values);
    }
    const key = String(v as AttributeValue);
    const slot = values.has(key) || values.size < MAX_VALUES ? key : '(other)';
    values.set(slot, (values.get(slot) ?? 0) + 1);
  }
}

const toObject = (m: Map<string, Map<string, number>>) =>
  Object.fromEntries([...m].map(([k, v]) => [k, Object.fromEntries(v)]));

/**
 * Collects the statistics one item at a time, holding numbers (areas, ratios, counts), never items:
 * feed it with `add` (the CLI does it inside `info`'s own counting pass) and read `result`.
 */
export class StatsCollector {
  private readonly perLabel: Map<string, number>[];
  private readonly unlabeled = new Map<string, number>();
  private readonly areas = new Map<string, NumberList>();
  private readonly ratios = new NumberList();
  private readonly objects = new NumberList();
  private readonly attrs = new Map<string, Map<string, number>>();
  private readonly itemAttrs = new Map<string, Map<string, number>>();
  private empty = 0;

  constructor(private readonly categories: Categories) {
    this.perLabel = categories.labels.map(() => new Map());
  }

  async add(item: DatasetItem): Promise<void> {
    this.objects.push(item.annotations.length);
    if (item.annotations.length === 0) this.empty++;
    countValues(this.itemAttrs, item.attributes);
    for (const a of item.annotations) {
      // An index outside the label list counts as unlabeled, so the per-label counts add up to info's.
      const counts = (a.label !== undefined && this.perLabel[a.label]) || this.unlabeled;
      counts.set(a.type, (counts.get(a.type) ?? 0) + 1);
      countValues(this.attrs, a.attributes);
      if (a.normalized) continue;
      const g = await geometryOf(a);
      if (!g) continue;
      if (['bbox', 'polygon', 'mask', 'ellipse'].includes(a.type)) {
        let list = this.areas.get(a.type);
        if (!list) {
          list = new NumberList();
          this.areas.set(a.type, list);
        }
        list.push(g.area);
      }
      if (g.box[2] > 0 && g.box[3] > 0) this.ratios.push(g.box[2] / g.box[3]);
    }
  }

  result(): DatasetStats {
    const names = this.categories.labels.map((l) => l.name);
    const areas: Record<string, Distribution> = {};
    for (const [t, list] of this.areas) {
      const d = distributionOf(list, true);
      if (d) areas[t] = d;
    }
    return {
      labels: Object.fromEntries(names.map((n, i) => [n, Object.fromEntries(this.perLabel[i])])),
      unlabeled: Object.fromEntries(this.unlabeled),
      unusedLabels: names.filter((_, i) => this.perLabel[i].size === 0),
      itemsWithoutAnnotations: this.empty,
      areas,
      aspectRatios: distributionOf(this.ratios, true),
      objectsPerItem: distributionOf(this.objects),
      attributes: toObject(this.attrs),
      itemAttributes: toObject(this.itemAttrs),
    };
  }
}

/** The statistics of a source, in one streaming pass. */
export async function datasetStats(source: DatasetSource): Promise<DatasetStats> {
  const c = new StatsCollector(source.categories);
  for await (const item of source.items()) await c.add(item);
  return c.result();
}

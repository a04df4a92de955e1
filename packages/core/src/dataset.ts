import type { Categories, DatasetItem, DatasetSource } from './model.js';

/**
 * An in-memory collection of items, keyed by subset and id, in insertion order. It is itself a
 * DatasetSource, so it can be handed to any writer.
 */
export class Dataset implements DatasetSource {
  categories: Categories;
  infos?: Record<string, unknown>;
  private readonly bySubset = new Map<string, Map<string, DatasetItem>>();

  constructor(categories: Categories = { labels: [] }, items: Iterable<DatasetItem> = []) {
    this.categories = categories;
    for (const item of items) this.put(item);
  }

  /** Reads a whole source into memory. */
  static async from(source: DatasetSource): Promise<Dataset> {
    const ds = new Dataset(source.categories);
    if (source.infos) ds.infos = source.infos;
    for await (const item of source.items()) ds.put(item);
    return ds;
  }

  get size(): number {
    let n = 0;
    for (const m of this.bySubset.values()) n += m.size;
    return n;
  }

  /** Adds or replaces an item. */
  put(item: DatasetItem): this {
    let m = this.bySubset.get(item.subset);
    if (!m) {
      m = new Map();
      this.bySubset.set(item.subset, m);
    }
    m.set(item.id, item);
    return this;
  }

  get(subset: string, id: string): DatasetItem | undefined {
    return this.bySubset.get(subset)?.get(id);
  }

  remove(subset: string, id: string): boolean {
    const m = this.bySubset.get(subset);
    if (!m?.delete(id)) return false;
    if (m.size === 0) this.bySubset.delete(subset);
    return true;
  }

  subsets(): string[] {
    return [...this.bySubset.keys()];
  }

  subset(name: string): DatasetItem[] {
    return [...(this.bySubset.get(name)?.values() ?? [])];
  }

  *[Symbol.iterator](): IterableIterator<DatasetItem> {
    for (const m of this.bySubset.values()) yield* m.values();
  }

  async *items(): AsyncIterable<DatasetItem> {
    yield* this;
  }

  map(fn: (item: DatasetItem) => DatasetItem): Dataset {
    const out = new Dataset(this.categories);
    for (const item of this) out.put(fn(item));
    return out;
  }

  filter(fn: (item: DatasetItem) => boolean): Dataset {
    const out = new Dataset(this.categories);
    for (const item of this) if (fn(item)) out.put(item);
    return out;
  }
}

/** A source over items already in hand. */
export function sourceOf(
  categories: Categories,
  items: DatasetItem[],
  infos?: Record<string, unknown>,
): DatasetSource {
  return {
    categories,
    size: items.length,
    infos,
    async *items() {
      yield* items;
    },
  };
}

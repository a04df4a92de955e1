import type { LabelCategory } from '../model.js';

/**
 * Label names interned as label indices, in order of first use: the one helper for a reader that
 * meets label names as it goes (a class column, a `<name>` element). Seeded with the names a meta
 * file or a label list gives first; `labels` is the categories' label list to hand out.
 */
export class LabelTable {
  readonly labels: LabelCategory[] = [];
  private readonly index = new Map<string, number>();

  constructor(names: Iterable<string> | readonly LabelCategory[] = []) {
    for (const n of names) {
      if (typeof n === 'string') this.get(n);
      else if (!this.index.has(n.name)) {
        this.index.set(n.name, this.labels.length);
        this.labels.push(n);
      }
    }
  }

  /** The index of `name`, added at the end when it is new. */
  get(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.labels.length;
      this.labels.push({ name });
      this.index.set(name, i);
    }
    return i;
  }

  /** The index of `name`, or undefined when it is not in the table (nothing is added). */
  find(name: string): number | undefined {
    return this.index.get(name);
  }

  get size(): number {
    return this.labels.length;
  }
}

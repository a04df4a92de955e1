import { DatasetError } from '@labelport/core';

/** The item ids written so far, by subset: an id met twice in a subset is a DatasetError. */
export class SubsetItemIds {
  private readonly bySubset = new Map<string, Set<string>>();

  claim(subset: string, id: string): void {
    // a Set per subset: ids are looked up as they are, no "subset + id" text made per item
    let ids = this.bySubset.get(subset);
    if (!ids) {
      ids = new Set();
      this.bySubset.set(subset, ids);
    }
    if (ids.has(id))
      throw new DatasetError('duplicate-item', `item '${id}' appears twice in subset '${subset}'`);
    ids.add(id);
  }
}

import type { LabelCategory } from '@labelport/core';
import { MAX_CLASS } from './level-image.js';

/** Labels in order of first use, after those of dataset_meta.json. */
export class LabelTable {
  readonly labels: LabelCategory[] = [];
  private readonly index = new Map<string, number>();

  constructor(names: string[] = []) {
    for (const n of names) this.get(n);
  }

  get(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.labels.length;
      this.labels.push({ name });
      this.index.set(name, i);
    }
    return i;
  }
}

/** The ADE class index to write for a label: its source id when it fits the level images, else its position + 1. */
export function classIndexOf(labels: LabelCategory[], label: number): number {
  const id = labels[label]?.id;
  return id !== undefined && Number.isInteger(id) && id > 0 && id <= MAX_CLASS ? id : label + 1;
}

/** Attribute names with the value true: ADE20K lists attributes that hold, nothing else. */
export function trueAttributes(attributes: Record<string, unknown>): { names: string[]; lost: number } {
  const names: string[] = [];
  let lost = 0;
  for (const [k, v] of Object.entries(attributes)) {
    if (v === true) names.push(k);
    else if (v !== false) lost++;
  }
  return { names, lost };
}

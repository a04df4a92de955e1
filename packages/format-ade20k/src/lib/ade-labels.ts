// Labels as ADE20K writes them (names are interned with core's LabelTable).
import type { LabelCategory } from '@labelport/core';
import { MAX_CLASS } from './level-image.js';

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

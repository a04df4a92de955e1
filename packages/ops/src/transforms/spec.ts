import type { DatasetSource, OptionSpecs } from '@labelport/core';
import { type ItemStep, mapItems } from '../map-items.js';
import type { FreeKeys, ParsedParams } from '../params.js';
import type { OpReport } from '../report.js';

/** A transform described as data: its name (Datumaro's), what it does, and its parameters. */
export interface TransformSpec {
  name: string;
  /** Other names it answers to (Datumaro's spec names: `remove_items` for `remove_images`). */
  aliases?: readonly string[];
  doc: string;
  /** Its parameters, as core's option descriptions (types, defaults, values, aliases, required). */
  params: OptionSpecs;
  free?: FreeKeys;
  /**
   * True when the transform reads the items twice and holds a little per item (ids and labels, never
   * annotations' shapes); false when it streams in bounded memory.
   */
  twoPass?: boolean;
  /** True when the transform holds every item in memory (masks stay lazy) before giving any out. */
  holdsItems?: boolean;
  apply(source: DatasetSource, params: ParsedParams, report: OpReport): DatasetSource;
}

/**
 * A transform that works item by item, streaming: `step` makes the per-item function once the
 * parameters are known. Labels and the item count stay as they are unless `dropsItems`.
 */
export function itemTransform(
  def: Omit<TransformSpec, 'apply'> & {
    step(source: DatasetSource, params: ParsedParams, report: OpReport): ItemStep;
    dropsItems?: boolean;
  },
): TransformSpec {
  const { step, dropsItems, ...spec } = def;
  return {
    ...spec,
    apply: (source, params, report) =>
      mapItems(source, report, step(source, params, report), source.categories, !dropsItems),
  };
}

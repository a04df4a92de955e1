import type { DatasetSource } from '@labelport/core';
import { type ItemStep, mapItems } from '../map-items.js';
import type { FreeKeys, ParamSpec, ParsedParams } from '../params.js';
import type { OpReport } from '../report.js';

/** A transform described as data: its name (Datumaro's), what it does, and its parameters. */
export interface TransformSpec {
  name: string;
  doc: string;
  params: ParamSpec[];
  free?: FreeKeys;
  /**
   * True when the transform reads the items twice and holds a little per item (ids and labels, never
   * annotations' shapes); false when it streams in bounded memory.
   */
  twoPass?: boolean;
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

import type { Categories, DatasetItem, DatasetSource } from '@labelport/core';
import { type OpReport, resetReport } from './report.js';

/** What a per-item step returns: the item (the same object when unchanged), or undefined to drop it. */
export type ItemStep = (item: DatasetItem) => DatasetItem | undefined | Promise<DatasetItem | undefined>;

/**
 * A lazy source that runs `step` over every item as it is read: one item in memory at a time, so the
 * operation runs in bounded memory whatever the dataset's size. Counts items in, out, removed and
 * changed (a step signals a change by returning a new object).
 */
export function mapItems(
  source: DatasetSource,
  report: OpReport,
  step: ItemStep,
  categories: Categories = source.categories,
  keepsSize = false,
): DatasetSource {
  return {
    categories,
    infos: source.infos,
    size: keepsSize ? source.size : undefined,
    async *items() {
      resetReport(report);
      for await (const item of source.items()) {
        report.itemsIn++;
        const out = await step(item);
        if (out === undefined) {
          report.itemsRemoved++;
          continue;
        }
        if (out !== item) report.itemsChanged++;
        report.itemsOut++;
        yield out;
      }
    },
  };
}

/**
 * Replaces an item's annotations through `fn` (which returns the same array when nothing changed), and
 * counts removed and added annotations from the lengths.
 */
export function withAnnotations(
  item: DatasetItem,
  report: OpReport,
  fn: (annotations: DatasetItem['annotations']) => DatasetItem['annotations'],
): DatasetItem {
  const next = fn(item.annotations);
  if (next === item.annotations) return item;
  const diff = next.length - item.annotations.length;
  if (diff < 0) report.annotationsRemoved -= diff;
  else report.annotationsAdded += diff;
  return { ...item, annotations: next };
}

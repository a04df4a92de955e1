/**
 * What the CIFAR writer keeps of an item: one label and an RGB image. Everything else is counted under
 * core's loss kinds, with the reason said once.
 */
import {
  type DatasetItem,
  type DatasetLimits,
  type LabelCategory,
  lostAttributes,
  type ReportBuilder,
} from '@labelport/core';
import { itemPixels } from '@labelport/core/media';
import { type PlanarImage, planesOf } from './rgb-image.js';

/** The item's label index (undefined: none), counting what is not kept. */
export function labelOf(
  item: DatasetItem,
  labels: readonly LabelCategory[],
  report: ReportBuilder,
): number | undefined {
  let kept: number | undefined;
  for (const a of item.annotations) {
    if (a.type !== 'label')
      report.drop(a.type, 1, `CIFAR holds a label per image: ${a.type} annotations are not written`);
    else if (a.label === undefined || !labels[a.label])
      report.drop('label', 1, 'a label annotation without a known label is not written');
    else if (kept !== undefined)
      report.drop('label', 1, 'CIFAR holds one label per image: the others are not written');
    else kept = a.label;
    report.drop('attribute', lostAttributes(a.attributes), 'CIFAR has no attributes');
  }
  report.drop('item attribute', lostAttributes(item.attributes), 'CIFAR has no item attributes');
  return kept;
}

/** The item's image as the file holds it, or undefined (none, or one that cannot be had: counted). */
export async function imageOf(
  item: DatasetItem,
  limits: DatasetLimits,
  report: ReportBuilder,
): Promise<PlanarImage | undefined> {
  const pixels = await itemPixels(item, limits, report, 'a CIFAR batch');
  if (!pixels) return undefined;
  const image = planesOf(pixels);
  if (image.changed)
    report.convert(
      'media',
      'media',
      1,
      'CIFAR images are 8-bit RGB: transparency or 16-bit depth was not kept',
    );
  return image;
}

/** The coarse labels (CIFAR-100's superclasses): the labels' parents, sorted as Datumaro writes them. */
export function coarseNamesOf(labels: readonly LabelCategory[]): string[] {
  return [...new Set(labels.map((l) => l.parent).filter((p): p is string => !!p))].sort();
}

/**
 * What the CIFAR writer keeps of an item: one label and an RGB image. Everything else is counted under
 * core's loss kinds, with the reason said once.
 */
import {
  type DatasetItem,
  type DatasetLimits,
  isDatasetError,
  type LabelCategory,
  lostAttributes,
  type ReportBuilder,
} from '@labelport/core';
import { type PlanarImage, planarImageOf } from './rgb-image.js';

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

/** The item's image as planes, or undefined (none, or one that cannot be had), counting what is lost. */
export async function imageOf(
  item: DatasetItem,
  limits: DatasetLimits,
  report: ReportBuilder,
): Promise<PlanarImage | undefined> {
  let image: Awaited<ReturnType<typeof planarImageOf>>;
  try {
    image = await planarImageOf(item, limits);
  } catch (e) {
    if (!isDatasetError(e)) throw e;
    report.drop('media', 1, `${item.id}: the image cannot be decoded (${e.message})`);
    return undefined;
  }
  if (image === 'no image') return undefined;
  if (image === 'no bytes') {
    report.drop('media', 1, 'images without their bytes cannot be written into a CIFAR batch');
    return undefined;
  }
  if (image === 'not png') {
    report.drop(
      'media',
      1,
      'only PNG images can be written into a CIFAR batch (the toolbox decodes no other)',
    );
    return undefined;
  }
  if (image.changed) {
    report.convert(
      'media',
      'media',
      1,
      'CIFAR images are 8-bit RGB: transparency or 16-bit depth was not kept',
    );
  }
  return image;
}

/** The coarse labels (CIFAR-100's superclasses): the labels' parents, sorted as Datumaro writes them. */
export function coarseNamesOf(labels: readonly LabelCategory[]): string[] {
  return [...new Set(labels.map((l) => l.parent).filter((p): p is string => !!p))].sort();
}

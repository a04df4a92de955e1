/**
 * What both MNIST writers keep of an item: one label and a gray image. Everything else is counted under
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
import { type GrayImage, grayOf } from './gray-image.js';
import { CELL_CHARS } from './mnist-meta.js';

/**
 * The item's label index (undefined: none), counting what is not kept: more labels than one, labels
 * past `maxLabel` (255 is MNIST's "no label"), other annotation types, attributes.
 */
export function labelOf(
  item: DatasetItem,
  labels: readonly LabelCategory[],
  maxLabel: number,
  report: ReportBuilder,
): number | undefined {
  let kept: number | undefined;
  for (const a of item.annotations) {
    if (a.type !== 'label')
      report.drop(a.type, 1, `MNIST holds a label per image: ${a.type} annotations are not written`);
    else if (a.label === undefined || !labels[a.label])
      report.drop('label', 1, 'a label annotation without a known label is not written');
    else if (a.label > maxLabel)
      report.drop('label', 1, `MNIST label values go up to ${maxLabel}: labels past it are not written`);
    else if (kept !== undefined)
      report.drop('label', 1, 'MNIST holds one label per image: the others are not written');
    else kept = a.label;
    report.drop('attribute', lostAttributes(a.attributes), 'MNIST has no attributes');
  }
  report.drop('item attribute', lostAttributes(item.attributes), 'MNIST has no item attributes');
  return kept;
}

/** The item's image as the file holds it, or undefined (none, or one that cannot be had: counted). */
export async function imageOf(
  item: DatasetItem,
  limits: DatasetLimits,
  report: ReportBuilder,
): Promise<GrayImage | undefined> {
  const pixels = await itemPixels(item, limits, report, 'the MNIST files');
  if (!pixels) return undefined;
  const image = grayOf(pixels);
  if (image.changed)
    report.convert(
      'media',
      'media',
      1,
      'MNIST images are 8-bit gray: colour, transparency or 16-bit depth was not kept',
    );
  return image;
}

/**
 * The id written for an item: its own, or (when it does not fit Datumaro's meta cell of 32 characters)
 * its position, with a warning.
 */
export function writtenId(item: DatasetItem, position: number, report: ReportBuilder): string {
  if ([...item.id].length <= CELL_CHARS) return item.id;
  report.warn(
    `ids of more than ${CELL_CHARS} characters do not fit Datumaro's meta file: such items are named by their position`,
  );
  return String(position);
}

/** The warning for images left out because saveMedia is off. */
export const NO_SAVE_MEDIA =
  'the images are written into the MNIST files only with saveMedia (as by Datumaro): without it the files hold the labels alone';

/**
 * What both MNIST writers keep of an item: one label and a gray image. Everything else is counted under
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
import { type GrayImage, grayImageOf } from './gray-image.js';
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

/**
 * The item's image as gray pixels for the file, or undefined (no image, or one that cannot be had),
 * counting what is lost: an image without bytes or not a PNG, colour or depth given up for 8-bit gray.
 */
export async function imageOf(
  item: DatasetItem,
  limits: DatasetLimits,
  report: ReportBuilder,
): Promise<GrayImage | undefined> {
  let image: Awaited<ReturnType<typeof grayImageOf>>;
  try {
    image = await grayImageOf(item, limits);
  } catch (e) {
    if (!isDatasetError(e)) throw e;
    report.drop('media', 1, `${item.id}: the image cannot be decoded (${e.message})`);
    return undefined;
  }
  if (image === 'no image') return undefined;
  if (image === 'no bytes') {
    report.drop('media', 1, 'images without their bytes cannot be written into the MNIST files');
    return undefined;
  }
  if (image === 'not png') {
    report.drop(
      'media',
      1,
      'only PNG images can be written into the MNIST files (the toolbox decodes no other)',
    );
    return undefined;
  }
  if (image.changed) {
    report.convert(
      'media',
      'media',
      1,
      'MNIST images are 8-bit gray: colour, transparency or 16-bit depth was not kept',
    );
  }
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

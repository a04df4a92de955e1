/**
 * Side channels that carry COCO details through the model without showing up as data: symbol-keyed
 * properties are skipped by Object.keys, JSON and the test kit's comparisons, but survive `{...a}`.
 * Symbol.for, so that two copies of the package agree.
 */

/** On an annotation read from COCO: the `area` the file gave its object. */
export const COCO_AREA: unique symbol = Symbol.for('labelport.coco.area') as never;

/** On an Rle read from a compressed COCO segmentation: the original counts string. */
export const COCO_RLE_STRING: unique symbol = Symbol.for('labelport.coco.rleString') as never;

export interface WithCocoArea {
  [COCO_AREA]?: number;
}

export interface WithCocoRleString {
  [COCO_RLE_STRING]?: string;
}

/** On an annotation read by the `coco` format from one of several task files: the task it came from. */
export const COCO_TASK: unique symbol = Symbol.for('labelport.coco.task') as never;

/**
 * On an annotation the `coco` format read once from several task files (Datumaro's `coco` export
 * writes an object into instances, stuff and panoptic): the tasks beside COCO_TASK it was in, so
 * that writing `coco` puts it in each again.
 */
export const COCO_ALSO: unique symbol = Symbol.for('labelport.coco.alsoTasks') as never;

/** On a panoptic mask: its segments_info `area` and `bbox` ([x, y, w, h]), when the file gives them. */
export const COCO_SEGMENT: unique symbol = Symbol.for('labelport.coco.segment') as never;

export interface SegmentExtent {
  area: number;
  bbox: [number, number, number, number];
}

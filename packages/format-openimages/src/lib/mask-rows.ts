/** Rows of `*-annotations-object-segmentation.csv`: one mask each, linked to its box by coordinates. */
import {
  type Annotation,
  type Attributes,
  DatasetError,
  type FileTree,
  lazyMask,
  type ReadOptions,
  readContext,
} from '@labelport/core';
import { type CsvHeader, type CsvRecord, joinPath } from '@labelport/core/files';
import { isBadPathComponent, MASKS_DIR } from './layout.js';
import { loadPngMask } from './mask-png.js';
import { numberAt, optionalNumberAt, placeOf, type RowContext, textAt } from './rows.js';

/** What reading a mask row needs of the reader's state. */
export interface MaskRowState {
  tree: FileTree;
  options: ReadOptions & { datumaroModel?: boolean };
  /** Mask file name -> the first path under masks/ with it, for masks not in masks/<subset>/. */
  masks: Map<string, string>;
  maskPaths: Set<string>;
}

/** A mask row: a lazily loaded PNG, resized to the image, grouped with the box it was drawn in. */
export function readMaskRow(
  state: MaskRowState,
  h: CsvHeader,
  r: CsvRecord,
  ctx: RowContext,
  subset: string,
  out: Annotation[],
): void {
  const f = ctx.file;
  const maskPath = textAt(r, h.require('MaskPath'));
  if (isBadPathComponent(maskPath)) {
    throw new DatasetError('unsafe-path', `MaskPath '${maskPath}' is not a plain file name`, {
      file: f,
      place: placeOf(r),
    });
  }
  const labelIndex = ctx.labelOf(textAt(r, h.require('LabelName')), f, placeOf(r));
  const boxId = textAt(r, h.find('BoxID'));
  if (h.has('BoxID') && isBadPathComponent(boxId)) {
    throw new DatasetError('bad-value', `BoxID '${boxId}' is not usable in a file name`, {
      file: f,
      place: placeOf(r),
    });
  }
  const attributes: Attributes = {};
  if (boxId !== '') attributes.box_id = boxId;
  const iou = optionalNumberAt(r, h.find('PredictedIoU'), 'PredictedIoU', f);
  if (iou !== undefined) attributes.predicted_iou = iou;
  const clicks = textAt(r, h.find('Clicks'));
  if (clicks !== '' && !state.options.datumaroModel) attributes.clicks = clicks;

  let group: number | undefined;
  const cols = ['BoxXMin', 'BoxXMax', 'BoxYMin', 'BoxYMax'];
  const idx = cols.map((c) => h.find(c));
  if (idx.every((i) => i >= 0 && textAt(r, i).trim() !== '')) {
    const norm = idx.map((i, k) => numberAt(r, i, cols[k]!, f));
    for (const b of ctx.boxes) {
      // Open Images stores mask boxes with 6 digits: the only link between masks and boxes.
      if (b.ann.label === labelIndex && b.norm.every((v, k) => Math.abs(v - norm[k]!) <= 1e-6 + 1e-12))
        group = b.ann.group;
    }
  }

  const inSubset = joinPath(MASKS_DIR, subset, maskPath);
  const path = state.maskPaths.has(inSubset) ? inSubset : state.masks.get(maskPath);
  if (path === undefined) {
    throw new DatasetError('not-found', `the mask ${inSubset} is not there`, {
      file: f,
      place: placeOf(r),
    });
  }
  const { width, height } = ctx.size!;
  const tree = state.tree;
  const { limits } = readContext(state.options);
  out.push({
    type: 'mask',
    label: labelIndex,
    mask: lazyMask(() => loadPngMask(tree, path, width, height, limits), { width, height }),
    ...(group !== undefined ? { group } : {}),
    attributes,
  });
}

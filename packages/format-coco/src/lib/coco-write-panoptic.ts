import {
  type Annotation,
  type BinaryMask,
  checkPixels,
  type DatasetItem,
  type DatasetLimits,
  type FileSink,
  loadMask,
  type MaskSource,
  maskSize,
  type ReportBuilder,
} from '@labelport/core';
import { encodePng } from '@labelport/core/png';

type MaskAnnotation = Extract<Annotation, { type: 'mask' }>;
type Painted = { id: number; ann: MaskAnnotation }[];

/**
 * The masks painted into one id image of the first mask's size, each under its segment id, in the
 * order given (by z-order: a later mask covers an earlier one); a mask of another size is left out,
 * reported.
 */
function paintSegments(
  item: DatasetItem,
  masks: MaskAnnotation[],
  loaded: BinaryMask[],
  report: ReportBuilder,
): { ids: Uint32Array; painted: Painted } {
  const { width, height } = loaded[0];
  const n = width * height;
  const ids = new Uint32Array(n);
  const used = new Set<number>();
  for (const m of masks) if (m.id !== undefined && m.id > 0) used.add(m.id);
  const assigned = new Set<number>();
  let next = 1;
  const painted: Painted = [];
  for (let k = 0; k < masks.length; k++) {
    const m = masks[k];
    const bitmap = loaded[k];
    if (bitmap.width !== width || bitmap.height !== height) {
      report.drop(
        'mask',
        1,
        `${item.subset}/${item.id}: a mask of ${bitmap.width}x${bitmap.height} beside masks of ${width}x${height} was left out of the panoptic PNG`,
      );
      continue;
    }
    // A mask keeps its id as segment id unless an earlier mask of the item took it (instance ids
    // restart per class in Cityscapes or KITTI: person 1 and car 1 are two segments).
    let id = m.id !== undefined && m.id > 0 && m.id < 2 ** 24 && !assigned.has(m.id) ? m.id : 0;
    if (!id) {
      while (used.has(next) || assigned.has(next)) next++;
      id = next++;
      used.add(id);
    }
    assigned.add(id);
    const data = bitmap.data;
    for (let i = 0; i < n; i++) if (data[i]) ids[i] = id;
    painted.push({ id, ann: m });
  }
  return { ids, painted };
}

/** The segments_info: area and box of what each segment shows in the end. */
function segmentsOf(
  ids: Uint32Array,
  width: number,
  height: number,
  painted: Painted,
  categoryOf: (label: number | undefined) => number,
) {
  const extent = new Map<number, [number, number, number, number, number]>(); // area, x0, y0, x1, y1
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      const v = ids[i];
      if (!v) continue;
      const e = extent.get(v);
      if (!e) extent.set(v, [1, x, y, x, y]);
      else {
        e[0]++;
        if (x < e[1]) e[1] = x;
        if (x > e[3]) e[3] = x;
        e[4] = y;
      }
    }
  }
  return painted.map(({ id, ann }) => {
    const e = extent.get(id);
    return {
      id,
      category_id: categoryOf(ann.label),
      area: e ? e[0] : 0,
      bbox: e ? [e[1], e[2], e[3] - e[1] + 1, e[4] - e[2] + 1] : [0, 0, 0, 0],
      iscrowd: ann.attributes.is_crowd ? 1 : 0,
    };
  });
}

/** The id image as COCO's PNG pixels: id = R + 256 G + 65536 B. */
function rgbOf(ids: Uint32Array): Uint8Array {
  const rgb = new Uint8Array(3 * ids.length);
  for (let i = 0; i < ids.length; i++) {
    const v = ids[i];
    rgb[3 * i] = v & 255;
    rgb[3 * i + 1] = (v >>> 8) & 255;
    rgb[3 * i + 2] = (v >>> 16) & 255;
  }
  return rgb;
}

/**
 * One item's masks as a COCO panoptic PNG (segment id = R + 256 G + 65536 B) under
 * `annotations/panoptic_<subset>/`, and its annotation entry (segments with area and box of what
 * each shows in the end) through `emit`.
 */
export async function writePanopticItem(
  item: DatasetItem,
  annotations: Annotation[],
  imageId: number,
  subset: string,
  sink: FileSink,
  emit: (elem: Record<string, unknown>) => Promise<void> | undefined,
  categoryOf: (label: number | undefined) => number,
  report: ReportBuilder,
  limits?: DatasetLimits,
): Promise<void> {
  // painted by z-order, then as given: a later mask covers an earlier one where they overlap
  const masks = annotations
    .filter((a): a is MaskAnnotation => a.type === 'mask')
    .map((m, i) => ({ m, i }))
    .sort((a, b) => (a.m.zOrder ?? 0) - (b.m.zOrder ?? 0) || a.i - b.i)
    .map(({ m }) => m);
  if (masks.length === 0) return;
  const loaded: BinaryMask[] = [];
  for (const m of masks) {
    const size = maskSize(m.mask as MaskSource); // painted at this size: held to the caller's limit
    if (size) checkPixels(size.width, size.height, `item '${item.id}'`, limits);
    loaded.push(await loadMask(m.mask as MaskSource));
  }
  // the PNG takes the masks' size (normally the image's; Datumaro keeps a PNG of another size as it is)
  const { width, height } = loaded[0];
  const { ids, painted } = paintSegments(item, masks, loaded, report);
  const segments = segmentsOf(ids, width, height, painted, categoryOf);
  const fileName = `${item.id}.png`;
  await sink.write(
    `annotations/panoptic_${subset}/${fileName}`,
    encodePng({ width, height, colorType: 'rgb', data: rgbOf(ids) }),
  );
  await emit({ image_id: imageId, file_name: fileName, segments_info: segments });
}

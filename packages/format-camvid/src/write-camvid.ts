import {
  type Annotation,
  allocatePixels,
  type BinaryMask,
  checkPixels,
  DatasetError,
  type DatasetItem,
  type DatasetLimits,
  type DatasetSource,
  type FileSink,
  loadMask,
  type MaskAnnotation,
  maskSize,
  type PolygonAnnotation,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { decodeRle, rasterizePolygon, renderIndexMask } from '@labelport/core/geometry';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import {
  DATASET_META_FILE,
  formatDatasetMeta,
  formatLabelColors,
  type Rgb,
  tiedByGroup,
} from '@labelport/core/meta';
import { encodePng } from '@labelport/core/png';
import type { CamvidWriteOptions } from './camvid.js';
import { BACKGROUND, type OutputEntry, outputLabelMap } from './lib/camvid-labelmap.js';
import { LABEL_MAP_FILES, listLine, MASK_DIR_SUFFIX } from './lib/camvid-list.js';

type Shape = MaskAnnotation | PolygonAnnotation;

interface Writing {
  out: FileSink;
  report: ReportBuilder;
  entries: OutputEntry[];
  /** Source label -> index in `entries` (the value painted). */
  indexOf: Map<number, number>;
  applyColormap: boolean;
  limits: DatasetLimits;
  /** Which labels an item's mask holds (set while encoding, cleared after). */
  seen: Uint8Array;
}

export async function writeCamvid(
  source: DatasetSource,
  out: FileSink,
  options: CamvidWriteOptions & WriteOptions = {},
): Promise<WriteReport> {
  const ctx = readContext(options);
  const report = new ReportBuilder();
  const { entries, indexOf, added } = outputLabelMap(source.categories);
  if (added)
    report.warn(`no label has colour (0, 0, 0): a '${BACKGROUND}' label is added for unpainted pixels`);
  const w: Writing = {
    out,
    report,
    entries,
    indexOf,
    applyColormap: options.applyColormap ?? true,
    limits: ctx.limits,
    seen: new Uint8Array(entries.length),
  };
  const lists = new Map<string, string[]>();
  for await (const item of ctx.iter(source.items(), source.size)) {
    report.items++;
    report.drop('item attribute', Object.keys(item.attributes).length);
    const imagePath = `${item.subset}/${item.id}${mediaExtension(item, '.jpg')}`;
    if (options.saveMedia) await saveMedia(item, out, imagePath, report);
    const shapes = paintable(item, w);
    report.drop('group', tiedByGroup(shapes), 'groups are not kept: CamVid masks are per class');
    const maskPath = shapes.length > 0 ? await writeMask(item, shapes, w) : '';
    const lines = lists.get(item.subset) ?? [];
    lists.set(item.subset, lines);
    lines.push(listLine(`/${imagePath}`, maskPath === '' ? '' : `/${maskPath}`));
  }
  for (const [subset, lines] of lists) await out.write(`${subset}.txt`, lines.map((l) => `${l}\n`).join(''));
  await writeLabelMap(w, added, options.saveDatasetMeta === true);
  return report.build();
}

/** The item's masks and polygons that have a label of the map; the rest is counted. */
function paintable(item: DatasetItem, w: Writing): Shape[] {
  return item.annotations.filter((a): a is Shape => {
    if (a.type !== 'mask' && a.type !== 'polygon') {
      w.report.drop(a.type);
      return false;
    }
    w.report.drop('attribute', Object.keys(a.attributes).length);
    if (a.label === undefined || !w.indexOf.has(a.label)) {
      w.report.drop(a.type, 1, 'a mask without a label cannot be painted and is dropped');
      return false;
    }
    return true;
  });
}

/** Paints the shapes in z-order and writes the mask PNG; its path, or '' when it cannot be painted. */
async function writeMask(item: DatasetItem, shapes: Shape[], w: Writing): Promise<string> {
  const bitmaps = new Map<Annotation, BinaryMask>();
  for (const s of shapes) {
    if (s.type !== 'mask') continue;
    // Held to the caller's pixel limit before loading (an RLE is decoded at its size).
    const size = maskSize(s.mask);
    if (size) checkPixels(size.width, size.height, `item '${item.id}'`, w.limits);
    bitmaps.set(s, await loadMask(s.mask));
  }
  const first = bitmaps.values().next().value;
  const width = item.media?.width ?? first?.width;
  const height = item.media?.height ?? first?.height;
  if (width === undefined || height === undefined) {
    for (const s of shapes) w.report.drop(s.type);
    w.report.warn(`item '${item.id}': polygons without an image size cannot be painted and are dropped`);
    return '';
  }
  checkPixels(width, height, `item '${item.id}'`, w.limits); // painted at this size
  const layers = [...shapes]
    .sort((a, b) => (a.zOrder ?? 0) - (b.zOrder ?? 0))
    .map((s) => ({
      mask: bitmapOf(s, bitmaps, width, height, item.id, w.report),
      value: w.indexOf.get(s.label!)!,
    }));
  const wide = w.entries.length > 256;
  const index = renderIndexMask(width, height, layers, 0, wide ? Uint16Array : Uint8Array);
  const maskPath = `${item.subset}${MASK_DIR_SUFFIX}/${item.id}.png`;
  await w.out.write(maskPath, encodeMask(index, width, height, item.id, w));
  countUnreadable(
    layers.map((l) => l.value),
    w,
  );
  return maskPath;
}

/** A shape's pixels at the item's size: a mask as loaded, a polygon drawn (counted as converted). */
function bitmapOf(
  s: Shape,
  bitmaps: Map<Annotation, BinaryMask>,
  width: number,
  height: number,
  itemId: string,
  report: ReportBuilder,
): BinaryMask {
  if (s.type === 'polygon') report.convert('polygon', 'mask');
  const mask = s.type === 'polygon' ? decodeRle(rasterizePolygon(s.points, height, width)) : bitmaps.get(s)!;
  if (mask.width !== width || mask.height !== height) {
    throw new DatasetError(
      'bad-image',
      `item '${itemId}': a mask is ${mask.width}x${mask.height}, the image ${width}x${height}`,
    );
  }
  return mask;
}

/**
 * Counts the masks that do not read back (one mask per label painted): those painted over entirely by
 * later ones, and all but one of the masks of a label. `seen` holds the labels painted; it is cleared.
 */
function countUnreadable(values: number[], w: Writing) {
  const { seen } = w;
  let hidden = 0;
  let merged = 0;
  for (const v of values) {
    if (seen[v] === 0) hidden++;
    else if (seen[v] === 2) merged++;
    else seen[v] = 2;
  }
  seen.fill(0);
  w.report.drop('mask', hidden, 'masks painted over entirely by later masks are dropped');
  w.report.drop('mask', merged, 'masks of one label are merged: CamVid masks are per class');
}

/** The mask PNG (marking the labels painted in `seen`): the label colours (RGB), or the label indices (gray). */
function encodeMask(
  index: Uint8Array | Uint16Array | Uint32Array,
  width: number,
  height: number,
  itemId: string,
  w: Writing,
): Uint8Array {
  const { seen } = w;
  if (!w.applyColormap) {
    for (let i = 0; i < index.length; i++) seen[index[i]!] = 1;
    const data = index as Uint8Array | Uint16Array;
    return encodePng({ width, height, colorType: 'gray', bitDepth: w.entries.length > 256 ? 16 : 8, data });
  }
  const rgb = allocatePixels(width, height, `item '${itemId}'`, { channels: 3, limits: w.limits });
  for (let i = 0; i < index.length; i++) {
    const v = index[i]!;
    seen[v] = 1;
    const c = w.entries[v]!.color;
    rgb[i * 3] = c[0];
    rgb[i * 3 + 1] = c[1];
    rgb[i * 3 + 2] = c[2];
  }
  return encodePng({ width, height, colorType: 'rgb', data: rgb });
}

/** `label_colors.txt` (Datumaro leaves out a background it added; reading adds it back), or `dataset_meta.json`. */
async function writeLabelMap(w: Writing, added: boolean, datasetMeta: boolean) {
  if (datasetMeta) {
    const colors = new Map<number, Rgb>(w.entries.map((e, i) => [i, e.color]));
    const names = w.entries.map((e) => e.name);
    await w.out.write(DATASET_META_FILE, formatDatasetMeta(names, colors));
    return;
  }
  const written = w.entries.filter((e) => !(added && e.source === undefined));
  const text = formatLabelColors(
    written.map((e) => [e.name, e.color]),
    w.report,
  );
  await w.out.write(LABEL_MAP_FILES[0]!, text);
}

import {
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
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { joinPath, safeRelativePath } from '@labelport/core/files';
import { renderIndexMask } from '@labelport/core/geometry';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { tiedByGroup } from '@labelport/core/meta';
import { encodeIndexPng16 } from '@labelport/core/png';
import { classOfLabel, MAX_INSTANCES } from './lib/mots-labels.js';
import { IMAGES_DIR, LABELS_FILE, MASKS_DIR } from './lib/mots-layout.js';

/** The masks of an item MOTS PNG can paint (a known label); the rest is counted. */
function paintableMasks(item: DatasetItem, labelCount: number, report: ReportBuilder): MaskAnnotation[] {
  report.drop('item attribute', Object.keys(item.attributes).length);
  const masks: MaskAnnotation[] = [];
  for (const a of item.annotations) {
    if (a.type !== 'mask') report.drop(a.type);
    else if (a.label === undefined || a.label >= labelCount) {
      report.drop(
        'mask',
        1,
        'MOTS paints a mask as its class * 1000 + its track: a mask without a label is not written',
      );
    } else masks.push(a);
    report.drop('attribute', Object.keys(a.attributes).length);
  }
  return masks;
}

const pixelValue = (m: MaskAnnotation, track: number) =>
  MAX_INSTANCES * classOfLabel(m.label as number) + track;

/**
 * Track ids are the instance part of `class * 1000 + track`: 0..999, unique per class in an image.
 * Those that fit are kept; the others get the lowest free one. Returns the tracks and how many are new.
 */
function frameTracks(masks: MaskAnnotation[]): { tracks: number[]; renumbered: number } {
  const used = new Set<number>();
  const tracks = masks.map((m) => {
    const t = m.objectId;
    if (
      t !== undefined &&
      Number.isInteger(t) &&
      t >= 0 &&
      t < MAX_INSTANCES &&
      !used.has(pixelValue(m, t))
    ) {
      used.add(pixelValue(m, t));
      return t;
    }
    return -1;
  });
  let renumbered = 0;
  for (let i = 0; i < masks.length; i++) {
    if (tracks[i]! >= 0) continue;
    let t = 0;
    while (used.has(pixelValue(masks[i]!, t))) t++;
    used.add(pixelValue(masks[i]!, t));
    tracks[i] = t;
    renumbered++;
  }
  return { tracks, renumbered };
}

/** The masks as layers of pixel values, painted in z order; the frame size (the image's, else the first mask's). */
async function frameLayers(
  item: DatasetItem,
  masks: MaskAnnotation[],
  tracks: number[],
  labels: string[],
  limits: DatasetLimits,
) {
  const layers: { mask: BinaryMask; value: number }[] = [];
  let size =
    item.media?.width && item.media.height
      ? { width: item.media.width, height: item.media.height }
      : undefined;
  const order = masks.map((m, i) => ({ m, i })).sort((a, b) => (a.m.zOrder ?? 0) - (b.m.zOrder ?? 0));
  for (const { m, i } of order) {
    const declared = maskSize(m.mask); // held to the caller's pixel limit before it is loaded
    if (declared) checkPixels(declared.width, declared.height, `item ${item.id}`, limits);
    const bitmap = await loadMask(m.mask);
    size ??= { width: bitmap.width, height: bitmap.height };
    const v = pixelValue(m, tracks[i]!);
    if (v > 0xffff)
      throw new DatasetError(
        'bad-value',
        `label ${labels[m.label as number]} gives a pixel value ${v} past 16 bits`,
      );
    layers.push({ mask: bitmap, value: v });
  }
  return { layers, size };
}

const GROUP_LOST = 'groups are not kept: a MOTS PNG holds each mask as its own object';

/**
 * Counts the masks painted over entirely by later ones (their value is nowhere in the frame); values
 * are unique in a frame, so no two masks merge. `seen` is cleared for the next frame.
 */
function countHidden(
  values: Uint16Array | Uint8Array | Uint32Array,
  layers: { value: number }[],
  seen: Uint8Array,
  report: ReportBuilder,
) {
  let last = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === last) continue;
    last = v;
    seen[v] = 1;
  }
  let hidden = 0;
  for (const { value } of layers) if (seen[value] === 0) hidden++;
  for (const { value } of layers) seen[value] = 0;
  seen[0] = 0;
  report.drop('mask', hidden, 'masks painted over entirely by later masks are dropped');
}

export async function writeMotsPng(
  source: DatasetSource,
  out: FileSink,
  options: WriteOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const ctx = readContext(options);
  const labels = source.categories.labels.map((l) => l.name);
  const subsets = new Set<string>();
  const seen = new Uint8Array(0x10000);
  let renumbered = 0;
  for await (const item of ctx.iter(source.items(), source.size)) {
    report.items++;
    const dir = safeRelativePath(item.subset);
    subsets.add(dir);
    const masks = paintableMasks(item, labels.length, report);
    report.drop('group', tiedByGroup(masks), GROUP_LOST);
    const frame = frameTracks(masks);
    renumbered += frame.renumbered;
    const { layers, size } = await frameLayers(item, masks, frame.tracks, labels, ctx.limits);
    if (options.saveMedia)
      await saveMedia(
        item,
        out,
        joinPath(dir, IMAGES_DIR, `${item.id}${mediaExtension(item, '.jpg')}`),
        report,
      );
    if (!size) {
      report.drop('item', 1, 'a frame with no mask and no image size has nothing to write in MOTS PNG');
      continue;
    }
    // The frame is painted at the image's size: held to the limit the caller gave (options.limits).
    checkPixels(size.width, size.height, `item ${item.id}`, ctx.limits);
    const values = renderIndexMask(size.width, size.height, layers, 0, Uint16Array);
    countHidden(values, layers, seen, report);
    await out.write(
      joinPath(dir, MASKS_DIR, `${item.id}.png`),
      encodeIndexPng16(size.width, size.height, values),
    );
  }
  if (renumbered > 0)
    report.warn(
      `${renumbered} masks had no usable track id (0..999, unique per class in a frame) and got a new one`,
    );
  for (const dir of subsets) await out.write(joinPath(dir, MASKS_DIR, LABELS_FILE), labels.join('\n'));
  return report.build();
}

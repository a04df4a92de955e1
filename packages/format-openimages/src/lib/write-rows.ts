/**
 * The annotation rows of one item, as Datumaro's Open Images writer lays them out: image-level labels,
 * boxes (with their XClick points), relationships, point labels, masks (PNG + row) and narratives.
 * Coordinates are fractions of the image: normalised annotations are written as they are, pixels
 * over the item's size; without a size, pixels are dropped (the warning says why).
 */
import {
  type Annotation,
  type BboxAnnotation,
  type CaptionAnnotation,
  checkPixels,
  DatasetError,
  type DatasetItem,
  type DatasetLimits,
  type FileSink,
  type LossKind,
  loadMask,
  type MaskAnnotation,
  maskSize,
  type PointsAnnotation,
  type PolygonAnnotation,
  type PolylineAnnotation,
  type ReportBuilder,
  toPixels,
} from '@labelport/core';
import { joinPath } from '@labelport/core/files';
import { decodeRle, rasterizePolygon } from '@labelport/core/geometry';
import { encodeBinaryMaskPng } from '@labelport/core/png';
import { isBadPathComponent, MASKS_DIR, slugForFile } from './layout.js';
import type { LazyCsv } from './lazy-csv.js';
import { BOX_HEADER, LABEL_HEADER, MASK_HEADER, POINT_HEADER, VRD_HEADER } from './row-headers.js';
import { BOX_FLAGS, XCLICK_COLUMNS } from './rows.js';

/** Attributes each annotation kind keeps; any other is reported as dropped. */
const KEPT = {
  label: new Set(['score', 'source']),
  bbox: new Set(['score', 'source', ...BOX_FLAGS.map(([, a]) => a)]),
  mask: new Set(['box_id', 'predicted_iou', 'clicks']),
  points: new Set(['estimated_yes_no', 'source', 'text_label', 'yes_votes', 'no_votes', 'unsure_votes']),
  xclick: new Set(['xclick']),
  relationship: new Set(['relationship', 'role', 'is']),
  caption: new Set(['annotator_id', 'voice_recording']),
};

const pairs = (p: number[]): [number, number][] => {
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < p.length; i += 2) out.push([p[i]!, p[i + 1]!]);
  return out;
};

/** Python's str() of a score, as Datumaro writes Confidence. */
const scoreText = (v: unknown): string | number =>
  typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : v === undefined ? 1 : String(v);

export interface ItemWriteContext {
  csv(name: string, header: string[] | undefined): LazyCsv;
  sink: FileSink;
  report: ReportBuilder;
  labelName(a: Annotation): string | undefined;
  /** The caller's limits (options.limits): masks are loaded and polygons painted only under them. */
  limits?: DatasetLimits;
}

type Size = { width: number; height: number };

/** An annotation's x and y as fractions of the image: as they are when normalised, else over the size. */
interface Fractions {
  x(v: number): number;
  y(v: number): number;
}
const AS_THEY_ARE: Fractions = { x: (v) => v, y: (v) => v };

function fractionsOf(a: Annotation, size: Size | undefined): Fractions | undefined {
  if (a.normalized) return AS_THEY_ARE;
  if (!size) return undefined;
  return { x: (v) => v / size.width, y: (v) => v / size.height };
}

/** A box's XMin, XMax, YMin, YMax. */
const boxFractions = (b: BboxAnnotation, f: Fractions) => [
  f.x(b.x),
  f.x(b.x + b.w),
  f.y(b.y),
  f.y(b.y + b.h),
];

/** What the rows of one item share: the box of each group, XClick points, traces, box ids. */
interface ItemRows {
  w: ItemWriteContext;
  id: string;
  subset: string;
  size: Size | undefined;
  /** The box of each group (its first bbox): masks take their box columns from it. */
  groupBox: Map<number, BboxAnnotation>;
  clicksOf: Map<BboxAnnotation, PointsAnnotation>;
  usedClicks: Set<PointsAnnotation>;
  existingBoxIds: Set<string>;
  nextBoxId: number;
  relationPairs: Map<number, { subject?: BboxAnnotation; object?: BboxAnnotation }>;
  captionGroups: Set<number>;
  /** Mouse traces of narratives: polylines marked trace, in the group of a caption. */
  tracesOf: Map<number, PolylineAnnotation[]>;
  /** How many annotations each group ties. */
  groupSize: Map<number, number>;
  /** Masks written whose group does not read back (see writeMask). */
  groupsLost: number;
}

function itemRows(item: DatasetItem, subset: string, size: Size | undefined, w: ItemWriteContext): ItemRows {
  const anns = item.annotations;
  const groupBox = new Map<number, BboxAnnotation>();
  const groupSize = new Map<number, number>();
  for (const a of anns) if (a.group !== undefined) groupSize.set(a.group, (groupSize.get(a.group) ?? 0) + 1);
  for (const a of anns)
    if (a.type === 'bbox' && a.group !== undefined && !a.attributes.relationship && !groupBox.has(a.group))
      groupBox.set(a.group, a);
  const clicksOf = new Map<BboxAnnotation, PointsAnnotation>();
  for (const a of anns) {
    if (a.type !== 'points' || a.attributes.xclick !== true || a.points.length !== 8) continue;
    const box = a.group !== undefined ? groupBox.get(a.group) : undefined;
    if (box && !clicksOf.has(box)) clicksOf.set(box, a);
  }
  const captionGroups = new Set(
    anns.filter((a) => a.type === 'caption' && a.group !== undefined).map((a) => a.group!),
  );
  const tracesOf = new Map<number, PolylineAnnotation[]>();
  for (const a of anns) {
    if (a.type !== 'polyline' || !isTrace(a, captionGroups)) continue;
    tracesOf.set(a.group!, [...(tracesOf.get(a.group!) ?? []), a]);
  }
  const existingBoxIds = new Set(
    anns
      .filter((a) => a.type === 'mask' && typeof a.attributes.box_id === 'string')
      .map((a) => a.attributes.box_id as string),
  );
  return {
    w,
    id: item.id,
    subset,
    size,
    groupBox,
    clicksOf,
    usedClicks: new Set(clicksOf.values()),
    existingBoxIds,
    nextBoxId: 0,
    relationPairs: new Map(),
    captionGroups,
    tracesOf,
    groupSize,
    groupsLost: 0,
  };
}

const isTrace = (a: PolylineAnnotation, captionGroups: Set<number>) =>
  a.attributes.trace === true && a.group !== undefined && captionGroups.has(a.group);

function countDroppedAttributes(a: Annotation, kept: Set<string>, report: ReportBuilder): void {
  report.drop('attribute', Object.keys(a.attributes).filter((k) => !kept.has(k)).length);
}

function noSize(r: ItemRows, kind: LossKind): void {
  r.w.report.drop(
    kind,
    1,
    'annotations in pixels on items without an image size cannot be written (Open Images stores fractions of it)',
  );
}

async function writeCaption(r: ItemRows, a: CaptionAnnotation): Promise<void> {
  const traces: { t: PolylineAnnotation; f: Fractions }[] = [];
  for (const t of (a.group !== undefined ? r.tracesOf.get(a.group) : undefined) ?? []) {
    const f = fractionsOf(t, r.size);
    if (f) traces.push({ t, f });
    else noSize(r, 'polyline');
  }
  const json: Record<string, unknown> = { dataset_id: `open_images_${r.subset}`, image_id: r.id };
  if (a.attributes.annotator_id !== undefined) json.annotator_id = a.attributes.annotator_id;
  json.caption = a.caption;
  json.timed_caption = [];
  json.traces = traces.map(({ t, f }) => pairs(t.points).map(([x, y]) => ({ x: f.x(x), y: f.y(y) })));
  if (typeof a.attributes.voice_recording === 'string') json.voice_recording = a.attributes.voice_recording;
  await r.w
    .csv(`open_images_${r.subset}_localized_narratives.jsonl`, undefined)
    .line(`${JSON.stringify(json)}\n`);
  countDroppedAttributes(a, KEPT.caption, r.w.report);
}

async function writeLabel(r: ItemRows, a: Annotation, name: string): Promise<void> {
  const machine = a.attributes.source === 'machine';
  const file = machine
    ? `${r.subset}-annotations-machine-imagelabels.csv`
    : `${r.subset}-annotations-human-imagelabels.csv`;
  const src = typeof a.attributes.source === 'string' ? a.attributes.source : '';
  await r.w.csv(file, LABEL_HEADER).row([r.id, src, name, scoreText(a.attributes.score)]);
  countDroppedAttributes(a, KEPT.label, r.w.report);
}

/** A relationship box: an `is` row of its own, else one row when both boxes of its group have come. */
async function writeRelationship(r: ItemRows, a: BboxAnnotation, name: string, f: Fractions): Promise<void> {
  const rel = a.attributes.relationship as string;
  const vrd = r.w.csv(`${r.subset}-annotations-vrd.csv`, VRD_HEADER);
  if (rel === 'is' || a.group === undefined) {
    const attr = typeof a.attributes.is === 'string' ? a.attributes.is : '';
    const box = boxFractions(a, f);
    await vrd.row([r.id, name, attr, ...box, ...box, rel]);
  } else {
    const pair = r.relationPairs.get(a.group) ?? {};
    if (a.attributes.role === 'object') pair.object = a;
    else pair.subject = a;
    r.relationPairs.set(a.group, pair);
    if (pair.subject && pair.object) {
      r.relationPairs.delete(a.group);
      // each box of the pair passed the size check when it came
      const b = (x: BboxAnnotation) => boxFractions(x, fractionsOf(x, r.size)!);
      const names = [r.w.labelName(pair.subject), r.w.labelName(pair.object)];
      await vrd.row([r.id, ...names, ...b(pair.subject), ...b(pair.object), rel]);
    }
  }
  countDroppedAttributes(a, KEPT.relationship, r.w.report);
}

/** The 8 XClick columns of a box: its XClick points' fractions, or -1s. */
function xclickColumns(r: ItemRows, clicks: PointsAnnotation | undefined): number[] {
  const fc = clicks ? fractionsOf(clicks, r.size) : undefined;
  if (clicks && !fc) noSize(r, 'points');
  if (!clicks || !fc) return [-1, -1, -1, -1, -1, -1, -1, -1];
  const p = clicks.points;
  return [...[0, 2, 4, 6].map((i) => fc.x(p[i]!)), ...[1, 3, 5, 7].map((i) => fc.y(p[i]!))];
}

async function writeBox(r: ItemRows, a: BboxAnnotation, name: string): Promise<void> {
  const f = fractionsOf(a, r.size);
  if (!f) return noSize(r, 'bbox');
  if (typeof a.attributes.relationship === 'string') return writeRelationship(r, a, name, f);
  const csv = r.w.csv(`${r.subset}-annotations-bbox.csv`, BOX_HEADER);
  const clicks = r.clicksOf.get(a);
  if (clicks && !csv.started) csv.setHeader([...BOX_HEADER, ...XCLICK_COLUMNS]);
  const withClicks = (csv.headerNames()?.length ?? 0) > BOX_HEADER.length;
  const flags = BOX_FLAGS.map(([, attr]) => {
    const v = a.attributes[attr];
    return v === undefined ? -1 : v ? 1 : 0;
  });
  const source = typeof a.attributes.source === 'string' ? a.attributes.source : '';
  const row: (string | number | undefined)[] = [
    r.id,
    source,
    name,
    scoreText(a.attributes.score),
    ...boxFractions(a, f),
    ...flags,
  ];
  if (withClicks) row.push(...xclickColumns(r, clicks));
  else if (clicks) {
    r.w.report.drop('points');
    r.w.report.warn('XClick points met after the first box was written without them are dropped');
  }
  await csv.row(row);
  countDroppedAttributes(a, KEPT.bbox, r.w.report);
}

async function writePoint(r: ItemRows, a: PointsAnnotation, name: string): Promise<void> {
  const { report } = r.w;
  if (r.usedClicks.has(a)) return countDroppedAttributes(a, KEPT.xclick, report);
  if (a.points.length !== 2) {
    report.drop('points');
    report.warn(
      'Open Images holds single point labels (and the 4 XClick points of a box): other point sets are dropped',
    );
    return;
  }
  const f = fractionsOf(a, r.size);
  if (!f) return noSize(r, 'points');
  const at = (k: string) => a.attributes[k];
  const text = (k: string) => (typeof at(k) === 'string' ? (at(k) as string) : '');
  const num = (k: string) => (typeof at(k) === 'number' ? (at(k) as number) : undefined);
  await r.w
    .csv(`${r.subset}-annotations-point-labels.csv`, POINT_HEADER)
    .row([
      r.id,
      f.x(a.points[0]!),
      f.y(a.points[1]!),
      name,
      text('estimated_yes_no'),
      text('source'),
      num('yes_votes'),
      num('no_votes'),
      num('unsure_votes'),
      text('text_label'),
    ]);
  countDroppedAttributes(a, KEPT.points, report);
}

/** A mask (or a polygon, drawn): its PNG in masks/<subset>/ and its row, with its group's box. */
async function writeMask(r: ItemRows, a: MaskAnnotation | PolygonAnnotation, name: string): Promise<void> {
  const { size, w } = r;
  if (!size) return noSize(r, a.type);
  let boxId = a.type === 'mask' && typeof a.attributes.box_id === 'string' ? a.attributes.box_id : '';
  if (boxId && isBadPathComponent(boxId))
    throw new DatasetError('bad-value', `item '${r.id}': box_id '${boxId}' cannot be part of a file name`);
  while (!boxId) {
    const next = (r.nextBoxId++).toString(16).padStart(8, '0');
    if (!r.existingBoxIds.has(next)) boxId = next;
  }
  // A polygon is painted at the image's size, a mask loaded at its own: held to the caller's pixel
  // limit first (before decodeRle allocates it).
  const painted = a.type === 'mask' ? maskSize(a.mask) : size;
  if (painted) checkPixels(painted.width, painted.height, `item '${r.id}'`, w.limits);
  const bitmap =
    a.type === 'mask'
      ? await loadMask(a.mask)
      : decodeRle(
          rasterizePolygon(
            (toPixels(a, size.width, size.height) as PolygonAnnotation).points,
            size.height,
            size.width,
          ),
        );
  if (a.type === 'polygon') w.report.convert('polygon', 'mask');
  const fileName = `${slugForFile(r.id)}_${slugForFile(name)}_${boxId}.png`;
  await w.sink.write(joinPath(MASKS_DIR, r.subset, fileName), encodeBinaryMaskPng(bitmap));
  const box = a.group !== undefined ? r.groupBox.get(a.group) : undefined;
  // A mask reads back in the group of the box whose label and coordinates its row has: a group
  // without a box (or whose box has another label) does not come back.
  if (a.group !== undefined && (r.groupSize.get(a.group) ?? 0) > 1 && box?.label !== a.label) r.groupsLost++;
  const boxF = box ? fractionsOf(box, size) : undefined;
  const boxCols = box && boxF ? boxFractions(box, boxF) : ['', '', '', ''];
  const iou = a.attributes.predicted_iou;
  const clicks = a.attributes.clicks;
  await w
    .csv(`${r.subset}-annotations-object-segmentation.csv`, MASK_HEADER)
    .row([
      fileName,
      r.id,
      name,
      boxId,
      ...boxCols,
      typeof iou === 'number' ? iou : '',
      typeof clicks === 'string' ? clicks : '',
    ]);
  countDroppedAttributes(a, a.type === 'mask' ? KEPT.mask : new Set(), w.report);
}

/** Writes every annotation of `item` into its subset's files. */
export async function writeItemAnnotations(
  item: DatasetItem,
  subset: string,
  size: Size | undefined,
  w: ItemWriteContext,
): Promise<void> {
  const { report } = w;
  const r = itemRows(item, subset, size, w);
  for (const a of item.annotations) {
    if (a.type === 'caption') {
      await writeCaption(r, a);
      continue;
    }
    if (a.type === 'polyline') {
      if (!isTrace(a, r.captionGroups)) {
        report.drop('polyline');
        report.warn(
          'Open Images holds polylines only as the mouse traces of a localized narrative (grouped with its caption)',
        );
      }
      continue;
    }
    const name = w.labelName(a);
    if (name === undefined) {
      report.drop(a.type);
      report.warn('annotations without a label cannot be written to Open Images');
      continue;
    }
    if (a.type === 'label') await writeLabel(r, a, name);
    else if (a.type === 'bbox') await writeBox(r, a, name);
    else if (a.type === 'points') await writePoint(r, a, name);
    else if (a.type === 'mask' || a.type === 'polygon') await writeMask(r, a, name);
    else report.drop(a.type);
  }
  report.drop(
    'group',
    r.groupsLost,
    'Open Images ties a mask only to a box of its label (the box columns of its row): masks grouped without one lose their group',
  );
  for (const [, pair] of r.relationPairs) {
    report.drop('bbox', (pair.subject ? 1 : 0) + (pair.object ? 1 : 0));
    report.warn('a relationship box without its partner (same group, roles subject and object) is dropped');
  }
}

import { type Annotation, type Attributes, type BboxAnnotation, DatasetError } from '@labelport/core';
import type { CsvHeader, CsvRecord } from '@labelport/core/files';

/** What converting one item's rows needs to know. */
export interface RowContext {
  itemId: string;
  file: string;
  /** The image size, when known (boxes, masks and points are normalised to it; without it they stay fractions). */
  size?: { width: number; height: number };
  labelOf(name: string, file: string, place: string): number;
  /** Boxes read so far for this item, with their normalised coordinates, to link masks to. */
  boxes: { ann: BboxAnnotation; norm: [number, number, number, number] }[];
  nextGroup(): number;
}

export const placeOf = (r: CsvRecord) => `line ${r.line}`;

/**
 * The scale of an item's coordinates: its image size, or (size unknown) 1 x 1 with the annotations
 * marked `normalized`, so that the fractions are kept until a writer can place them.
 */
export function scaleOf(ctx: Pick<RowContext, 'size'>): { W: number; H: number; normalized?: true } {
  return ctx.size ? { W: ctx.size.width, H: ctx.size.height } : { W: 1, H: 1, normalized: true };
}

function badValue(file: string, r: CsvRecord, column: string, value: string, what: string): DatasetError {
  return new DatasetError('bad-value', `${column}: expected ${what}, got '${value}'`, {
    file,
    place: placeOf(r),
  });
}

export function numberAt(r: CsvRecord, index: number, column: string, file: string): number {
  const v = r.fields[index] ?? '';
  const n = v.trim() === '' ? Number.NaN : Number(v);
  if (!Number.isFinite(n)) throw badValue(file, r, column, v, 'a number');
  return n;
}

export function optionalNumberAt(
  r: CsvRecord,
  index: number,
  column: string,
  file: string,
): number | undefined {
  if (index < 0) return undefined;
  const v = (r.fields[index] ?? '').trim();
  if (v === '' || v.toLowerCase() === 'nan') return undefined;
  return numberAt(r, index, column, file);
}

export const textAt = (r: CsvRecord, index: number): string => (index < 0 ? '' : (r.fields[index] ?? ''));

/** 1/0/-1 flags (-1 and empty: unknown, left out). */
function flagAt(r: CsvRecord, index: number, column: string, file: string): boolean | undefined {
  if (index < 0) return undefined;
  const v = (r.fields[index] ?? '').trim();
  if (v === '' || v === '-1') return undefined;
  if (v === '1') return true;
  if (v === '0') return false;
  throw badValue(file, r, column, v, '1, 0 or -1');
}

/** Box flag columns and the attribute names Datumaro gives them. */
export const BOX_FLAGS: [column: string, attribute: string][] = [
  ['IsOccluded', 'occluded'],
  ['IsTruncated', 'truncated'],
  ['IsGroupOf', 'is_group_of'],
  ['IsDepiction', 'is_depiction'],
  ['IsInside', 'is_inside'],
];

export const XCLICK_COLUMNS = [
  'XClick1X',
  'XClick2X',
  'XClick3X',
  'XClick4X',
  'XClick1Y',
  'XClick2Y',
  'XClick3Y',
  'XClick4Y',
];

export type RowReader = (r: CsvRecord, ctx: RowContext, out: Annotation[]) => void;

/** Image-level labels (human or machine): a Label with `score` = Confidence. */
export function labelReader(h: CsvHeader, machine: boolean, datumaroModel = false): RowReader {
  const label = h.require('LabelName');
  const conf = h.find('Confidence');
  const source = datumaroModel ? -1 : h.find('Source');
  return (r, ctx, out) => {
    const attributes: Attributes = {};
    const score = optionalNumberAt(r, conf, 'Confidence', ctx.file);
    if (score !== undefined) attributes.score = score;
    const src = textAt(r, source);
    if (src !== '') attributes.source = src;
    else if (machine && !datumaroModel) attributes.source = 'machine';
    out.push({ type: 'label', label: ctx.labelOf(textAt(r, label), ctx.file, placeOf(r)), attributes });
  };
}

/** Boxes: normalised XMin,XMax,YMin,YMax to pixels (kept as fractions when the size is unknown); flags, score and source as attributes; XClick points grouped with the box. */
export function boxReader(h: CsvHeader, datumaroModel = false): RowReader {
  const label = h.require('LabelName');
  const [xmin, xmax, ymin, ymax] = ['XMin', 'XMax', 'YMin', 'YMax'].map((c) => h.require(c)) as [
    number,
    number,
    number,
    number,
  ];
  const conf = h.find('Confidence');
  const source = datumaroModel ? -1 : h.find('Source');
  const flags = BOX_FLAGS.map(([c, a]) => [h.find(c), c, a] as const);
  const clicks = XCLICK_COLUMNS.map((c) => h.find(c));
  const hasClicks = !datumaroModel && clicks.every((i) => i >= 0);
  return (r, ctx, out) => {
    const f = ctx.file;
    const labelIndex = ctx.labelOf(textAt(r, label), f, placeOf(r));
    const nx0 = numberAt(r, xmin, 'XMin', f);
    const nx1 = numberAt(r, xmax, 'XMax', f);
    const ny0 = numberAt(r, ymin, 'YMin', f);
    const ny1 = numberAt(r, ymax, 'YMax', f);
    const attributes: Attributes = {};
    attributes.score = optionalNumberAt(r, conf, 'Confidence', f) ?? 1;
    for (const [i, c, a] of flags) {
      const v = flagAt(r, i, c, f);
      if (v !== undefined) attributes[a] = v;
    }
    const src = textAt(r, source);
    if (src !== '') attributes.source = src;
    const { W, H, normalized } = scaleOf(ctx);
    const x = nx0 * W;
    const y = ny0 * H;
    const group = ctx.nextGroup();
    const box: BboxAnnotation = {
      type: 'bbox',
      label: labelIndex,
      x,
      y,
      w: nx1 * W - x,
      h: ny1 * H - y,
      group,
      attributes,
    };
    if (normalized) box.normalized = true;
    out.push(box);
    ctx.boxes.push({ ann: box, norm: [nx0, nx1, ny0, ny1] });
    if (hasClicks) {
      const v = clicks.map((i, k) => optionalNumberAt(r, i, XCLICK_COLUMNS[k]!, f) ?? -1);
      if (v.every((n) => n >= 0)) {
        const points = [
          v[0]! * W,
          v[4]! * H,
          v[1]! * W,
          v[5]! * H,
          v[2]! * W,
          v[6]! * H,
          v[3]! * W,
          v[7]! * H,
        ];
        out.push({
          type: 'points',
          label: labelIndex,
          points,
          visibility: [2, 2, 2, 2],
          group,
          attributes: { xclick: true },
          ...(normalized ? { normalized } : {}),
        });
      }
    }
  };
}

/** Point labels (V7): one point each, with the vote columns as attributes. */
export function pointReader(h: CsvHeader): RowReader {
  const label = h.require('Label', 'LabelName');
  const xi = h.require('X');
  const yi = h.require('Y');
  const text: [number, string][] = [
    [h.find('EstimatedYesNo'), 'estimated_yes_no'],
    [h.find('Source'), 'source'],
    [h.find('TextLabel'), 'text_label'],
  ];
  const votes: [number, string, string][] = [
    [h.find('YesVotes'), 'YesVotes', 'yes_votes'],
    [h.find('NoVotes'), 'NoVotes', 'no_votes'],
    [h.find('UnsureVotes'), 'UnsureVotes', 'unsure_votes'],
  ];
  return (r, ctx, out) => {
    const f = ctx.file;
    const labelIndex = ctx.labelOf(textAt(r, label), f, placeOf(r));
    const { W, H, normalized } = scaleOf(ctx);
    const attributes: Attributes = {};
    for (const [i, a] of text) {
      const v = textAt(r, i);
      if (v !== '') attributes[a] = v;
    }
    for (const [i, c, a] of votes) {
      const v = optionalNumberAt(r, i, c, f);
      if (v !== undefined) attributes[a] = v;
    }
    const points = [numberAt(r, xi, 'X', f) * W, numberAt(r, yi, 'Y', f) * H];
    out.push({
      type: 'points',
      label: labelIndex,
      points,
      visibility: [2],
      attributes,
      ...(normalized ? { normalized } : {}),
    });
  };
}

/**
 * Visual relationships: each row becomes its two boxes in a group of their own, the first with
 * `relationship` = RelationshipLabel and `role` subject, the second with role object. An `is` row (an
 * attribute relation; box 2 repeats box 1 and LabelName2 is an attribute MID) is one box with
 * `relationship: 'is'` and `is` = LabelName2.
 */
export function relationshipReader(h: CsvHeader): RowReader {
  const l1 = h.require('LabelName1');
  const l2 = h.require('LabelName2');
  const rel = h.require('RelationshipLabel', 'RelationLabel');
  const box1 = ['XMin1', 'XMax1', 'YMin1', 'YMax1'].map((c) => h.require(c));
  const box2 = ['XMin2', 'XMax2', 'YMin2', 'YMax2'].map((c) => h.require(c));
  const cols1 = ['XMin1', 'XMax1', 'YMin1', 'YMax1'];
  const cols2 = ['XMin2', 'XMax2', 'YMin2', 'YMax2'];
  return (r, ctx, out) => {
    const f = ctx.file;
    const { W, H, normalized } = scaleOf(ctx);
    const relationship = textAt(r, rel);
    const group = ctx.nextGroup();
    const boxOf = (
      idx: number[],
      cols: string[],
      labelName: string,
      attributes: Attributes,
    ): BboxAnnotation => {
      const [x0, x1, y0, y1] = idx.map((i, k) => numberAt(r, i, cols[k]!, f)) as [
        number,
        number,
        number,
        number,
      ];
      return {
        type: 'bbox',
        label: ctx.labelOf(labelName, f, placeOf(r)),
        x: x0 * W,
        y: y0 * H,
        w: x1 * W - x0 * W,
        h: y1 * H - y0 * H,
        group,
        attributes,
        ...(normalized ? { normalized } : {}),
      };
    };
    if (relationship === 'is') {
      out.push(boxOf(box1, cols1, textAt(r, l1), { relationship, is: textAt(r, l2) }));
    } else {
      out.push(boxOf(box1, cols1, textAt(r, l1), { relationship, role: 'subject' }));
      out.push(boxOf(box2, cols2, textAt(r, l2), { relationship, role: 'object' }));
    }
  };
}

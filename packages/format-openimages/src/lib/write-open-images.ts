import {
  type Annotation,
  type BboxAnnotation,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type FileSink,
  type FileWriter,
  type IoOptions,
  loadMask,
  type PointsAnnotation,
  type PolygonAnnotation,
  type PolylineAnnotation,
  ReportBuilder,
  readContext,
  toPixels,
  type WriteReport,
} from '@labelport/core';
import { csvRow, extname, joinPath } from '@labelport/core/files';
import { decodeRle, rasterizePolygon } from '@labelport/core/geometry';
import { buildHierarchy } from './hierarchy.js';
import { shellQuote } from './image-meta.js';
import {
  ANNOTATIONS_DIR,
  HIERARCHY_FILE,
  IMAGE_META_FILE,
  IMAGES_DIR,
  isBadPathComponent,
  MASKS_DIR,
  slugForFile,
} from './layout.js';
import { encodeMaskPng } from './mask-png.js';
import { BOX_FLAGS, XCLICK_COLUMNS } from './rows.js';

const IMAGE_LIST_HEADER = [
  'ImageID',
  'Subset',
  'OriginalURL',
  'OriginalLandingURL',
  'License',
  'AuthorProfileURL',
  'Author',
  'Title',
  'OriginalSize',
  'OriginalMD5',
  'Thumbnail300KURL',
  'Rotation',
];
const LABEL_HEADER = ['ImageID', 'Source', 'LabelName', 'Confidence'];
const BOX_HEADER = [
  'ImageID',
  'Source',
  'LabelName',
  'Confidence',
  'XMin',
  'XMax',
  'YMin',
  'YMax',
  ...BOX_FLAGS.map(([c]) => c),
];
const MASK_HEADER = [
  'MaskPath',
  'ImageID',
  'LabelName',
  'BoxID',
  'BoxXMin',
  'BoxXMax',
  'BoxYMin',
  'BoxYMax',
  'PredictedIoU',
  'Clicks',
];
const POINT_HEADER = [
  'ImageId',
  'X',
  'Y',
  'Label',
  'EstimatedYesNo',
  'Source',
  'YesVotes',
  'NoVotes',
  'UnsureVotes',
  'TextLabel',
];
const VRD_HEADER = [
  'ImageID',
  'LabelName1',
  'LabelName2',
  'XMin1',
  'XMax1',
  'YMin1',
  'YMax1',
  'XMin2',
  'XMax2',
  'YMin2',
  'YMax2',
  'RelationshipLabel',
];

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

/** A CSV file written as it goes, opened on its first row (Datumaro writes no empty annotation files). */
class LazyCsv {
  private writer?: FileWriter;
  private buffer = '';
  constructor(
    private readonly sink: FileSink,
    readonly path: string,
    private header: string[] | undefined,
  ) {}

  /** Sets the header while nothing is written yet; false when it is too late. */
  setHeader(header: string[]): boolean {
    if (this.writer || this.buffer) return false;
    this.header = header;
    return true;
  }

  get started(): boolean {
    return this.writer !== undefined;
  }

  headerNames(): string[] | undefined {
    return this.header;
  }

  async row(values: (string | number | undefined)[]): Promise<void> {
    await this.line(csvRow(values));
  }

  /** A raw line (with its newline): JSON Lines files go through here too. */
  async line(text: string): Promise<void> {
    if (!this.writer) {
      this.writer = await this.sink.open(this.path);
      if (this.header) this.buffer += csvRow(this.header);
    }
    this.buffer += text;
    if (this.buffer.length > 1 << 16) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.writer && this.buffer) {
      await this.writer.write(this.buffer);
      this.buffer = '';
    }
  }

  async close(): Promise<void> {
    await this.flush();
    await this.writer?.close();
  }
}

/** Python's str() of a score, as Datumaro writes Confidence. */
const scoreText = (v: unknown): string | number =>
  typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : v === undefined ? 1 : String(v);

/**
 * Writes Datumaro's Open Images layout: `annotations/class-descriptions.csv` (no header, name twice),
 * the hierarchy JSON, per subset `<subset>-images-with-rotation.csv` and the annotation CSVs that have
 * rows, mask PNGs in `masks/<subset>/`, `images.meta` for the sizes, images with saveMedia. Streams:
 * holds one item at a time.
 */
export async function writeOpenImages(
  source: DatasetSource,
  sink: FileSink,
  options: IoOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const labels = source.categories.labels;
  const ann = (name: string) => joinPath(ANNOTATIONS_DIR, name);

  let classes = '';
  for (const l of labels) classes += csvRow([l.name, l.name]);
  await sink.write(ann('class-descriptions.csv'), classes);
  await sink.write(
    ann(HIERARCHY_FILE),
    `${JSON.stringify(buildHierarchy(withoutCycles(labels)), null, 4)}\n`,
  );

  const csvs = new Map<string, LazyCsv>();
  const csv = (name: string, header: string[] | undefined) => {
    let c = csvs.get(name);
    if (!c) {
      c = new LazyCsv(sink, ann(name), header);
      csvs.set(name, c);
    }
    return c;
  };
  let meta: FileWriter | undefined;
  let done = 0;
  const labelName = (a: Annotation) => (a.label === undefined ? undefined : labels[a.label]?.name);

  for await (const item of source.items()) {
    readContext(options).check();
    const subset = item.subset;
    if (isBadPathComponent(subset)) {
      throw new DatasetError(
        'bad-value',
        `item '${item.id}' has a subset name '${subset}' that cannot be a folder name`,
      );
    }
    report.items++;
    const rotation = item.attributes.rotation;
    await csv(`${subset}-images-with-rotation.csv`, IMAGE_LIST_HEADER).row([
      item.id,
      subset,
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      typeof rotation === 'number' ? rotation : undefined,
    ]);
    const otherItemAttrs = Object.keys(item.attributes).filter(
      (k) => k !== 'rotation' || typeof rotation !== 'number',
    ).length;
    report.drop('item attribute', otherItemAttrs);

    const width = item.media?.width;
    const height = item.media?.height;
    const size = width && height ? { width, height } : undefined;
    if (size) {
      meta ??= await sink.open(ann(IMAGE_META_FILE));
      await meta.write(`${shellQuote(item.id)} ${size.height} ${size.width}\n`);
    }
    if (options.saveMedia) {
      const bytes = await item.media?.bytes?.();
      if (bytes)
        await sink.write(
          joinPath(IMAGES_DIR, subset, `${item.id}${extname(item.media?.path ?? '') || '.jpg'}`),
          bytes,
        );
      else if (item.media) report.drop('media');
    }
    await writeItemAnnotations(item, subset, size, { csv, sink, report, labelName });
    options.onProgress?.(++done);
  }
  for (const c of csvs.values()) await c.close();
  await meta?.close();
  return report.build();
}

interface ItemWriteContext {
  csv(name: string, header: string[] | undefined): LazyCsv;
  sink: FileSink;
  report: ReportBuilder;
  labelName(a: Annotation): string | undefined;
}

function countDroppedAttributes(a: Annotation, kept: Set<string>, report: ReportBuilder): void {
  report.drop('attribute', Object.keys(a.attributes).filter((k) => !kept.has(k)).length);
}

/** An annotation's x and y as fractions of the image: as they are when normalised, else over the size. */
interface Fractions {
  x(v: number): number;
  y(v: number): number;
}
const AS_THEY_ARE: Fractions = { x: (v) => v, y: (v) => v };

function fractionsOf(
  a: Annotation,
  size: { width: number; height: number } | undefined,
): Fractions | undefined {
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

async function writeItemAnnotations(
  item: DatasetItem,
  subset: string,
  size: { width: number; height: number } | undefined,
  w: ItemWriteContext,
): Promise<void> {
  const { report } = w;
  const id = item.id;
  const anns = item.annotations;
  const noSize = (kind: string, count = 1) => {
    report.drop(`${kind} without image size`, count);
    report.warn(
      'annotations in pixels on items without an image size cannot be written (Open Images stores fractions of it)',
    );
  };
  // The box of each group (the first bbox in it), to give masks their box coordinates and XClick points their box.
  const groupBox = new Map<number, BboxAnnotation>();
  const clicksOf = new Map<BboxAnnotation, PointsAnnotation>();
  for (const a of anns)
    if (a.type === 'bbox' && a.group !== undefined && !a.attributes.relationship && !groupBox.has(a.group))
      groupBox.set(a.group, a);
  for (const a of anns) {
    if (
      a.type === 'points' &&
      a.attributes.xclick === true &&
      a.points.length === 8 &&
      a.group !== undefined &&
      groupBox.has(a.group)
    ) {
      const box = groupBox.get(a.group)!;
      if (!clicksOf.has(box)) clicksOf.set(box, a);
    }
  }
  const usedClicks = new Set<PointsAnnotation>(clicksOf.values());
  const existingBoxIds = new Set(
    anns
      .filter((a) => a.type === 'mask' && typeof a.attributes.box_id === 'string')
      .map((a) => a.attributes.box_id as string),
  );
  let nextBoxId = 0;
  const relationPairs = new Map<number, { subject?: BboxAnnotation; object?: BboxAnnotation }>();
  // Mouse traces of narratives: polylines marked trace, in the group of a caption.
  const captionGroups = new Set(
    anns.filter((a) => a.type === 'caption' && a.group !== undefined).map((a) => a.group!),
  );
  const tracesOf = new Map<number, PolylineAnnotation[]>();
  for (const a of anns) {
    if (
      a.type === 'polyline' &&
      a.attributes.trace === true &&
      a.group !== undefined &&
      captionGroups.has(a.group)
    ) {
      const list = tracesOf.get(a.group) ?? [];
      list.push(a);
      tracesOf.set(a.group, list);
    }
  }

  for (const a of anns) {
    if (a.type === 'caption') {
      const traces: { t: PolylineAnnotation; f: Fractions }[] = [];
      for (const t of (a.group !== undefined ? tracesOf.get(a.group) : undefined) ?? []) {
        const f = fractionsOf(t, size);
        if (f) traces.push({ t, f });
        else noSize('polyline');
      }
      const json: Record<string, unknown> = { dataset_id: `open_images_${subset}`, image_id: id };
      if (a.attributes.annotator_id !== undefined) json.annotator_id = a.attributes.annotator_id;
      json.caption = a.caption;
      json.timed_caption = [];
      json.traces = traces.map(({ t, f }) => pairs(t.points).map(([x, y]) => ({ x: f.x(x), y: f.y(y) })));
      if (typeof a.attributes.voice_recording === 'string')
        json.voice_recording = a.attributes.voice_recording;
      await w
        .csv(`open_images_${subset}_localized_narratives.jsonl`, undefined)
        .line(`${JSON.stringify(json)}\n`);
      countDroppedAttributes(a, KEPT.caption, report);
      continue;
    }
    if (a.type === 'polyline') {
      if (!(a.attributes.trace === true && a.group !== undefined && captionGroups.has(a.group))) {
        report.drop('polyline');
        report.warn(
          'Open Images holds polylines only as the mouse traces of a localized narrative (grouped with its caption)',
        );
      }
      continue;
    }
    const name = w.labelName(a);
    if (name === undefined && a.type !== 'polygon' && a.type !== 'mask') {
      report.drop(a.type);
      report.warn('annotations without a label cannot be written to Open Images');
      continue;
    }
    switch (a.type) {
      case 'label': {
        const machine = a.attributes.source === 'machine';
        const file = machine
          ? `${subset}-annotations-machine-imagelabels.csv`
          : `${subset}-annotations-human-imagelabels.csv`;
        const src = typeof a.attributes.source === 'string' ? a.attributes.source : '';
        await w.csv(file, LABEL_HEADER).row([id, src, name, scoreText(a.attributes.score)]);
        countDroppedAttributes(a, KEPT.label, report);
        break;
      }
      case 'bbox': {
        const f = fractionsOf(a, size);
        if (!f) {
          noSize('bbox');
          break;
        }
        if (typeof a.attributes.relationship === 'string') {
          const rel = a.attributes.relationship;
          if (rel === 'is' || a.group === undefined) {
            const attr = typeof a.attributes.is === 'string' ? a.attributes.is : '';
            const box = boxFractions(a, f);
            await w
              .csv(`${subset}-annotations-vrd.csv`, VRD_HEADER)
              .row([id, name, attr, ...box, ...box, rel]);
          } else {
            const pair = relationPairs.get(a.group) ?? {};
            if (a.attributes.role === 'object') pair.object = a;
            else pair.subject = a;
            relationPairs.set(a.group, pair);
            if (pair.subject && pair.object) {
              relationPairs.delete(a.group);
              // each box of the pair passed the size check when it came
              const b = (x: BboxAnnotation) => boxFractions(x, fractionsOf(x, size)!);
              await w
                .csv(`${subset}-annotations-vrd.csv`, VRD_HEADER)
                .row([
                  id,
                  w.labelName(pair.subject),
                  w.labelName(pair.object),
                  ...b(pair.subject),
                  ...b(pair.object),
                  rel,
                ]);
            }
          }
          countDroppedAttributes(a, KEPT.relationship, report);
          break;
        }
        let csv = w.csv(`${subset}-annotations-bbox.csv`, BOX_HEADER);
        const clicks = clicksOf.get(a);
        if (clicks && !csv.started) csv.setHeader([...BOX_HEADER, ...XCLICK_COLUMNS]);
        csv = w.csv(`${subset}-annotations-bbox.csv`, BOX_HEADER);
        const withClicks = (csv.headerNames()?.length ?? 0) > BOX_HEADER.length;
        const flags = BOX_FLAGS.map(([, attr]) => {
          const v = a.attributes[attr];
          return v === undefined ? -1 : v ? 1 : 0;
        });
        const row: (string | number | undefined)[] = [
          id,
          typeof a.attributes.source === 'string' ? a.attributes.source : '',
          name,
          scoreText(a.attributes.score),
          ...boxFractions(a, f),
          ...flags,
        ];
        if (withClicks) {
          const p = clicks?.points;
          const fc = clicks ? fractionsOf(clicks, size) : undefined;
          if (clicks && !fc) noSize('points');
          row.push(
            ...(p && fc
              ? [
                  fc.x(p[0]!),
                  fc.x(p[2]!),
                  fc.x(p[4]!),
                  fc.x(p[6]!),
                  fc.y(p[1]!),
                  fc.y(p[3]!),
                  fc.y(p[5]!),
                  fc.y(p[7]!),
                ]
              : [-1, -1, -1, -1, -1, -1, -1, -1]),
          );
        } else if (clicks) {
          report.drop('points');
          report.warn('XClick points met after the first box was written without them are dropped');
        }
        await csv.row(row);
        countDroppedAttributes(a, KEPT.bbox, report);
        break;
      }
      case 'points': {
        if (usedClicks.has(a)) {
          countDroppedAttributes(a, KEPT.xclick, report);
          break;
        }
        if (a.points.length !== 2) {
          report.drop('points');
          report.warn(
            'Open Images holds single point labels (and the 4 XClick points of a box): other point sets are dropped',
          );
          break;
        }
        const f = fractionsOf(a, size);
        if (!f) {
          noSize('points');
          break;
        }
        const at = (k: string) => a.attributes[k];
        const text = (k: string) => (typeof at(k) === 'string' ? (at(k) as string) : '');
        const num = (k: string) => (typeof at(k) === 'number' ? (at(k) as number) : undefined);
        await w
          .csv(`${subset}-annotations-point-labels.csv`, POINT_HEADER)
          .row([
            id,
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
        break;
      }
      case 'mask':
      case 'polygon': {
        if (name === undefined) {
          report.drop(a.type);
          report.warn('annotations without a label cannot be written to Open Images');
          break;
        }
        if (!size) {
          noSize(a.type);
          break;
        }
        let boxId = a.type === 'mask' && typeof a.attributes.box_id === 'string' ? a.attributes.box_id : '';
        if (boxId && isBadPathComponent(boxId)) {
          throw new DatasetError(
            'bad-value',
            `item '${id}': box_id '${boxId}' cannot be part of a file name`,
          );
        }
        if (!boxId) {
          do {
            boxId = (nextBoxId++).toString(16).padStart(8, '0');
          } while (existingBoxIds.has(boxId));
        }
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
        if (a.type === 'polygon') report.convert('polygon', 'mask');
        const fileName = `${slugForFile(id)}_${slugForFile(name)}_${boxId}.png`;
        await w.sink.write(joinPath(MASKS_DIR, subset, fileName), encodeMaskPng(bitmap));
        const box = a.group !== undefined ? groupBox.get(a.group) : undefined;
        const boxF = box ? fractionsOf(box, size) : undefined;
        const boxCols = box && boxF ? boxFractions(box, boxF) : ['', '', '', ''];
        const iou = a.attributes.predicted_iou;
        const clicks = a.attributes.clicks;
        await w
          .csv(`${subset}-annotations-object-segmentation.csv`, MASK_HEADER)
          .row([
            fileName,
            id,
            name,
            boxId,
            ...boxCols,
            typeof iou === 'number' ? iou : '',
            typeof clicks === 'string' ? clicks : '',
          ]);
        countDroppedAttributes(a, a.type === 'mask' ? KEPT.mask : new Set(), report);
        break;
      }
      default:
        report.drop(a.type);
    }
  }
  for (const [, pair] of relationPairs) {
    report.drop('bbox', (pair.subject ? 1 : 0) + (pair.object ? 1 : 0));
    report.warn('a relationship box without its partner (same group, roles subject and object) is dropped');
  }
}

/** Labels whose parent chain loops are written without the parent that closes the loop. */
function withoutCycles<T extends { name: string; parent?: string }>(labels: T[]): T[] {
  const parentOf = new Map(labels.map((l) => [l.name, l.parent]));
  return labels.map((l) => {
    const seen = new Set([l.name]);
    let p = l.parent;
    while (p) {
      if (seen.has(p)) return { ...l, parent: undefined };
      seen.add(p);
      p = parentOf.get(p);
    }
    return l;
  });
}

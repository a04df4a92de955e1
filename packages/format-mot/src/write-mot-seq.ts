import {
  type BboxAnnotation,
  type DatasetItem,
  type DatasetSource,
  DEFAULT_SUBSET,
  type FileSink,
  isDefaultAttribute,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { joinPath, safeRelativePath } from '@labelport/core/files';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { IMAGE_DIR } from './lib/mot-frames.js';
import { formatMotRow, type MotRow, renumberTracks } from './lib/mot-rows.js';
import { formatSeqInfo, type SeqInfo, seqInfoFrom } from './lib/seqinfo.js';
import type { MotWriteOptions } from './mot-seq.js';

type Kind = 'gt' | 'det';
const KNOWN_ATTRIBUTES = { gt: new Set(['visibility', 'occluded', 'ignored']), det: new Set(['score']) };

interface SeqState {
  dir: string;
  rows: { row: MotRow; objectId?: number }[];
  frames: number;
  empty: number;
  maxFrame: number;
  size?: { width: number; height: number };
  imExt?: string;
}

function toRow(a: BboxAnnotation, frame: number, kind: Kind, labelCount: number): MotRow {
  const at = a.attributes;
  const visibility =
    typeof at.visibility === 'number' ? at.visibility : at.occluded === true ? 0 : kind === 'det' ? -1 : 1;
  const confidence =
    kind === 'gt' ? (at.ignored === true ? 0 : 1) : typeof at.score === 'number' ? at.score : 1;
  const classId = a.label !== undefined && a.label < labelCount ? a.label + 1 : undefined;
  return { frame, track: -1, x: a.x, y: a.y, w: a.w, h: a.h, confidence, classId, visibility };
}

/** Writes items into their sequences' rows. */
class SequenceWriter {
  readonly seqs = new Map<string, SeqState>();
  nonNumericIds = 0;
  private readonly known: Set<string>;

  constructor(
    private readonly kind: Kind,
    private readonly labelCount: number,
    private readonly report: ReportBuilder,
  ) {
    this.known = KNOWN_ATTRIBUTES[kind];
  }

  sequenceOf(item: DatasetItem): SeqState {
    let seq = this.seqs.get(item.subset);
    if (!seq) {
      const dir = item.subset === DEFAULT_SUBSET ? '' : safeRelativePath(item.subset);
      seq = { dir, rows: [], frames: 0, empty: 0, maxFrame: 0 };
      this.seqs.set(item.subset, seq);
    }
    return seq;
  }

  /** The frame number of an item: its id when it is a number, else its place in the sequence. */
  frameOf(item: DatasetItem, seq: SeqState): number {
    seq.frames++;
    let frame: number;
    if (/^\d+$/.test(item.id)) frame = Number(item.id);
    else {
      this.nonNumericIds++;
      frame = seq.frames;
    }
    seq.maxFrame = Math.max(seq.maxFrame, frame);
    if (item.media?.width && item.media.height && !seq.size)
      seq.size = { width: item.media.width, height: item.media.height };
    return frame;
  }

  /** The item's boxes as rows; the number of boxes written. */
  boxes(item: DatasetItem, seq: SeqState, frame: number): number {
    let boxes = 0;
    for (const a of item.annotations) {
      if (a.type !== 'bbox') {
        this.report.drop(a.type);
        continue;
      }
      boxes++;
      for (const [k, v] of Object.entries(a.attributes)) {
        // COCO's is_crowd and VOC's flags left at false are defaults a reader filled in, not data
        if (!this.known.has(k) && !isDefaultAttribute(k, v))
          this.report.drop('attribute', 1, `MOT ${this.kind}.txt has no column for attribute '${k}'`);
      }
      seq.rows.push({ row: toRow(a, frame, this.kind, this.labelCount), objectId: a.objectId });
    }
    return boxes;
  }
}

/** seqinfo.ini when there is a frame rate and an image size; else frames with no box are counted. */
async function writeSeqInfo(
  seq: SeqState,
  seqInfo: Partial<SeqInfo> | undefined,
  frameRate: number | undefined,
  out: FileSink,
  report: ReportBuilder,
) {
  const size =
    seq.size ?? (seqInfo?.imWidth ? { width: seqInfo.imWidth, height: seqInfo.imHeight ?? 0 } : undefined);
  if (frameRate !== undefined && size) {
    const info: SeqInfo = {
      name: seqInfo?.name ?? (seq.dir || 'sequence'),
      imDir: IMAGE_DIR,
      frameRate,
      seqLength: seq.maxFrame,
      imWidth: size.width,
      imHeight: size.height,
      imExt: seq.imExt ?? seqInfo?.imExt ?? '.jpg',
    };
    await out.write(joinPath(seq.dir, 'seqinfo.ini'), formatSeqInfo(info));
  } else {
    report.drop(
      'item',
      seq.empty,
      'without seqinfo.ini (a frame rate and an image size) or an image, a frame with no box leaves no trace in a MOT sequence',
    );
  }
}

export async function writeMotSeq(
  source: DatasetSource,
  out: FileSink,
  options: MotWriteOptions & WriteOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const kind = options.annotations ?? 'gt';
  const labels = source.categories.labels.map((l) => l.name);
  const seqInfo = seqInfoFrom(source.infos);
  const writer = new SequenceWriter(kind, labels.length, report);
  for await (const item of readContext(options).iter(source.items(), source.size)) {
    report.items++;
    const seq = writer.sequenceOf(item);
    const frame = writer.frameOf(item, seq);
    report.drop('item attribute', Object.keys(item.attributes).length);
    const boxes = writer.boxes(item, seq, frame);
    let imageWritten = false;
    if (options.saveMedia) {
      const ext = seqInfo?.imExt ?? mediaExtension(item, '.jpg');
      const path = joinPath(seq.dir, IMAGE_DIR, `${String(frame).padStart(6, '0')}${ext}`);
      imageWritten = await saveMedia(item, out, path, report);
      if (imageWritten) seq.imExt ??= ext;
    }
    if (boxes === 0 && !imageWritten) seq.empty++;
  }
  if (writer.nonNumericIds > 0)
    report.warn(
      `${writer.nonNumericIds} item ids are not frame numbers; those frames were numbered by order`,
    );
  if (writer.seqs.size > 1) report.warn('each subset was written as its own sequence folder');
  for (const seq of writer.seqs.values()) {
    renumberTracks(seq.rows, report);
    seq.rows.sort((a, b) => a.row.frame - b.row.frame);
    await out.write(
      joinPath(seq.dir, kind, `${kind}.txt`),
      seq.rows.map((r) => `${formatMotRow(r.row)}\n`).join(''),
    );
    await out.write(joinPath(seq.dir, kind, 'labels.txt'), labels.join('\n'));
    await writeSeqInfo(seq, seqInfo, options.frameRate ?? seqInfo?.frameRate, out, report);
  }
  return report.build();
}

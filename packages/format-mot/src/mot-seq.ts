import type { OptionValues } from '@labelport/core';
import {
  type BboxAnnotation,
  type Categories,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  DEFAULT_SUBSET,
  defineFormat,
  type FileSink,
  type FileTree,
  type IoOptions,
  isDefaultAttribute,
  ReportBuilder,
  readContext,
  readText,
} from '@labelport/core';
import { dirname, joinPath, safeRelativePath, splitLines } from '@labelport/core/files';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { DATASET_META_FILE, LabelTable, readDatasetMeta } from '@labelport/core/meta';
import { frameItem, IMAGE_DIR, sequenceFrames } from './lib/mot-frames.js';
import { commonParent, findSequences } from './lib/mot-layout.js';
import { formatMotRow, type MotRow, parseMotLine, renumberTracks } from './lib/mot-rows.js';
import { formatSeqInfo, parseSeqInfo, type SeqInfo, seqInfoFrom } from './lib/seqinfo.js';
import { motReadOptions, motWriteOptions } from './options.js';

/** MOT Challenge's own classes, used when a sequence has no labels.txt (as Datumaro does). */
export const MOT_LABELS = [
  'pedestrian',
  'person on vehicle',
  'car',
  'bicycle',
  'motorbike',
  'non motorized vehicle',
  'static person',
  'distractor',
  'occluder',
  'occluder on the ground',
  'occluder full',
  'reflection',
];

const MOT20_CROWD = 'crowd';

export type MotReadOptions = OptionValues<typeof motReadOptions>;

export type MotWriteOptions = OptionValues<typeof motWriteOptions>;

function parseLabels(text: string): string[] {
  return splitLines(text)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

async function readMotSeq(tree: FileTree, options: MotReadOptions & IoOptions = {}): Promise<DatasetSource> {
  const paths = (await tree.list()).map((e) => e.path);
  const sequences = findSequences(paths, options.annotations);
  if (sequences.length === 0) {
    throw new DatasetError(
      'not-found',
      `no ${options.annotations ?? 'gt'}/${options.annotations ?? 'gt'}.txt found`,
      {
        file: tree.name,
      },
    );
  }
  const threshold = options.occlusionThreshold ?? 0;
  const table = new LabelTable();
  // One sequence is the 'default' subset; several are one subset each, named by their folder.
  const single = sequences.length === 1;
  const parent = commonParent(sequences.map((s) => s.root));
  const items: DatasetItem[] = [];
  const sizeTasks: (() => Promise<void>)[] = [];
  let infos: Record<string, unknown> | undefined;

  for (const seq of sequences) {
    const subset = single ? DEFAULT_SUBSET : seq.root.slice(parent ? parent.length + 1 : 0) || DEFAULT_SUBSET;
    // Labels: Datumaro's dataset_meta.json in the sequence folder, else gt/labels.txt, else MOT's classes.
    const metaFile = joinPath(seq.root, DATASET_META_FILE);
    const labelsFile = joinPath(dirname(seq.annotationFile), 'labels.txt');
    const hasLabels = paths.includes(metaFile) || paths.includes(labelsFile);
    const seqLabels = paths.includes(metaFile)
      ? [...(await readDatasetMeta(tree, metaFile)).keys()]
      : hasLabels
        ? parseLabels(await readText(tree, labelsFile))
        : MOT_LABELS;
    const toGlobal = seqLabels.map((name) => table.get(name));
    // MOT20 adds class 13 (crowd) to MOT's 12; it is added when such a row turns up.
    const addCrowd = () => {
      if (!hasLabels && toGlobal.length === MOT_LABELS.length) toGlobal.push(table.get(MOT20_CROWD));
    };

    const seqInfoFile = joinPath(seq.root, 'seqinfo.ini');
    const seqInfo = paths.includes(seqInfoFile)
      ? parseSeqInfo(await readText(tree, seqInfoFile), seqInfoFile)
      : undefined;
    if (seqInfo && single) infos = { seqinfo: seqInfo };

    const frames = sequenceFrames({
      tree,
      paths,
      root: seq.root,
      subset,
      seqInfo,
      seqInfoFile,
      sizeTasks,
      onWarning: options.onWarning,
    });
    const newItem = (frame: number) => frameItem(frame, subset);

    const text = await readText(tree, seq.annotationFile);
    const lines = splitLines(text);
    for (let i = 0; i < lines.length; i++) {
      if (lines[i].trim() === '') continue;
      let row: MotRow;
      try {
        row = parseMotLine(lines[i], seq.annotationFile, i + 1);
        if (row.classId === MOT_LABELS.length + 1) addCrowd();
        if (row.classId !== undefined && row.classId > toGlobal.length) {
          throw new DatasetError(
            'bad-value',
            `class ${row.classId} is not in the ${toGlobal.length} labels`,
            {
              file: seq.annotationFile,
              place: `line ${i + 1}`,
            },
          );
        }
      } catch (e) {
        readContext(options).skip(e);
        continue;
      }
      let item = frames.get(row.frame);
      if (!item) {
        item = newItem(row.frame);
        frames.set(row.frame, item);
      }
      const attributes: BboxAnnotation['attributes'] =
        seq.kind === 'gt'
          ? {
              visibility: row.visibility,
              occluded: row.visibility <= threshold,
              ignored: row.confidence === 0,
            }
          : { score: row.confidence };
      const box: BboxAnnotation = { type: 'bbox', x: row.x, y: row.y, w: row.w, h: row.h, attributes };
      if (row.classId !== undefined) box.label = toGlobal[row.classId - 1];
      if (row.track >= 0) box.objectId = row.track; // -1: no track (det.txt); 0 is a track
      item.annotations.push(box);
    }
    items.push(...[...frames.values()].sort((a, b) => Number(a.id) - Number(b.id)));
  }

  const categories: Categories = {
    labels: table.labels,
    attributes: sequences.some((s) => s.kind === 'gt') ? ['occluded', 'visibility', 'ignored'] : ['score'],
  };
  return {
    categories,
    size: items.length,
    infos,
    async *items() {
      let done = 0;
      for (const task of sizeTasks.splice(0)) await task();
      for (const item of items) {
        readContext(options).check();
        yield item;
        options.onProgress?.(++done, items.length);
      }
    },
  };
}

const KNOWN_ATTRIBUTES = { gt: new Set(['visibility', 'occluded', 'ignored']), det: new Set(['score']) };

async function writeMotSeq(source: DatasetSource, out: FileSink, options: MotWriteOptions & IoOptions = {}) {
  const report = new ReportBuilder();
  const kind = options.annotations ?? 'gt';
  const known = KNOWN_ATTRIBUTES[kind];
  const labels = source.categories.labels.map((l) => l.name);
  interface SeqState {
    dir: string;
    rows: { row: MotRow; objectId?: number }[];
    frames: number;
    empty: number;
    maxFrame: number;
    size?: { width: number; height: number };
    imExt?: string;
  }
  const seqs = new Map<string, SeqState>();
  const seqInfo = seqInfoFrom(source.infos);
  let nonNumericIds = 0;

  for await (const item of source.items()) {
    readContext(options).check();
    report.items++;
    let seq = seqs.get(item.subset);
    if (!seq) {
      const dir = item.subset === DEFAULT_SUBSET ? '' : safeRelativePath(item.subset);
      seq = { dir, rows: [], frames: 0, empty: 0, maxFrame: 0 };
      seqs.set(item.subset, seq);
    }
    seq.frames++;
    let frame: number;
    if (/^\d+$/.test(item.id)) frame = Number(item.id);
    else {
      nonNumericIds++;
      frame = seq.frames;
    }
    seq.maxFrame = Math.max(seq.maxFrame, frame);
    if (item.media?.width && item.media.height && !seq.size)
      seq.size = { width: item.media.width, height: item.media.height };
    if (Object.keys(item.attributes).length > 0)
      report.drop('item attribute', Object.keys(item.attributes).length);

    let boxes = 0;
    for (const a of item.annotations) {
      if (a.type !== 'bbox') {
        report.drop(a.type);
        continue;
      }
      boxes++;
      for (const [k, v] of Object.entries(a.attributes)) {
        // COCO's is_crowd and VOC's flags left at false are defaults a reader filled in, not data
        if (!known.has(k) && !isDefaultAttribute(k, v)) report.drop(`attribute '${k}'`);
      }
      seq.rows.push({ row: toRow(a, frame, kind, labels.length), objectId: a.objectId });
    }

    let imageWritten = false;
    if (options.saveMedia) {
      const ext = seqInfo?.imExt ?? mediaExtension(item, '.jpg');
      const path = joinPath(seq.dir, IMAGE_DIR, `${String(frame).padStart(6, '0')}${ext}`);
      imageWritten = await saveMedia(item, out, path, report);
      if (imageWritten) seq.imExt ??= ext;
    }
    if (boxes === 0 && !imageWritten) seq.empty++;
    options.onProgress?.(report.items, source.size);
  }

  if (nonNumericIds > 0)
    report.warn(`${nonNumericIds} item ids are not frame numbers; those frames were numbered by order`);
  if (seqs.size > 1) report.warn('each subset was written as its own sequence folder');

  for (const seq of seqs.values()) {
    renumberTracks(seq.rows, report);
    seq.rows.sort((a, b) => a.row.frame - b.row.frame);
    const file = joinPath(seq.dir, kind, `${kind}.txt`);
    await out.write(file, seq.rows.map((r) => `${formatMotRow(r.row)}\n`).join(''));
    await out.write(joinPath(seq.dir, kind, 'labels.txt'), labels.join('\n'));

    const frameRate = options.frameRate ?? seqInfo?.frameRate;
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
    } else if (seq.empty > 0) {
      // Without seqinfo.ini or an image, a frame with no box leaves no trace in a MOT sequence.
      report.drop('item', seq.empty);
    }
  }
  return report.build();
}

function toRow(a: BboxAnnotation, frame: number, kind: 'gt' | 'det', labelCount: number): MotRow {
  const at = a.attributes;
  const visibility =
    typeof at.visibility === 'number' ? at.visibility : at.occluded === true ? 0 : kind === 'det' ? -1 : 1;
  const confidence =
    kind === 'gt' ? (at.ignored === true ? 0 : 1) : typeof at.score === 'number' ? at.score : 1;
  const classId = a.label !== undefined && a.label < labelCount ? a.label + 1 : undefined;
  return { frame, track: -1, x: a.x, y: a.y, w: a.w, h: a.h, confidence, classId, visibility };
}

export const motSeq = defineFormat<MotReadOptions, MotWriteOptions>({
  id: 'mot_seq',
  title: 'MOT Challenge sequence',
  aliases: ['mot_seq_gt'],
  extensions: ['.txt'],
  options: { read: motReadOptions, write: motWriteOptions },
  capabilities: {
    annotations: ['bbox'],
    media: ['image'],
    tracks: true,
    attributes: true,
    subsets: true,
    streaming: false,
  },
  async detect(ctx) {
    const gt = ctx.glob('**/gt/gt.txt');
    const det = ctx.glob('**/det/det.txt');
    const files = [...gt, ...det];
    if (files.length === 0) ctx.reject('no gt/gt.txt or det/det.txt');
    const head = splitLines(await ctx.readHead(files[0], 512)).filter((l) => l.trim() !== '');
    if (head.length > 0) {
      try {
        parseMotLine(head[0], files[0], 1);
      } catch (e) {
        ctx.reject(`${files[0]} is not MOT csv: ${e instanceof Error ? e.message : e}`);
      }
    }
    const roots = files.map((f) => dirname(dirname(f)));
    return { confidence: 1, root: roots.length === 1 ? roots[0] : commonParent(roots) };
  },
  read: readMotSeq,
  write: writeMotSeq,
});

import {
  type BboxAnnotation,
  type Categories,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  DEFAULT_SUBSET,
  type DetectContext,
  type FileTree,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
  readText,
} from '@labelport/core';
import { dirname, joinPath, splitLines } from '@labelport/core/files';
import { DATASET_META_FILE, LabelTable, readDatasetMeta } from '@labelport/core/meta';
import { frameItem, sequenceFrames } from './lib/mot-frames.js';
import { MOT_LABELS, MOT20_CROWD } from './lib/mot-labels.js';
import { commonParent, findSequences, type Sequence } from './lib/mot-layout.js';
import { type MotRow, parseMotLine } from './lib/mot-rows.js';
import { parseSeqInfo } from './lib/seqinfo.js';
import type { MotReadOptions } from './mot-seq.js';

export async function detectMotSeq(ctx: DetectContext) {
  const gt = ctx.glob('**/gt/gt.txt');
  const det = ctx.glob('**/det/det.txt');
  const files = [...gt, ...det];
  if (files.length === 0) ctx.reject('no gt/gt.txt or det/det.txt');
  const head = splitLines(await ctx.readHead(files[0]!, 512)).filter((l) => l.trim() !== '');
  if (head.length > 0) {
    try {
      parseMotLine(head[0]!, files[0]!, 1);
    } catch (e) {
      ctx.reject(`${files[0]} is not MOT csv: ${e instanceof Error ? e.message : e}`);
    }
  }
  // the folder above the sequences: a single sequence's folder names its subset (readMotSeq)
  const roots = [...new Set(files.map((f) => dirname(dirname(f))))];
  return { confidence: 1, root: roots.length === 1 ? dirname(roots[0]!) : commonParent(roots) };
}

function parseLabels(text: string): string[] {
  return splitLines(text)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * A sequence's labels as indices into the dataset's table: Datumaro's dataset_meta.json in the
 * sequence folder, else gt/labels.txt, else MOT's classes (which MOT20's class 13, crowd, extends).
 */
class SequenceLabels {
  readonly toGlobal: number[];
  private readonly own: boolean;

  constructor(
    names: string[] | undefined,
    private readonly table: LabelTable,
  ) {
    this.own = names !== undefined;
    this.toGlobal = (names ?? MOT_LABELS).map((name) => table.get(name));
  }

  /** The label of a 1-based class id (a DatasetError when the sequence has no such class). */
  labelOf(row: MotRow, file: string, line: number): number | undefined {
    if (row.classId === undefined) return undefined;
    if (row.classId === MOT_LABELS.length + 1 && !this.own && this.toGlobal.length === MOT_LABELS.length)
      this.toGlobal.push(this.table.get(MOT20_CROWD));
    if (row.classId > this.toGlobal.length) {
      throw new DatasetError(
        'bad-value',
        `class ${row.classId} is not in the ${this.toGlobal.length} labels`,
        {
          file,
          place: `line ${line}`,
        },
      );
    }
    return this.toGlobal[row.classId - 1];
  }
}

async function sequenceLabels(tree: FileTree, paths: string[], seq: Sequence, table: LabelTable) {
  const metaFile = joinPath(seq.root, DATASET_META_FILE);
  const labelsFile = joinPath(dirname(seq.annotationFile), 'labels.txt');
  if (paths.includes(metaFile))
    return new SequenceLabels([...(await readDatasetMeta(tree, metaFile)).keys()], table);
  if (paths.includes(labelsFile))
    return new SequenceLabels(parseLabels(await readText(tree, labelsFile)), table);
  return new SequenceLabels(undefined, table);
}

/** A row as a box: gt rows carry visibility, occlusion and the ignored flag, det rows a score. */
function rowBox(
  row: MotRow,
  kind: Sequence['kind'],
  threshold: number,
  label: number | undefined,
): BboxAnnotation {
  const attributes: BboxAnnotation['attributes'] =
    kind === 'gt'
      ? { visibility: row.visibility, occluded: row.visibility <= threshold, ignored: row.confidence === 0 }
      : { score: row.confidence };
  const box: BboxAnnotation = { type: 'bbox', x: row.x, y: row.y, w: row.w, h: row.h, attributes };
  if (label !== undefined) box.label = label;
  if (row.track >= 0) box.objectId = row.track; // -1: no track (det.txt); 0 is a track
  return box;
}

/** The boxes of a sequence's annotation file, added to their frames. */
async function readBoxes(
  tree: FileTree,
  seq: Sequence,
  labels: SequenceLabels,
  frames: Map<number, DatasetItem>,
  subset: string,
  threshold: number,
  ctx: ReadContext,
): Promise<void> {
  const file = seq.annotationFile;
  const lines = splitLines(await readText(tree, file));
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue;
    const parsed = ctx.attempt(() => {
      const row = parseMotLine(lines[i]!, file, i + 1);
      return { row, label: labels.labelOf(row, file, i + 1) };
    });
    if (!parsed) continue;
    let item = frames.get(parsed.row.frame);
    if (!item) {
      item = frameItem(parsed.row.frame, subset);
      frames.set(parsed.row.frame, item);
    }
    item.annotations.push(rowBox(parsed.row, seq.kind, threshold, parsed.label));
  }
}

export async function readMotSeq(
  tree: FileTree,
  options: MotReadOptions & ReadOptions = {},
): Promise<DatasetSource> {
  const ctx = readContext(options);
  const paths = (await tree.list()).map((e) => e.path);
  const sequences = findSequences(paths, options.annotations);
  if (sequences.length === 0) {
    const kind = options.annotations ?? 'gt';
    throw new DatasetError('not-found', `no ${kind}/${kind}.txt found`, { file: tree.name });
  }
  const threshold = options.occlusionThreshold ?? 0;
  const table = new LabelTable();
  // Each sequence is a subset named by its folder below the folder of them all (one sequence: its
  // folder's name, as the writer names a sequence folder after its subset); a sequence at the
  // root is the 'default' subset.
  const single = sequences.length === 1;
  const parent = single ? dirname(sequences[0]!.root) : commonParent(sequences.map((s) => s.root));
  const items: DatasetItem[] = [];
  const sizeTasks: (() => Promise<void>)[] = [];
  let infos: Record<string, unknown> | undefined;
  for (const seq of sequences) {
    const subset = seq.root.slice(parent ? parent.length + 1 : 0) || DEFAULT_SUBSET;
    const labels = await sequenceLabels(tree, paths, seq, table);
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
      ctx,
    });
    await readBoxes(tree, seq, labels, frames, subset, threshold, ctx);
    items.push(...[...frames.values()].sort((a, b) => Number(a.id) - Number(b.id)));
  }
  const categories: Categories = {
    labels: table.labels,
    attributes: sequences.some((s) => s.kind === 'gt') ? ['occluded', 'visibility', 'ignored'] : ['score'],
  };
  return readerSource(options, {
    categories,
    infos,
    // The image headers are read when the items are handed out, once per pass.
    async *entries() {
      for (const task of sizeTasks.splice(0)) await task();
      yield* items;
    },
    total: items.length,
    make: (item) => item,
  });
}

import {
  type Annotation,
  checkPixels,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  type FileTree,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
  readText,
  rleMask,
} from '@labelport/core';
import { dirname, splitLines, stripExtension } from '@labelport/core/files';
import { labelOfClass, MAX_INSTANCES, MOTS_DEFAULT_LABELS, MOTS_IGNORE_CLASS } from './lib/mots-labels.js';
import { isImage } from './lib/mots-layout.js';
import { findTxtSequences, type TxtSequence } from './lib/mots-txt-layout.js';
import { type MotsTxtLine, parseMotsTxtLine } from './lib/mots-txt-lines.js';

const LINE = /^\s*\d+ \d+ \d+ \d+ \d+ \S+\s*$/;

export async function detectMotsTxt(ctx: DetectContext) {
  const files = findTxtSequences(ctx.files.map((f) => f.path));
  if (files.length === 0) ctx.reject('no instances_txt/*.txt or gt/gt.txt');
  const head = splitLines(await ctx.readHead(files[0]!.file, 1024))[0] ?? '';
  if (!LINE.test(head))
    ctx.reject(`${files[0]!.file} does not start with a 'time id class height width rle' line`);
  // KITTI MOTS: the folder that holds instances_txt/ (and image_02/); MOTSChallenge: the top.
  const parents = files.map((s) => dirname(dirname(s.file)));
  const isChallenge = files[0]!.file.endsWith('gt/gt.txt');
  return { confidence: 1, root: !isChallenge && parents.every((p) => p === parents[0]) ? parents[0] : '' };
}

/** A line with its label, checked: its size within the limits, its class one of MOTS's. */
function parseLine(text: string, seq: TxtSequence, lineNo: number, ctx: ReadContext) {
  const line = parseMotsTxtLine(text, seq.file, lineNo);
  // the mask is decoded at the size the line declares: held to the caller's pixel limit
  const [height, width] = line.rle.size;
  checkPixels(width, height, { file: seq.file, place: `line ${lineNo}` }, ctx.limits);
  const label = labelOfClass(line.classId, MOTS_DEFAULT_LABELS, true);
  if (label === undefined) {
    throw new DatasetError(
      'bad-value',
      `class ${line.classId} is not a MOTS class (1 car, 2 pedestrian, 10 ignore)`,
      {
        file: seq.file,
        place: `line ${lineNo}`,
      },
    );
  }
  return { line, label };
}

function frameOf(
  line: MotsTxtLine,
  seq: TxtSequence,
  images: Map<number, string>,
  tree: FileTree,
): DatasetItem {
  const path = images.get(line.frame);
  return {
    id: String(line.frame),
    subset: seq.name,
    annotations: [],
    attributes: {},
    media: {
      kind: 'image',
      frame: line.frame,
      width: line.rle.size[1],
      height: line.rle.size[0],
      ...(path ? { path, bytes: () => tree.read(path) } : {}),
    },
  };
}

/** The frames of one sequence: those its lines name, and those with an image but no object. */
async function readSequence(tree: FileTree, paths: string[], seq: TxtSequence, ctx: ReadContext) {
  const images = new Map<number, string>();
  for (const p of paths) {
    if (!p.startsWith(`${seq.imageDir}/`) || !isImage(p)) continue;
    const stem = stripExtension(p.slice(seq.imageDir.length + 1));
    if (/^\d+$/.test(stem)) images.set(Number(stem), p);
  }
  const frames = new Map<number, DatasetItem>();
  const lines = splitLines(await readText(tree, seq.file));
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue;
    const parsed = ctx.attempt(() => parseLine(lines[i]!, seq, i + 1, ctx));
    if (!parsed) continue;
    const { line, label } = parsed;
    let item = frames.get(line.frame);
    if (!item) {
      item = frameOf(line, seq, images, tree);
      frames.set(line.frame, item);
    }
    const mask: Annotation = {
      type: 'mask',
      mask: rleMask(line.rle),
      label,
      objectId: line.id % MAX_INSTANCES,
      attributes: {},
    };
    if (line.classId === MOTS_IGNORE_CLASS) mask.zOrder = 1;
    item.annotations.push(mask);
  }
  for (const [frame, path] of images) {
    if (frames.has(frame)) continue;
    frames.set(frame, {
      id: String(frame),
      subset: seq.name,
      annotations: [],
      attributes: {},
      media: { kind: 'image', frame, path, bytes: () => tree.read(path) },
    });
  }
  return [...frames.values()].sort((a, b) => Number(a.id) - Number(b.id));
}

export async function readMotsTxt(tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> {
  const ctx = readContext(options);
  const paths = (await tree.list()).map((e) => e.path);
  const sequences = findTxtSequences(paths);
  if (sequences.length === 0)
    throw new DatasetError('not-found', 'no instances_txt/*.txt or gt/gt.txt found', { file: tree.name });
  const items: DatasetItem[] = [];
  for (const seq of sequences) items.push(...(await readSequence(tree, paths, seq, ctx)));
  return readerSource(options, {
    categories: { labels: MOTS_DEFAULT_LABELS.map((name) => ({ name })) },
    entries: items,
    make: (item) => item,
  });
}

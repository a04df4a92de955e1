/** The frames of a MOT sequence: from seqinfo.ini, or from the images of its image folder. */
import type { DatasetItem, FileTree, ReadContext } from '@labelport/core';
import { extname, joinPath, safeRelativePath, stripExtension } from '@labelport/core/files';
import { IMAGE_EXTENSIONS, readImageSize } from '@labelport/core/media';
import type { ReadSeqInfo, SeqInfo } from './seqinfo.js';

export const IMAGE_DIR = 'img1';
const isImage = (p: string) => IMAGE_EXTENSIONS.includes(extname(p));

/** seqinfo.ini with all it takes to list the frames without looking at the images (MOT16 and later). */
const isComplete = (s: ReadSeqInfo): s is SeqInfo =>
  s.seqLength !== undefined && s.imWidth !== undefined && s.imHeight !== undefined && s.imExt !== undefined;

/** An item for a frame (id = the frame number, as Datumaro), without media or annotations yet. */
export const frameItem = (frame: number, subset: string): DatasetItem => ({
  id: String(frame),
  subset,
  annotations: [],
  attributes: {},
});

export interface FramesContext {
  tree: FileTree;
  paths: string[];
  /** The sequence folder. */
  root: string;
  subset: string;
  seqInfo?: ReadSeqInfo;
  seqInfoFile: string;
  /** Image header reads, run when the items are handed out. */
  sizeTasks: (() => Promise<void>)[];
  /** The reader's context (its warnings). */
  ctx: ReadContext;
}

/**
 * The frames of a sequence by number: 1..seqLength with the image size when seqinfo.ini is whole;
 * else (MOT15's seqinfo.ini names no folder, extension or size) the images of the folder, sized from
 * their headers, and the frames up to seqLength without an image are items still.
 */
export function sequenceFrames(c: FramesContext): Map<number, DatasetItem> {
  const { tree, seqInfo } = c;
  const frames = new Map<number, DatasetItem>();
  const imDir = seqInfo?.imDir
    ? safeRelativePath(seqInfo.imDir, { file: c.seqInfoFile, place: 'imDir' })
    : IMAGE_DIR;
  if (seqInfo && isComplete(seqInfo)) {
    for (let frame = 1; frame <= seqInfo.seqLength; frame++) {
      const path = joinPath(c.root, imDir, `${String(frame).padStart(6, '0')}${seqInfo.imExt}`);
      const item = frameItem(frame, c.subset);
      const exists = c.paths.includes(path);
      item.media = {
        kind: 'image',
        path,
        frame,
        width: seqInfo.imWidth,
        height: seqInfo.imHeight,
        ...(exists ? { bytes: () => tree.read(path) } : {}),
      };
      frames.set(frame, item);
    }
    return frames;
  }
  const imageDir = joinPath(c.root, imDir);
  for (let frame = 1; frame <= (seqInfo?.seqLength ?? 0); frame++)
    frames.set(frame, frameItem(frame, c.subset));
  for (const p of c.paths) {
    if (!p.startsWith(`${imageDir}/`) || !isImage(p)) continue;
    const stem = stripExtension(p.slice(imageDir.length + 1));
    if (!/^\d+$/.test(stem)) {
      c.ctx.warn(`${p}: not a frame number, image skipped`);
      continue;
    }
    const frame = Number(stem);
    const item = frameItem(frame, c.subset);
    const media: NonNullable<DatasetItem['media']> = {
      kind: 'image',
      path: p,
      frame,
      bytes: () => tree.read(p),
    };
    item.media = media;
    c.sizeTasks.push(async () => {
      const size = await readImageSize(tree, p);
      if (size) {
        media.width = size.width;
        media.height = size.height;
      }
    });
    frames.set(frame, item);
  }
  return frames;
}

import type { FileEntry } from '@labelport/core';
import { basename, dirname, extname, stripExtension } from '@labelport/core/files';
import { IMAGE_EXTENSIONS } from '@labelport/core/media';

/** Folders of BDD100K's JSON tasks this format reads when it is given a whole BDD100K tree. */
export const JSON_TASK_DIRS = ['det_20', 'box_track_20', 'pose_21'];

/** Names of folders that are tasks or label kinds, never subsets. */
const NOT_SUBSET_DIRS = new Set([
  ...JSON_TASK_DIRS,
  'seg_track_20',
  'polygons',
  'rles',
  'labels',
  'bdd100k',
  '',
]);

const TASK_PREFIX =
  /^(?:det|pose|ins_seg|sem_seg|drivable|lane|pan_seg|bdd100k_labels_images|box_track|seg_track)_(.+)$/;

/**
 * The subset of a label file: `det_train.json` -> train (a task prefix, then the subset), a video file
 * in a subset folder (`box_track_20/val/<video>.json`) -> val, else 'default'.
 */
export function subsetOfLabelFile(path: string): string {
  const stem = stripExtension(basename(path));
  const m = TASK_PREFIX.exec(stem);
  if (m) return m[1]!;
  const parent = basename(dirname(path));
  if (!NOT_SUBSET_DIRS.has(parent)) return parent;
  return 'default';
}

/**
 * The Scalabel JSON files of a tree: those in the BDD100K JSON task folders when there are any (a
 * whole BDD100K download also holds polygon and RLE exports of the mask tasks), else every .json
 * outside images/.
 */
export function scalabelFiles(files: FileEntry[]): string[] {
  const json = files
    .map((f) => f.path)
    .filter(
      (p) => extname(p) === '.json' && !/(^|\/)images\//.test(p) && basename(p) !== 'dataset_meta.json',
    );
  const inTasks = json.filter((p) => p.split('/').some((part) => JSON_TASK_DIRS.includes(part)));
  return (inTasks.length > 0 ? inTasks : json).sort();
}

/** Image files by base name, to find a frame's image wherever the download put it. */
export function imageIndex(files: FileEntry[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of files) {
    if (!IMAGE_EXTENSIONS.includes(extname(f.path))) continue;
    const b = basename(f.path);
    const list = out.get(b);
    if (list) list.push(f.path);
    else out.set(b, [f.path]);
  }
  return out;
}

/** The best of several image paths for a frame: one in the frame's subset (and video) folder first. */
export function pickImage(
  candidates: string[] | undefined,
  subset: string,
  video: string | undefined,
): string | undefined {
  if (!candidates || candidates.length === 0) return undefined;
  if (candidates.length === 1) return candidates[0];
  const score = (p: string) =>
    (p.includes(`/${subset}/`) ? 2 : 0) + (video && p.includes(`/${video}/`) ? 1 : 0);
  return [...candidates].sort((a, b) => score(b) - score(a) || a.localeCompare(b))[0];
}

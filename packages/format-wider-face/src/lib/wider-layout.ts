import { fileNameProblem, stripExtension } from '@labelport/core/files';

export const SPLIT_DIR = 'wider_face_split';
export const SUBSET_DIR = 'WIDER_';
export const IMAGES_DIR = 'images';
export const LABELS_FILE = 'labels.txt';
export const NO_LABEL = 'no_label';
export const FACE = 'face';

/** `wider_face_train_bbx_gt.txt` -> train; any other list is named by its stem. */
export function subsetOf(file: string): string {
  const stem = stripExtension(file.slice(file.lastIndexOf('/') + 1));
  return /^wider_face_(.+?)_(?:bbx_gt|filelist)$/.exec(stem)?.[1] ?? stem;
}

/** The label of an event folder: `0--Parade` -> Parade. */
export const eventLabel = (dir: string) => (dir.includes('--') ? dir.split('--')[1]! : dir);

/**
 * Why a label name cannot be an event folder (`<index>--<name>`) that reads back as that label, or
 * undefined when it can: the reader takes the folder up to the first '/' and the name after '--'.
 * TODO(core): one check for "a label name as a file name" shared by the writers that need it.
 */
export function eventFolderProblem(name: string): string | undefined {
  if (name.includes('--')) return "has '--'";
  if (name === NO_LABEL) return `is '${NO_LABEL}'`;
  return fileNameProblem(name);
}

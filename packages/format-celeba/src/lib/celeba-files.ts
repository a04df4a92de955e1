/**
 * CelebA's files (the dataset's README, and Datumaro's importers): the in-the-wild images in
 * `Img/img_celeba/`, the aligned and cropped ones in `Img/img_align_celeba/`, and in `Anno/` and
 * `Eval/` text files of one line per image, `<file> <values...>`:
 * - `Anno/identity_CelebA.txt`: the identity (a number, 1..10177 in the real files);
 * - `Anno/list_attr_celeba.txt`: a count line, a line of the 40 attribute names, then -1 / 1 per attribute;
 * - `Anno/list_bbox_celeba.txt` (in-the-wild only): a count line, `image_id x_1 y_1 width height`, boxes;
 * - `Anno/list_landmarks_celeba.txt` / `list_landmarks_align_celeba.txt`: a count line, the
 *   coordinate names (`lefteye_x lefteye_y ... rightmouth_y`), then 5 points per image;
 * - `Eval/list_eval_partition.txt`: 0 train, 1 val, 2 test.
 */

/** What tells the two variants apart: their images folder, landmarks file and whether boxes come with them. */
export interface CelebaVariant {
  id: 'celeba' | 'align_celeba';
  imagesDir: string;
  landmarksFile: string;
  /** In-the-wild images have boxes (list_bbox_celeba.txt); aligned ones do not. */
  bboxes: boolean;
}

export const IDENTITY_FILE = 'Anno/identity_CelebA.txt';
export const ATTRS_FILE = 'Anno/list_attr_celeba.txt';
export const BBOX_FILE = 'Anno/list_bbox_celeba.txt';
export const PARTITION_FILE = 'Eval/list_eval_partition.txt';
export const BBOX_HEADER = ['image_id', 'x_1', 'y_1', 'width', 'height'];
/** The real files' landmark names, x and y of each of the 5 points. */
export const LANDMARK_NAMES = ['lefteye', 'righteye', 'nose', 'leftmouth', 'rightmouth'];

export const CELEBA: CelebaVariant = {
  id: 'celeba',
  imagesDir: 'Img/img_celeba',
  landmarksFile: 'Anno/list_landmarks_celeba.txt',
  bboxes: true,
};

export const ALIGN_CELEBA: CelebaVariant = {
  id: 'align_celeba',
  imagesDir: 'Img/img_align_celeba',
  landmarksFile: 'Anno/list_landmarks_align_celeba.txt',
  bboxes: false,
};

/** The partition file's subset numbers. */
export const PARTITION_SUBSETS = ['train', 'val', 'test'] as const;

/** The landmarks header for points of `n` points: the real names for 5, else point1_x, point1_y, ... */
export function landmarkHeader(n: number): string[] {
  const names =
    n === LANDMARK_NAMES.length ? LANDMARK_NAMES : Array.from({ length: n }, (_, i) => `point${i + 1}`);
  return names.flatMap((p) => [`${p}_x`, `${p}_y`]);
}

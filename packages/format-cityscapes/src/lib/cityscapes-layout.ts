// Where Cityscapes keeps what: the folders, the file suffixes and the id encodings.

export const GT_DIR = 'gtFine';
export const IMAGES_DIR = 'leftImg8bit';
export const IMAGE_SUFFIX = '_leftImg8bit';
export const LABEL_COLORS_FILE = 'label_colors.txt';
export const SUFFIX = {
  instanceIds: '_gtFine_instanceIds.png',
  labelTrainIds: '_gtFine_labelTrainIds.png',
  labelIds: '_gtFine_labelIds.png',
  polygons: '_gtFine_polygons.json',
  color: '_gtFine_color.png',
} as const;

/** The annotation files an item can be read from. */
export type MaskSourceKind = 'instanceIds' | 'labelTrainIds' | 'labelIds' | 'polygons';
export const MASK_SOURCES: readonly MaskSourceKind[] = [
  'instanceIds',
  'labelTrainIds',
  'labelIds',
  'polygons',
];
/** The files `masks: 'auto'` takes, in order of preference (Datumaro's, then ours). */
export const AUTO_ORDER: readonly MaskSourceKind[] = ['labelTrainIds', 'instanceIds', 'labelIds', 'polygons'];

/** Instance ids: `labelId * 1000 + n`; values below 1000 are a label's pixels with no instance (a crowd). */
export const INSTANCE_FACTOR = 1000;
/** `*_labelTrainIds.png`: 255 is void. */
export const TRAIN_VOID = 255;

const ANNOTATION_FILE =
  /^(?:(.*)\/)?gtFine\/[^/]+\/.+_gtFine_(?:instanceIds|labelTrainIds|labelIds)\.png$|^(?:(.*)\/)?gtFine\/[^/]+\/.+_gtFine_polygons\.json$/;

/** The layout of a tree: `gtFine/<subset>/**` and `leftImg8bit/<subset>/**`, possibly below the top. */
export function findRoot(paths: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const p of paths) {
    const m = ANNOTATION_FILE.exec(p);
    if (!m) continue;
    const root = m[1] ?? m[2] ?? '';
    if (best === undefined || root.length < best.length) best = root;
  }
  return best;
}

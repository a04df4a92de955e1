import { basename, globToRegExp } from '@labelport/core/files';

/** The kinds of Open Images file that carry items or annotations, in the order an item's annotations are built. */
export type OpenImagesFileKind =
  | 'images'
  | 'labels'
  | 'machine-labels'
  | 'boxes'
  | 'masks'
  | 'points'
  | 'relationships'
  | 'narratives';

export const ANNOTATIONS_DIR = 'annotations';
export const IMAGES_DIR = 'images';
export const MASKS_DIR = 'masks';
export const IMAGE_META_FILE = 'images.meta';
export const HIERARCHY_FILE = 'bbox_labels_600_hierarchy.json';
export const FULL_IMAGE_LIST = 'image_ids_and_rotation.csv';

export const IMAGE_LIST_PATTERNS = [
  '*-images-with-rotation.csv',
  '*-images-with-labels-with-rotation.csv',
  '*-images-boxable-with-rotation.csv',
];

/**
 * File name patterns of each kind (image lists apart: see `imageListFiles`), as V4 to V7 name them:
 * `train-annotations-bbox.csv`, `oidv6-train-annotations-bbox.csv`, `oidv7-val-annotations-human-imagelabels.csv`,
 * and the same without a subset (`annotations-human-imagelabels-boxable.csv`, read as 'default').
 */
const withoutSubset = (patterns: string[]) => [...patterns, ...patterns.map((p) => p.replace(/^\*-/, ''))];
export const ANNOTATION_PATTERNS: Record<Exclude<OpenImagesFileKind, 'images'>, string[]> = {
  narratives: ['*localized_narratives*.jsonl'],
  labels: withoutSubset([
    '*-annotations-human-imagelabels.csv',
    '*-annotations-human-imagelabels-boxable.csv',
  ]),
  'machine-labels': withoutSubset(['*-annotations-machine-imagelabels.csv']),
  boxes: withoutSubset(['*-annotations-bbox.csv']),
  masks: withoutSubset(['*-annotations-object-segmentation.csv']),
  points: withoutSubset(['*-annotations-point-labels.csv']),
  relationships: withoutSubset(['*-annotations-vrd.csv']),
};

/**
 * Class description files in Datumaro's lookup order (V6/V7 `oidv*-` lists first, the full list before
 * the boxable one); V4/V5 ones have no header row, V6 and later start with `LabelName,DisplayName`.
 */
export const CLASS_DESCRIPTION_PATTERNS = [
  'oidv*-class-descriptions.csv',
  'oidv*-class-descriptions-boxable.csv',
  'class-descriptions-boxable.csv',
  'class-descriptions.csv',
];

/** Every file pattern that marks an Open Images annotation directory. */
export const MARKER_PATTERNS = [
  FULL_IMAGE_LIST,
  ...IMAGE_LIST_PATTERNS,
  ...Object.values(ANNOTATION_PATTERNS).flat(),
];

const compiled = new Map<string, RegExp>();
export function matchesPattern(name: string, pattern: string): boolean {
  let re = compiled.get(pattern);
  if (!re) {
    re = globToRegExp(pattern);
    compiled.set(pattern, re);
  }
  return re.test(name);
}

export const matchesAny = (name: string, patterns: string[]) => patterns.some((p) => matchesPattern(name, p));

/**
 * The subset a file's rows belong to when the image lists do not say: the first dash-separated
 * part of the name, after an `oidv6-`/`oidv7-` prefix (`oidv6-train-annotations-bbox.csv` -> train).
 */
export function subsetOfFile(path: string): string {
  // open_images_train_v6_localized_narratives-00000-of-00010.jsonl -> train
  const narrative = /^open_images_(.+?)(?:_v\d+)?_localized_narratives/.exec(basename(path));
  if (narrative) return narrative[1]!;
  const parts = basename(path).split('-');
  if (parts[0] === 'annotations') return 'default'; // `annotations-bbox.csv`: no subset in the name
  if (/^oidv\d+$/.test(parts[0] ?? '') && parts.length > 1)
    return parts[1] === 'val' ? 'validation' : parts[1]!; // V7 says `oidv7-val-...` for validation
  return parts[0] ?? 'default';
}

/** Datumaro refuses subset names, mask paths and box ids that are empty, `.`, `..` or hold `/`, `\` or NUL. */
export const isBadPathComponent = (s: string) => s === '' || s === '.' || s === '..' || /[/\\\0]/.test(s);

/** The images of the layout by item id: `images/<subset>/<id>.<ext>` (the id may hold slashes). */
export function imageId(pathUnderImages: string): string | undefined {
  const i = pathUnderImages.indexOf('/');
  if (i < 0) return undefined;
  const rest = pathUnderImages.slice(i + 1);
  const b = basename(rest);
  const dot = b.lastIndexOf('.');
  return dot <= 0 ? rest : rest.slice(0, rest.length - (b.length - dot));
}

/** A name made safe for a file, as Datumaro's make_file_name: lower case, only word characters, spaces and dashes. */
export function slugForFile(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0080-\uffff]/g, '')
    .toLowerCase()
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[-\s]+/g, '-');
}

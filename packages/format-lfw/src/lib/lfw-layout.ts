import { extname } from '@labelport/core/files';
import { IMAGE_EXTENSIONS } from '@labelport/core/media';

export const ANNOTATIONS_DIR = 'annotations';
export const IMAGES_DIR = 'images';
export const PAIRS_FILE = 'pairs.txt';
export const PEOPLE_FILE = 'people.txt';
export const LANDMARKS_FILE = 'landmarks.txt';
export const META_FILE = 'dataset_meta.json';
export const DEFAULT_IMAGE_EXT = '.jpg';
/** The label attributes that hold an image's pairs (Datumaro's names). */
export const POSITIVE = 'positive_pairs';
export const NEGATIVE = 'negative_pairs';

export const isImage = (p: string) => IMAGE_EXTENSIONS.includes(extname(p));
export const isPairsFile = (p: string) =>
  p === `${ANNOTATIONS_DIR}/${PAIRS_FILE}` || p.endsWith(`/${ANNOTATIONS_DIR}/${PAIRS_FILE}`);

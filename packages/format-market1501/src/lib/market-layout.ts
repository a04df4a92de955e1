import { extname } from '@labelport/core/files';
import { IMAGE_EXTENSIONS } from '@labelport/core/media';

/** Market-1501's folders and lists: `query/`, `bounding_box_<subset>/`, `images_<subset>.txt`. */
export const QUERY_DIR = 'query';
export const BBOX_DIR_PREFIX = 'bounding_box_';
export const LIST_PREFIX = 'images_';
export const DEFAULT_IMAGE_EXT = '.jpg';

export const isImage = (p: string) => IMAGE_EXTENSIONS.includes(extname(p));

export const isImageDirName = (d: string) =>
  d === QUERY_DIR || (d.startsWith(BBOX_DIR_PREFIX) && d.length > BBOX_DIR_PREFIX.length);

/** The subset an `images_<subset>.txt` list names, or undefined for another file name. */
export const listSubset = (name: string) => {
  const m = /^images_(.+)\.txt$/.exec(name);
  return m ? m[1] : undefined;
};

// Where Cityscapes-VPS keeps what: the split folders, the JSON files and the frame ids.
import { extname, stripExtension } from '@labelport/core/files';
import { IMAGE_EXTENSIONS } from '@labelport/core/media';

/** panoptic_inst: 255 is void. */
export const VOID = 255;
/** panoptic_inst: a thing is category * 1000 + n. */
export const FACTOR = 1000;
const IMAGE_SUFFIXES = ['_newImg8bit', '_leftImg8bit'];
export const isImage = (p: string) => IMAGE_EXTENSIONS.includes(extname(p));
export const gtJson = (split: string) => `panoptic_gt_${split}_city_vps.json`;
export const imJson = (split: string) => `panoptic_im_${split}_city_vps.json`;
export const allJson = (split: string) => `im_all_info_${split}_city_vps.json`;

/** The frame id of an image or label file name: the stem without its `_newImg8bit`-like suffix. */
export function frameId(fileName: string): string {
  let stem = stripExtension(fileName.slice(fileName.lastIndexOf('/') + 1));
  for (const s of [...IMAGE_SUFFIXES, '_final_mask', '_gtFine_color', '_gtFine_instanceIds']) {
    if (stem.endsWith(s)) stem = stem.slice(0, -s.length);
  }
  return stem;
}

export interface Layout {
  root: string;
  /** split -> which folders it has */
  splits: Map<string, Set<string>>;
}

const MASK_FILE = /^(?:(.*)\/)?([^/]+)\/(panoptic_video|panoptic_inst)\/[^/]+\.png$/;
const SPLIT_FOLDER = /^([^/]+)\/(panoptic_video|panoptic_inst|img|img_all)\//;

/** The root (the shortest one above `<split>/panoptic_{video,inst}/`) and the folders of each split. */
export function findLayout(paths: string[]): Layout | undefined {
  let root: string | undefined;
  for (const p of paths) {
    const m = MASK_FILE.exec(p);
    if (!m) continue;
    const r = m[1] ?? '';
    if (root === undefined || r.length < root.length) root = r;
  }
  if (root === undefined) return undefined;
  const prefix = root === '' ? '' : `${root}/`;
  const splits = new Map<string, Set<string>>();
  for (const p of paths) {
    if (!p.startsWith(prefix)) continue;
    const m = SPLIT_FOLDER.exec(p.slice(prefix.length));
    if (!m) continue;
    const set = splits.get(m[1]) ?? new Set<string>();
    set.add(m[2]);
    splits.set(m[1], set);
  }
  return { root, splits };
}

import { DEFAULT_SUBSET } from '@labelport/core';
import { basename, dirname, extname, stripExtension } from '@labelport/core/files';
import { IMAGE_EXTENSIONS } from '@labelport/core/media';

export const IMAGES_DIR = 'image_2';
export const LABELS_DIR = 'label_2';
export const INSTANCES_DIR = 'instance';
export const SEMANTIC_DIR = 'semantic';
export const SEMANTIC_RGB_DIR = 'semantic_rgb';
export const LABEL_COLORS_FILE = 'label_colors.txt';
export const DATASET_META_FILE = 'dataset_meta.json';

const isImage = (p: string) => IMAGE_EXTENSIONS.includes(extname(p));

/** A KITTI subset folder (`training`, `testing`): the folder that holds label_2/ or instance/. */
export interface KittiSubset {
  dir: string;
  name: string;
  /** Item id -> annotation file (label_2/<id>.txt or instance/<id>.png). */
  annotations: Map<string, string>;
  /** Item id -> image in image_2/. */
  images: Map<string, string>;
}

/** The subsets of a tree whose annotation files live in `<subset>/<taskDir>/**\/*<ext>`. */
export function findKittiSubsets(paths: string[], taskDir: string, ext: string): KittiSubset[] {
  const byDir = new Map<string, KittiSubset>();
  const marker = `${taskDir}/`;
  for (const p of paths) {
    if (extname(p) !== ext) continue;
    const at = p === marker || p.startsWith(marker) ? 0 : p.indexOf(`/${marker}`) + 1;
    if (at <= 0 && !p.startsWith(marker)) continue;
    const dir = at === 0 ? '' : p.slice(0, at - 1);
    let s = byDir.get(dir);
    if (!s) {
      s = {
        dir,
        name: dir === '' ? DEFAULT_SUBSET : basename(dir),
        annotations: new Map(),
        images: new Map(),
      };
      byDir.set(dir, s);
    }
    s.annotations.set(stripExtension(p.slice(at + marker.length)), p);
  }
  for (const s of byDir.values()) {
    const prefix = s.dir === '' ? `${IMAGES_DIR}/` : `${s.dir}/${IMAGES_DIR}/`;
    for (const p of paths)
      if (p.startsWith(prefix) && isImage(p)) s.images.set(stripExtension(p.slice(prefix.length)), p);
  }
  const subsets = [...byDir.values()].sort((a, b) => (a.dir < b.dir ? -1 : 1));
  // Subset folders under different parents (kitti_3d/training, kitti_detection/training) are named by
  // their path, so that they stay apart.
  if (new Set(subsets.map((s) => dirname(s.dir))).size > 1)
    for (const s of subsets) s.name = s.dir || DEFAULT_SUBSET;
  return subsets;
}

/** The folder above the subset folders (where label_colors.txt and dataset_meta.json live). */
export function kittiRoot(subsets: KittiSubset[]): string {
  const parents = [...new Set(subsets.map((s) => dirname(s.dir)))];
  return parents.length === 1 ? parents[0] : '';
}

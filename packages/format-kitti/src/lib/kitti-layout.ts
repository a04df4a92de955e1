import { DEFAULT_SUBSET } from '@labelport/core';
import { basename, dirname, extname, stripExtension } from '@labelport/core/files';
import { IMAGE_EXTENSIONS } from '@labelport/core/media';

export const IMAGES_DIR = 'image_2';
export const LABELS_DIR = 'label_2';
/**
 * Label folders, in order of preference: KITTI's `label_2/` beside `image_2/`, then the `labels/`
 * beside `images/` that NVIDIA TAO documents (and many converters write), and `label/` beside `image/`.
 */
export const LABEL_DIR_CHOICES: { labels: string; images: string[] }[] = [
  { labels: LABELS_DIR, images: [IMAGES_DIR] },
  { labels: 'labels', images: ['images', IMAGES_DIR] },
  { labels: 'label', images: ['image', 'images', IMAGES_DIR] },
];
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
export function findKittiSubsets(
  paths: string[],
  taskDir: string,
  ext: string,
  imageDirs: string[] = [IMAGES_DIR],
): KittiSubset[] {
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
    for (const imageDir of imageDirs) {
      const prefix = s.dir === '' ? `${imageDir}/` : `${s.dir}/${imageDir}/`;
      for (const p of paths) {
        const id = stripExtension(p.slice(prefix.length));
        if (p.startsWith(prefix) && isImage(p) && !s.images.has(id)) s.images.set(id, p);
      }
      if (s.images.size > 0) break;
    }
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

/** The subsets of the first label folder choice that has `.txt` files, with that choice. */
export function findKittiLabelSubsets(paths: string[]): { subsets: KittiSubset[]; labels: string } {
  for (const choice of LABEL_DIR_CHOICES) {
    const subsets = findKittiSubsets(paths, choice.labels, '.txt', choice.images);
    if (subsets.length > 0) return { subsets, labels: choice.labels };
  }
  return { subsets: [], labels: LABELS_DIR };
}

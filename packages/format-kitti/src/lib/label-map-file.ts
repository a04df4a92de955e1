import type { FileTree } from '@labelport/core';
import { readText } from '@labelport/core';
import { joinPath } from '@labelport/core/files';
import { DATASET_META_FILE, type LabelMap, parseLabelColors, readDatasetMeta } from '@labelport/core/meta';
import { LABEL_COLORS_FILE } from './kitti-layout.js';

// TODO(core): one "dataset_meta.json, else label_colors.txt, else the format's default" lookup in
// @labelport/core/meta (KITTI, Cityscapes and CamVid each keep this copy until core has it).
/** The label map beside the subsets: `dataset_meta.json`, else `label_colors.txt`, else `fallback`. */
export async function readLabelMapFile(
  tree: FileTree,
  paths: ReadonlySet<string>,
  root: string,
  fallback: LabelMap,
): Promise<LabelMap> {
  const metaFile = joinPath(root, DATASET_META_FILE);
  if (paths.has(metaFile)) return [...(await readDatasetMeta(tree, metaFile))];
  const colorsFile = joinPath(root, LABEL_COLORS_FILE);
  if (paths.has(colorsFile)) return parseLabelColors(await readText(tree, colorsFile), colorsFile);
  return fallback;
}

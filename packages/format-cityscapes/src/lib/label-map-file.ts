import type { FileTree } from '@labelport/core';
import { readText } from '@labelport/core';
import { joinPath } from '@labelport/core/files';
import { DATASET_META_FILE, type LabelMap, parseLabelColors, readDatasetMeta } from '@labelport/core/meta';

// TODO(core): one "dataset_meta.json, else label_colors.txt, else the format's default" lookup in
// @labelport/core/meta (Cityscapes, KITTI and CamVid each keep this copy until core has it).
/** The label map beside the annotations: `dataset_meta.json`, else `label_colors.txt`, else `fallback`. */
export async function readLabelMapFile(
  tree: FileTree,
  paths: ReadonlySet<string>,
  root: string,
  fallback: LabelMap,
): Promise<LabelMap> {
  const metaFile = joinPath(root, DATASET_META_FILE);
  if (paths.has(metaFile)) return [...(await readDatasetMeta(tree, metaFile))];
  const colorsFile = joinPath(root, 'label_colors.txt');
  if (paths.has(colorsFile)) return parseLabelColors(await readText(tree, colorsFile), colorsFile);
  return fallback;
}

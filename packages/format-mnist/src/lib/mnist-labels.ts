/**
 * The label names of an MNIST folder, as Datumaro's importers find them: `dataset_meta.json`, else
 * `labels.txt` (one name a line), else the digits. Without a list the labels are '0', '1', ... up to
 * the largest label the files use (at least '9'): EMNIST's letters (1..26) and balanced classes
 * (0..46) come in the same files without names.
 */
import type { FileTree } from '@labelport/core';
import { joinPath, readText, splitLines } from '@labelport/core/files';
import { DATASET_META_FILE, readDatasetMeta } from '@labelport/core/meta';

export const LABELS_FILE = 'labels.txt';

/** The names a label list of the folder gives, or undefined when it has none. */
export async function listedLabels(
  tree: FileTree,
  dir: string,
  paths: Set<string>,
): Promise<string[] | undefined> {
  const meta = joinPath(dir, DATASET_META_FILE);
  if (paths.has(meta)) return [...(await readDatasetMeta(tree, meta)).keys()];
  const list = joinPath(dir, LABELS_FILE);
  if (!paths.has(list)) return undefined;
  return splitLines(await readText(tree, list))
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** Labels are indexed by their number: a label past this is refused (MNIST's have 10, EMNIST's 62). */
export const MAX_LABEL = 2 ** 16;

/** The digits '0' .. String(max(9, largest)). */
export function digitLabels(largest: number): string[] {
  return Array.from({ length: Math.max(10, largest + 1) }, (_, i) => String(i));
}

/** `labels.txt` as Datumaro's exporters write it: every name followed by a line end. */
export const formatLabelList = (names: string[]): string => names.map((n) => `${n}\n`).join('');

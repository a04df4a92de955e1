/** The label list of an Open Images tree: class descriptions (or dataset_meta.json), parents from the hierarchy. */
import { type Categories, DatasetError, type FileTree, readText } from '@labelport/core';
import { parseJson, streamCsv } from '@labelport/core/files';
import { DATASET_META_FILE, LabelTable, readDatasetMeta } from '@labelport/core/meta';
import { applyHierarchy } from './hierarchy.js';
import {
  ANNOTATION_PATTERNS,
  CLASS_DESCRIPTION_PATTERNS,
  HIERARCHY_FILE,
  matchesAny,
  matchesPattern,
} from './layout.js';

/** Labels from the class descriptions (or dataset_meta.json), parents from the hierarchy JSON. */
export async function readCategories(
  tree: FileTree,
  paths: string[],
  annNames: string[],
  annPath: (n: string) => string,
  datumaroModel: boolean,
): Promise<Categories> {
  if (paths.includes(DATASET_META_FILE)) {
    // Datumaro's meta file: "labels" (a list of names) and/or "label_map" ({index: name}).
    const names = [...(await readDatasetMeta(tree, DATASET_META_FILE)).keys()];
    if (names.length > 0) return { labels: names.map((name) => ({ name })) };
  }
  const classFile = CLASS_DESCRIPTION_PATTERNS.flatMap((p) =>
    annNames.filter((n) => matchesPattern(n, p)),
  )[0];
  if (classFile === undefined) {
    throw new DatasetError(
      'not-found',
      `no class description file (${CLASS_DESCRIPTION_PATTERNS.join(', ')}) in ${annPath('') || 'the root'}`,
      { file: annPath('') || '.' },
    );
  }
  const table = new LabelTable();
  const labels = table.labels;
  const addClasses = async (file: string) => {
    let first = true;
    for await (const r of streamCsv(tree, annPath(file))) {
      const name = r.fields[0] ?? '';
      if (first) {
        first = false;
        if (name === 'LabelName') continue; // a header row (V6 and later)
      }
      if (name !== '') table.get(name);
    }
  };
  await addClasses(classFile);
  // Point labels (V7) use classes of their own (stuff, /g/ MIDs) listed in another description file
  // (LabelName,DisplayName,YesPoints,...): with point labels present, those classes follow.
  if (!datumaroModel && annNames.some((n) => matchesAny(n, ANNOTATION_PATTERNS.points))) {
    for (const n of annNames) {
      if (n !== classFile && /class-descriptions.*\.csv$/.test(n)) await addClasses(n);
    }
  }
  if (annNames.includes(HIERARCHY_FILE)) {
    const hpath = annPath(HIERARCHY_FILE);
    applyHierarchy(parseJson(await readText(tree, hpath), hpath), labels, hpath);
  }
  return { labels };
}

/**
 * Reads a VOCdevkit-style tree for one task (or all of them, `voc`), item by item.
 */
import {
  type Categories,
  DatasetError,
  type DatasetSource,
  type FileTree,
  type ReadOptions,
  readContext,
  readText,
} from '@labelport/core';
import { splitLines } from '@labelport/core/files';
import { LabelTable } from '@labelport/core/meta';
import { categoriesFromLabelMap, loadLabelMap, type VocTask } from './lib/labelmap.js';
import { type ItemPlan, type VocReadState, vocSource } from './lib/voc-items.js';
import {
  classListLabel,
  imageIndex,
  parseSubsetListPath,
  type TaskDir,
  taskDirs,
  VOC_PATHS,
} from './lib/voc-layout.js';
import { readLooseXml, readMaskLayout } from './lib/voc-loose-reader.js';
import { maskLayoutPlans } from './lib/voc-mask-layout.js';

/** Ids of a subset list. Layout lists may add an object number, and quote ids with spaces. */
function parseSubsetList(text: string, file: string, dir: TaskDir): string[] {
  const ids: string[] = [];
  const seen = new Set<string>();
  splitLines(text).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    let id = line;
    if (dir === 'Layout') {
      const quoted = line.split('"');
      if (quoted.length > 1) {
        if (quoted.length !== 3)
          throw new DatasetError('bad-line', 'expected the id in a pair of quotes', {
            file,
            place: `line ${i + 1}`,
          });
        id = quoted[1];
      } else id = line.split(/\s+/)[0];
    } else if (dir === 'Action') {
      // VOC2012's action lists may give an object number after the id
      const m = /^(\S+)\s+\d+$/.exec(line);
      if (m) id = m[1];
    }
    if (!seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  });
  return ids;
}

/** `Main/<label>_<subset>.txt`: item -> labels present (value 1; -1 and 0 both mean absent). */
async function readClassLists(
  tree: FileTree,
  files: Set<string>,
  categories: Categories,
  subset: string,
): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  for (const [labelIndex, label] of categories.labels.entries()) {
    // the name as labelport writes it (escaped), else as it is (Datumaro's, and other tools')
    const escaped = `${VOC_PATHS.imageSets}/Main/${classListLabel(label.name)}_${subset}.txt`;
    const file = files.has(escaped) ? escaped : `${VOC_PATHS.imageSets}/Main/${label.name}_${subset}.txt`;
    if (!files.has(file)) continue;
    splitLines(await readText(tree, file)).forEach((raw, i) => {
      const line = raw.trim();
      if (!line || line.startsWith('#')) return;
      const m = /^(.*\S)\s+(\S+)$/.exec(line);
      if (!m)
        throw new DatasetError('bad-line', "expected '<item id> <1|0|-1>'", {
          file,
          place: `line ${i + 1}`,
        });
      const [, id, present] = m;
      if (present !== '1' && present !== '0' && present !== '-1') {
        throw new DatasetError('bad-line', `unexpected class presence '${present}', expected 1, 0 or -1`, {
          file,
          place: `line ${i + 1}`,
        });
      }
      if (present === '1') {
        const l = out.get(id) ?? [];
        l.push(labelIndex);
        out.set(id, l);
      }
    });
  }
  return out;
}

/** Reads a VOCdevkit-style tree (its root at the top of `tree`) for `task`. */
export async function readVocTree(
  tree: FileTree,
  task: VocTask,
  options: ReadOptions = {},
): Promise<DatasetSource> {
  const files = await tree.list();
  const fileSet = new Set(files.map((f) => f.path));
  const dirs = taskDirs(task);
  const lists = files
    .map((f) => ({ path: f.path, parsed: parseSubsetListPath(f.path) }))
    .filter((l) => l.parsed && l.parsed.root === '' && dirs.includes(l.parsed.dir));
  if (lists.length === 0) {
    const hasImageSets = files.some((f) => f.path.startsWith(`${VOC_PATHS.imageSets}/`));
    // labelme2voc's layout: mask folders, a class list and no ImageSets
    if (
      (task === 'voc_segmentation' || task === 'voc') &&
      !hasImageSets &&
      maskLayoutPlans(files.map((f) => f.path)).length > 0
    )
      return readMaskLayout(tree, files, options);
    // CVAT's loose layout: XML files and no ImageSets at all
    if ((task === 'voc_detection' || task === 'voc') && !hasImageSets)
      return readLooseXml(tree, files, options);
    throw new DatasetError(
      'bad-layout',
      `no subset lists in ${dirs.map((d) => `ImageSets/${d}/`).join(', ')}`,
      {
        file: tree.name,
      },
    );
  }
  const labelMap = await loadLabelMap(tree, files);
  const categories = categoriesFromLabelMap(labelMap, task);
  const labelIndex = new LabelTable(categories.labels);
  // Subsets in the order met (task dirs in order), items in list order, each once.
  const bySubset = new Map<string, Map<string, ItemPlan>>();
  lists.sort(
    (a, b) => dirs.indexOf(a.parsed!.dir) - dirs.indexOf(b.parsed!.dir) || (a.path < b.path ? -1 : 1),
  );
  for (const l of lists) {
    const { dir, subset } = l.parsed!;
    const ids = parseSubsetList(await readText(tree, l.path), l.path, dir);
    let m = bySubset.get(subset);
    if (!m) {
      m = new Map();
      bySubset.set(subset, m);
    }
    for (const id of ids) if (!m.has(id)) m.set(id, { id, subset });
  }
  const classLists = new Map<string, Map<string, number[]>>();
  if (task === 'voc' || task === 'voc_classification') {
    for (const subset of bySubset.keys())
      classLists.set(subset, await readClassLists(tree, fileSet, categories, subset));
  }
  const st: VocReadState = {
    tree,
    task,
    categories,
    labelMap,
    labelIndex,
    images: imageIndex(files, VOC_PATHS.images),
    fileSet,
    classLists,
    ctx: readContext(options),
    loose: false,
  };
  return vocSource(
    st,
    [...bySubset.values()].flatMap((m) => [...m.values()]),
    options,
  );
}

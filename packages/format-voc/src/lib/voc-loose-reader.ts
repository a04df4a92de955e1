/**
 * VOC trees without `ImageSets/`: CVAT's and LabelImg's loose XML files (flat, beside their images)
 * and labelme2voc's segmentation folders.
 */
import {
  DatasetError,
  type DatasetSource,
  type FileEntry,
  type FileTree,
  type ReadOptions,
  readContext,
  readText,
} from '@labelport/core';
import { mapSettled, READ_AHEAD } from '@labelport/core/files';
import { LabelTable } from '@labelport/core/meta';
import { categoriesFromLabelMap, type LabelMapEntry, loadLabelMap, META_FILE } from './labelmap.js';
import { type ItemPlan, type VocReadState, vocSource } from './voc-items.js';
import { imageLookup, looseImageFor, looseItemKey, VOC_PATHS } from './voc-layout.js';
import { CLASS_LIST_FILES, IGNORE_LABEL, maskLayoutPlans, parseLabelmeClassList } from './voc-mask-layout.js';
import { parseVocXml, type VocAnnotation } from './voc-xml.js';

/** CVAT's loose VOC layout: `.xml` files only (images beside them or anywhere in the tree), labels from the files. */
export async function readLooseXml(
  tree: FileTree,
  files: FileEntry[],
  options: ReadOptions,
): Promise<DatasetSource> {
  const xmls = files.filter((f) => f.path.endsWith('.xml')).map((f) => f.path);
  if (xmls.length === 0)
    throw new DatasetError('bad-layout', 'no VOC subset lists and no .xml files', { file: tree.name });
  const fileSet = new Set(files.map((f) => f.path));
  const hasLabelMap = fileSet.has(VOC_PATHS.labelMap) || fileSet.has(META_FILE);
  // without a label map, labelme2voc's class list gives the labels and their order (names met in
  // the files and not in it follow), else the names met, in order
  const classList = CLASS_LIST_FILES.find((f) => fileSet.has(f));
  const labelMap = hasLabelMap
    ? await loadLabelMap(tree, files)
    : classList
      ? parseLabelmeClassList(await readText(tree, classList), classList).filter(
          (e) => e.name !== IGNORE_LABEL,
        )
      : [];
  // The files are parsed once here (labels come from them when there is no label map) and kept for the items.
  const parsed = new Map<string, VocAnnotation>();
  const seen = new Set(labelMap.map((e) => e.name));
  const read = async (x: string) => parseVocXml(await readText(tree, x), x);
  const ctx = readContext(options);
  for await (const r of mapSettled(xmls, READ_AHEAD, read)) {
    const x = r.input;
    if ('error' in r) {
      ctx.skip(r.error, x, 'items');
      continue;
    }
    const doc = r.value;
    parsed.set(x, doc);
    if (hasLabelMap) continue;
    for (const o of doc.objects) {
      if (!seen.has(o.name)) {
        seen.add(o.name);
        labelMap.push({ name: o.name, parts: [], actions: [] });
      }
    }
  }
  const categories = categoriesFromLabelMap(labelMap, 'voc_detection');
  const labelIndex = new LabelTable(categories.labels);
  const images = imageLookup(files);
  const seenKeys = new Set<string>();
  const plans: ItemPlan[] = [];
  for (const x of parsed.keys()) {
    const key = looseItemKey(x);
    const k = `${key.subset}/${key.id}`;
    if (seenKeys.has(k))
      throw new DatasetError('duplicate-item', `item '${key.id}' of subset '${key.subset}' appears twice`, {
        file: x,
      });
    seenKeys.add(k);
    plans.push({ ...key, xml: x, image: looseImageFor(x, parsed.get(x)?.filename, images) });
  }
  const st: VocReadState = {
    tree,
    task: 'voc_detection',
    categories,
    labelMap,
    labelIndex,
    images: new Map(),
    fileSet,
    classLists: new Map(),
    ctx,
    loose: true,
    parsed,
  };
  return vocSource(st, plans, options);
}

/** labelme2voc's layout: mask PNGs by folder (no subset lists), labels from its class list. */
export async function readMaskLayout(
  tree: FileTree,
  files: FileEntry[],
  options: ReadOptions,
): Promise<DatasetSource> {
  const fileSet = new Set(files.map((f) => f.path));
  const plans = maskLayoutPlans(files.map((f) => f.path));
  // the class list at the top, else the first split folder's (labelme2voc writes one per run)
  const dirs = [...new Set(['', ...plans.map((p) => (p.subset === 'default' ? '' : p.subset))])];
  const classList = dirs
    .flatMap((d) => CLASS_LIST_FILES.map((f) => (d ? `${d}/${f}` : f)))
    .find((f) => fileSet.has(f));
  let labelMap: LabelMapEntry[];
  if (fileSet.has(META_FILE) || fileSet.has(VOC_PATHS.labelMap) || !classList)
    labelMap = await loadLabelMap(tree, files);
  else labelMap = parseLabelmeClassList(await readText(tree, classList), classList);
  const categories = categoriesFromLabelMap(labelMap, 'voc_segmentation');
  const labelIndex = new LabelTable(categories.labels);
  const st: VocReadState = {
    tree,
    task: 'voc_segmentation',
    categories,
    labelMap,
    labelIndex,
    images: new Map(),
    fileSet,
    classLists: new Map(),
    ctx: readContext(options),
    loose: false,
  };
  return vocSource(st, plans, options);
}

/**
 * Reads a VOCdevkit-style tree for one task (or all of them, `voc`), item by item.
 */
import {
  type Annotation,
  type Categories,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type FileEntry,
  type FileTree,
  type IoOptions,
  isDatasetError,
  type Media,
  readContext,
  readJson,
  readText,
  wrapError,
} from '@labelport/core';
import {
  dirname,
  extname,
  joinPath,
  mapSettled,
  READ_AHEAD,
  safeRelativePath,
  splitLines,
  stripExtension,
} from '@labelport/core/files';
import { readImageSize } from '@labelport/core/media';
import { LabelTable } from '@labelport/core/meta';
import {
  categoriesFromLabelMap,
  defaultVocLabelMap,
  type LabelMapEntry,
  labelMapColors,
  META_FILE,
  parseLabelMap,
  parseVocMetaFile,
  taskHasMasks,
  type VocTask,
} from './labelmap.js';
import {
  imageIndex,
  isImagePath,
  parseSubsetListPath,
  type TaskDir,
  taskDirs,
  VOC_PATHS,
} from './voc-layout.js';
import { readLooseXml, readMaskLayout } from './voc-loose-reader.js';
import { maskLayoutPlans } from './voc-mask-layout.js';
import { readVocMasks } from './voc-masks.js';
import { parseVocXml, type VocAnnotation } from './voc-xml.js';

const XML_TASKS: VocTask[] = ['voc', 'voc_detection', 'voc_layout', 'voc_action'];
const PERSON_TASKS: VocTask[] = ['voc_layout', 'voc_action'];

export async function loadLabelMap(tree: FileTree, files: FileEntry[]): Promise<LabelMapEntry[]> {
  // Datumaro reads its dataset_meta.json first, when there is one. A map with no labels is a dataset
  // without labels (Datumaro reads it so; its writers and ours write one for such a dataset).
  if (files.some((f) => f.path === META_FILE))
    return parseVocMetaFile(await readJson(tree, META_FILE), META_FILE);
  if (files.some((f) => f.path === VOC_PATHS.labelMap))
    return parseLabelMap(await readText(tree, VOC_PATHS.labelMap), VOC_PATHS.labelMap);
  return defaultVocLabelMap();
}

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
    const file = `${VOC_PATHS.imageSets}/Main/${label.name}_${subset}.txt`;
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

export interface ItemPlan {
  id: string;
  subset: string;
  xml?: string;
  /** Loose layout: the image found for the XML. */
  image?: string;
  /** Mask layout: the class and instance PNGs (else `SegmentationClass/<id>.png`, `SegmentationObject/<id>.png`). */
  classMask?: string;
  instanceMask?: string;
}

export interface ReadContext {
  tree: FileTree;
  task: VocTask;
  categories: Categories;
  labelMap: LabelMapEntry[];
  /** Label names to indices (the first label of a name, when a label map repeats one). */
  labelIndex: LabelTable;
  images: Map<string, string>;
  fileSet: Set<string>;
  classLists: Map<string, Map<string, number[]>>;
  options: IoOptions;
  /** Loose layout: paths are relative to the XML's folder. */
  loose: boolean;
  /** Loose layout: the files, parsed while finding the labels. */
  parsed?: Map<string, VocAnnotation>;
}

function mediaFromXml(
  ctx: ReadContext,
  plan: ItemPlan,
  doc: VocAnnotation | undefined,
  xmlFile: string | undefined,
): Media | undefined {
  let path: string | undefined;
  if (plan.image) path = plan.image;
  else {
    const fn = doc?.filename;
    if (fn && ctx.loose) {
      const candidate = joinPath(
        dirname(xmlFile ?? ''),
        safeRelativePath(fn, { file: xmlFile, place: '<filename>' }),
      );
      if (ctx.fileSet.has(candidate)) path = candidate;
    } else if (fn) {
      const rel = safeRelativePath(fn, { file: xmlFile, place: '<filename>' });
      const candidate = joinPath(VOC_PATHS.images, rel);
      if (ctx.fileSet.has(candidate)) path = candidate;
      else if (!extname(rel) || !isImagePath(rel))
        path = ctx.images.get(plan.id) ?? ctx.images.get(stripExtension(rel));
      else path = ctx.images.get(plan.id) ?? candidate;
    } else path = ctx.images.get(plan.id);
  }
  if (!path && doc?.width === undefined) return undefined;
  const media: Media = { kind: 'image' };
  if (path) media.path = path;
  if (doc?.width !== undefined && doc.height !== undefined) {
    media.width = doc.width;
    media.height = doc.height;
  }
  if (path && ctx.fileSet.has(path)) {
    const p = path;
    media.bytes = () => ctx.tree.read(p);
  }
  return media;
}

async function readItem(ctx: ReadContext, plan: ItemPlan): Promise<DatasetItem> {
  const { task, tree } = ctx;
  const annotations: Annotation[] = [];
  for (const label of ctx.classLists.get(plan.subset)?.get(plan.id) ?? [])
    annotations.push({ type: 'label', label, attributes: {} });
  let doc: VocAnnotation | undefined;
  const xmlFile = plan.xml ?? `${VOC_PATHS.annotations}/${plan.id}.xml`;
  if (XML_TASKS.includes(task) && ctx.fileSet.has(xmlFile)) {
    doc = ctx.parsed?.get(xmlFile) ?? parseVocXml(await readText(tree, xmlFile), xmlFile);
    doc.objects.forEach((obj, k) => {
      const place = `object ${k + 1} <name>`;
      if (PERSON_TASKS.includes(task) && obj.name !== 'person' && obj.name !== 'background') return;
      const label = ctx.labelIndex.find(obj.name);
      if (label === undefined)
        throw new DatasetError('unknown-label', `label '${obj.name}' is not in the label map`, {
          file: xmlFile,
          place,
        });
      const group = k + 1;
      if (task === 'voc' || task === 'voc_layout') {
        for (const part of obj.parts) {
          const partLabel = ctx.labelIndex.find(part.name);
          if (partLabel === undefined) {
            throw new DatasetError('unknown-label', `part label '${part.name}' is not in the label map`, {
              file: xmlFile,
              place: `object ${k + 1} <part>`,
            });
          }
          annotations.push({ type: 'bbox', ...part.box, label: partLabel, group, attributes: {} });
        }
      }
      const attributes = { ...obj.attributes };
      // Actions: every action of the label (absent = false), and any others the XML gives.
      for (const a of ctx.categories.labels[label].attributes ?? []) attributes[a] = false;
      for (const [a, v] of Object.entries(obj.actions)) attributes[a] = v;
      annotations.push({ type: 'bbox', ...obj.box, label, id: group, group, attributes });
    });
  }
  let maskSize: { width: number; height: number } | undefined;
  if (taskHasMasks(task)) {
    const cls = plan.classMask ?? `${VOC_PATHS.classMasks}/${plan.id}.png`;
    const inst = plan.instanceMask ?? `${VOC_PATHS.instanceMasks}/${plan.id}.png`;
    const res = await readVocMasks(
      tree,
      ctx.fileSet.has(cls) ? cls : undefined,
      ctx.fileSet.has(inst) ? inst : undefined,
      labelMapColors(ctx.labelMap),
      ctx.categories.labels.length,
      (e) => {
        if (!ctx.options.lenient) throw e;
        ctx.options.onWarning?.(`${e.message} (mask skipped)`);
      },
      readContext(ctx.options).limits,
    );
    if (res) {
      annotations.push(...res.masks);
      maskSize = { width: res.width, height: res.height };
    }
  }
  let media = mediaFromXml(ctx, plan, doc, doc ? xmlFile : undefined);
  if (maskSize && media?.width === undefined) media = { kind: 'image', ...media, ...maskSize };
  if (media?.path && media.width === undefined && media.bytes) {
    const info = await readImageSize(tree, media.path).catch(() => undefined); // a size is a nicety here
    if (info) {
      media.width = info.width;
      media.height = info.height;
    }
  }
  const item: DatasetItem = { id: plan.id, subset: plan.subset, annotations, attributes: {} };
  if (media) item.media = media;
  return item;
}

export function source(ctx: ReadContext, plans: ItemPlan[]): DatasetSource {
  return {
    categories: ctx.categories,
    size: plans.length,
    async *items() {
      let done = 0;
      // Items are read READ_AHEAD at a time (overlapping the reads of small files), yielded in order.
      for await (const r of mapSettled(plans, READ_AHEAD, (plan) => readItem(ctx, plan))) {
        const plan = r.input;
        readContext(ctx.options).check();
        let item: DatasetItem;
        try {
          if ('error' in r) throw r.error;
          item = r.value;
        } catch (e) {
          const err = isDatasetError(e)
            ? e
            : wrapError(e, plan.xml ?? `${VOC_PATHS.annotations}/${plan.id}.xml`);
          if (!ctx.options.lenient) throw err;
          ctx.options.onWarning?.(`${err.message} (item '${plan.id}' skipped)`);
          ctx.options.onProgress?.(++done, plans.length);
          continue;
        }
        yield item;
        ctx.options.onProgress?.(++done, plans.length);
      }
    },
  };
}

/** Reads a VOCdevkit-style tree (its root at the top of `tree`) for `task`. */
export async function readVocTree(
  tree: FileTree,
  task: VocTask,
  options: IoOptions = {},
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
  const ctx: ReadContext = {
    tree,
    task,
    categories,
    labelMap,
    labelIndex,
    images: imageIndex(files, VOC_PATHS.images),
    fileSet,
    classLists,
    options,
    loose: false,
  };
  return source(
    ctx,
    [...bySubset.values()].flatMap((m) => [...m.values()]),
  );
}

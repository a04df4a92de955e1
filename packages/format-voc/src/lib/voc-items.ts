/**
 * One VOC item from its plan (an id in a subset list, or a loose XML, or a mask pair): its class
 * labels, its XML objects and parts, its masks and its image; and the reader's source over the plans.
 */
import {
  type Annotation,
  type Categories,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type FileTree,
  type Media,
  type ReadContext,
  type ReadOptions,
  readerSource,
  readText,
} from '@labelport/core';
import {
  dirname,
  extname,
  joinPath,
  mapSettled,
  READ_AHEAD,
  safeRelativePath,
  stripExtension,
} from '@labelport/core/files';
import { readImageSize } from '@labelport/core/media';
import type { LabelTable } from '@labelport/core/meta';
import { type LabelMapEntry, labelMapColors, taskHasMasks, type VocTask } from './labelmap.js';
import { isImagePath, VOC_PATHS } from './voc-layout.js';
import { readVocMasks } from './voc-masks.js';
import { parseVocXml, type VocAnnotation } from './voc-xml.js';

const XML_TASKS: VocTask[] = [
  'voc',
  'voc_detection',
  'voc_instance_segmentation',
  'voc_layout',
  'voc_action',
];
const PERSON_TASKS: VocTask[] = ['voc_layout', 'voc_action'];

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

/** What reading every item of a tree needs. */
export interface VocReadState {
  tree: FileTree;
  task: VocTask;
  categories: Categories;
  labelMap: LabelMapEntry[];
  /** Label names to indices (the first label of a name, when a label map repeats one). */
  labelIndex: LabelTable;
  images: Map<string, string>;
  fileSet: Set<string>;
  classLists: Map<string, Map<string, number[]>>;
  /** The reader's context: the error policy, limits, warnings. */
  ctx: ReadContext;
  /** Loose layout: paths are relative to the XML's folder. */
  loose: boolean;
  /** Loose layout: the files, parsed while finding the labels. */
  parsed?: Map<string, VocAnnotation>;
}

function mediaFromXml(
  st: VocReadState,
  plan: ItemPlan,
  doc: VocAnnotation | undefined,
  xmlFile: string | undefined,
): Media | undefined {
  let path: string | undefined;
  if (plan.image) path = plan.image;
  else {
    const fn = doc?.filename;
    if (fn && st.loose) {
      const candidate = joinPath(
        dirname(xmlFile ?? ''),
        safeRelativePath(fn, { file: xmlFile, place: '<filename>' }),
      );
      if (st.fileSet.has(candidate)) path = candidate;
    } else if (fn) {
      const rel = safeRelativePath(fn, { file: xmlFile, place: '<filename>' });
      const candidate = joinPath(VOC_PATHS.images, rel);
      if (st.fileSet.has(candidate)) path = candidate;
      else if (!extname(rel) || !isImagePath(rel))
        path = st.images.get(plan.id) ?? st.images.get(stripExtension(rel));
      else path = st.images.get(plan.id) ?? candidate;
    } else path = st.images.get(plan.id);
  }
  if (!path && doc?.width === undefined) return undefined;
  const media: Media = { kind: 'image' };
  if (path) media.path = path;
  if (doc?.width !== undefined && doc.height !== undefined) {
    media.width = doc.width;
    media.height = doc.height;
  }
  if (path && st.fileSet.has(path)) {
    const p = path;
    media.bytes = () => st.tree.read(p);
  }
  return media;
}

/** The boxes of an XML's objects (with their parts, as boxes of the same group), added to `annotations`. */
function xmlObjects(st: VocReadState, doc: VocAnnotation, xmlFile: string, annotations: Annotation[]): void {
  const { task } = st;
  doc.objects.forEach((obj, k) => {
    const place = `object ${k + 1} <name>`;
    if (PERSON_TASKS.includes(task) && obj.name !== 'person' && obj.name !== 'background') return;
    const label = st.labelIndex.find(obj.name);
    if (label === undefined)
      throw new DatasetError('unknown-label', `label '${obj.name}' is not in the label map`, {
        file: xmlFile,
        place,
      });
    const group = k + 1;
    if (task === 'voc' || task === 'voc_layout') {
      for (const part of obj.parts) {
        const partLabel = st.labelIndex.find(part.name);
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
    for (const a of st.categories.labels[label].attributes ?? []) attributes[a] = false;
    for (const [a, v] of Object.entries(obj.actions)) attributes[a] = v;
    annotations.push({ type: 'bbox', ...obj.box, label, id: group, group, attributes });
  });
}

/** The item's masks (a bad mask goes to the annotation policy), and their size. */
async function itemMasks(st: VocReadState, plan: ItemPlan, annotations: Annotation[]) {
  const cls = plan.classMask ?? `${VOC_PATHS.classMasks}/${plan.id}.png`;
  const inst = plan.instanceMask ?? `${VOC_PATHS.instanceMasks}/${plan.id}.png`;
  const res = await readVocMasks(
    st.tree,
    st.fileSet.has(cls) ? cls : undefined,
    st.fileSet.has(inst) ? inst : undefined,
    labelMapColors(st.labelMap),
    st.categories.labels.length,
    (e) => st.ctx.skip(e),
    st.ctx.limits,
  );
  if (!res) return undefined;
  annotations.push(...res.masks);
  return { width: res.width, height: res.height };
}

async function readItem(st: VocReadState, plan: ItemPlan): Promise<DatasetItem> {
  const { task, tree } = st;
  const annotations: Annotation[] = [];
  for (const label of st.classLists.get(plan.subset)?.get(plan.id) ?? [])
    annotations.push({ type: 'label', label, attributes: {} });
  let doc: VocAnnotation | undefined;
  const xmlFile = plan.xml ?? `${VOC_PATHS.annotations}/${plan.id}.xml`;
  if (XML_TASKS.includes(task) && st.fileSet.has(xmlFile)) {
    doc = st.parsed?.get(xmlFile) ?? parseVocXml(await readText(tree, xmlFile), xmlFile);
    xmlObjects(st, doc, xmlFile, annotations);
  }
  const maskSize = taskHasMasks(task) ? await itemMasks(st, plan, annotations) : undefined;
  let media = mediaFromXml(st, plan, doc, doc ? xmlFile : undefined);
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

/** The reader's source over the plans: items read READ_AHEAD at a time (overlapping small reads), in order. */
export function vocSource(st: VocReadState, plans: ItemPlan[], options: ReadOptions): DatasetSource {
  return readerSource(options, {
    categories: st.categories,
    total: plans.length,
    entries: () => mapSettled(plans, READ_AHEAD, (plan) => readItem(st, plan)),
    where: (r) => r.input.xml ?? `${VOC_PATHS.annotations}/${r.input.id}.xml`,
    make(r) {
      if ('error' in r) throw r.error;
      return r.value;
    },
  });
}

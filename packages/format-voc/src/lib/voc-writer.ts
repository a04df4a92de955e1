/**
 * The parts of writing one VOC item: its XML objects (with parts and actions), its class labels, the
 * ImageSets lists of every subset and labelmap.txt, and why an annotation was not written.
 */
import {
  type Annotation,
  type AttributeValue,
  type BboxAnnotation,
  DatasetError,
  type DatasetItem,
  type FileSink,
  type ReportBuilder,
} from '@labelport/core';
import {
  formatLabelMap,
  type LabelMapEntry,
  taskHasMasks,
  taskHasParts,
  VOC_COMMON_ATTRIBUTES,
  type VocTask,
} from './labelmap.js';
import { classListLabel, VOC_PATHS } from './voc-layout.js';
import { type VocObjectToWrite, type VocPart, writeVocXml } from './voc-xml.js';

export const XML_TASKS: VocTask[] = [
  'voc',
  'voc_detection',
  'voc_instance_segmentation',
  'voc_layout',
  'voc_action',
];
export const PERSON_TASKS: VocTask[] = ['voc_layout', 'voc_action'];
const BUILTIN_ATTRIBUTES = new Set([...VOC_COMMON_ATTRIBUTES, 'pose', 'point_x', 'point_y']);

/** An action name as an XML tag (Datumaro's rule: spaces to '_', a leading digit gets a '_'). */
const actionTag = (a: string) => (/^\d/.test(a) ? `_${a}` : a).replace(/ /g, '_');

export class Lists {
  main: string[] = [];
  segmentation: string[] = [];
  layout: string[] = [];
  action: string[] = [];
  /** item -> label-map indices of its labels (classification). */
  classes = new Map<string, Set<number>>();
  /** action -> lines */
  actionLines = new Map<string, string[]>();
}

const truthy = (v: AttributeValue | undefined) =>
  v === true || v === 1 || v === '1' || v === 'true' || v === 'True';

/** What writing every item needs: the label map and how the dataset's labels fall into it. */
export interface WriterState {
  task: VocTask;
  labelMap: LabelMapEntry[];
  mapIndex: Map<string, number>;
  /** Part label -> the label it is a part of. */
  partOwner: Map<string, string>;
  labelNames: string[];
  allowAttributes: boolean;
  report: ReportBuilder;
}

export const quoteId = (id: string) => (/\s/.test(id) ? `"${id}"` : id);

/** One XML object for the main box `b` (the k-th of its item), with its parts, actions and attributes. */
function objectOf(
  st: WriterState,
  b: BboxAnnotation,
  _k: number,
  parts: BboxAnnotation[],
  used: Set<Annotation>,
): VocObjectToWrite {
  const { labelNames, task } = st;
  used.add(b);
  const name = labelNames[b.label!];
  const entry = st.labelMap[st.mapIndex.get(name)!];
  const objParts: VocPart[] = [];
  if (taskHasParts(task) && b.group !== undefined) {
    for (const p of parts) {
      if (p.group === b.group && !used.has(p)) {
        used.add(p);
        objParts.push({ name: labelNames[p.label!], box: { x: p.x, y: p.y, w: p.w, h: p.h } });
      }
    }
  }
  const attrs = b.attributes;
  const actions: [string, boolean][] = entry.actions.map((a) => [actionTag(a), truthy(attrs[a])]);
  const extra: [string, AttributeValue][] = [];
  for (const a in attrs) {
    if (BUILTIN_ATTRIBUTES.has(a) || entry.actions.includes(a)) continue;
    if (st.allowAttributes) extra.push([a, attrs[a]]);
    else st.report.drop('attribute');
  }
  const point =
    typeof attrs.point_x === 'number' && typeof attrs.point_y === 'number'
      ? ([attrs.point_x, attrs.point_y] as [number, number])
      : undefined;
  return {
    name,
    box: { x: b.x, y: b.y, w: b.w, h: b.h },
    pose: attrs.pose === undefined ? undefined : String(attrs.pose),
    truncated: truthy(attrs.truncated),
    occluded: truthy(attrs.occluded),
    difficult: truthy(attrs.difficult),
    point,
    parts: objParts,
    actions,
    attributes: extra,
  };
}

/** The item's XML: its main boxes as objects (parts inside them), the layout and action list lines. */
export async function writeItemXml(
  st: WriterState,
  item: DatasetItem,
  imageName: string | undefined,
  l: Lists,
  used: Set<Annotation>,
  sink: FileSink,
): Promise<{ hasParts: boolean; hasActions: boolean }> {
  const { labelNames, task } = st;
  const main: BboxAnnotation[] = [];
  const parts: BboxAnnotation[] = [];
  for (const b of item.annotations) {
    if (b.type !== 'bbox') continue;
    const name = b.label === undefined ? undefined : labelNames[b.label];
    if (name !== undefined && st.mapIndex.has(name)) {
      if (PERSON_TASKS.includes(task) && name !== 'person' && name !== 'background') continue;
      main.push(b);
    } else if (name !== undefined && st.partOwner.has(name)) parts.push(b);
  }
  let hasParts = false;
  let hasActions = false;
  const objects = main.map((b, k) => {
    const o = objectOf(st, b, k, parts, used);
    if (o.parts.length) {
      hasParts = true;
      l.layout.push(`${quoteId(item.id)} ${k + 1}`);
    }
    if (o.actions.length) hasActions = true;
    for (const [a, v] of o.actions) {
      const lines = l.actionLines.get(a) ?? [];
      lines.push(`${item.id} ${k + 1} ${v ? ' 1' : '-1'}`);
      l.actionLines.set(a, lines);
    }
    return o;
  });
  const hasMasks =
    taskHasMasks(task) && item.annotations.some((a) => a.type === 'mask' || a.type === 'polygon');
  await sink.write(
    `${VOC_PATHS.annotations}/${item.id}.xml`,
    writeVocXml({
      filename: imageName,
      width: item.media?.width,
      height: item.media?.height,
      segmented: hasMasks,
      objects,
    }),
  );
  return { hasParts, hasActions };
}

/** The item's class labels, for the `Main/<label>_<subset>.txt` lists. */
export function collectClassLabels(
  st: WriterState,
  item: DatasetItem,
  l: Lists,
  used: Set<Annotation>,
): void {
  for (const a of item.annotations) {
    if (a.type !== 'label') continue;
    const name = a.label === undefined ? undefined : st.labelNames[a.label];
    const idx = name === undefined ? undefined : st.mapIndex.get(name);
    if (idx === undefined) continue;
    used.add(a);
    if (Object.keys(a.attributes).length) {
      st.report.drop('attribute', Object.keys(a.attributes).length);
      st.report.warn('VOC class lists hold no attributes: the attributes of labels are dropped');
    }
    const set = l.classes.get(item.id) ?? new Set<number>();
    set.add(idx);
    l.classes.set(item.id, set);
  }
}

/** The ImageSets lists of every subset, and labelmap.txt. */
export async function writeLists(st: WriterState, lists: Map<string, Lists>, sink: FileSink): Promise<void> {
  const { task } = st;
  const maskTask = taskHasMasks(task);
  const classLists = task === 'voc' || task === 'voc_classification';
  const escaped = classLists ? st.labelMap.filter((e) => classListLabel(e.name) !== e.name).length : 0;
  if (escaped > 0 && lists.size > 0) {
    st.report.warn(
      `${escaped} label name(s) hold what a file name cannot ('/', '\\', '%', control characters): their class lists (ImageSets/Main/<label>_<subset>.txt) are named with them percent-escaped (labelport reads them back; other tools see the escaped name)`,
    );
  }
  for (const [subset, l] of lists) {
    const write = (dir: string, name: string, lines: string[]) =>
      sink.write(`${VOC_PATHS.imageSets}/${dir}/${name}.txt`, lines.length ? `${lines.join('\n')}\n` : '');
    if (task !== 'voc_segmentation') await write('Main', subset, l.main);
    if (classLists) {
      for (const [i, e] of st.labelMap.entries()) {
        const lines: string[] = [];
        for (const [id, set] of l.classes) lines.push(`${id} ${set.has(i) ? ' 1' : '-1'}`);
        await write('Main', `${classListLabel(e.name)}_${subset}`, lines);
      }
    }
    if (maskTask && (task !== 'voc' || l.segmentation.length))
      await write('Segmentation', subset, l.segmentation);
    if (task === 'voc_layout' || (task === 'voc' && l.layout.length)) await write('Layout', subset, l.layout);
    if (task === 'voc_action' || (task === 'voc' && l.action.length)) {
      await write('Action', subset, l.action);
      for (const [a, lines] of l.actionLines) await write('Action', `${a}_${subset}`, lines);
    }
  }
  await sink.write(VOC_PATHS.labelMap, formatLabelMap(st.labelMap));
}

/** The lists of the item's subset (made on its first item), after checking the item is not a repeat. */
export function listsOf(
  st: WriterState,
  lists: Map<string, Lists>,
  written: Set<string>,
  item: DatasetItem,
): Lists {
  const key = `${item.subset}\u0000${item.id}`;
  if (written.has(key))
    throw new DatasetError('duplicate-item', `item '${item.id}' appears twice in subset '${item.subset}'`);
  written.add(key);
  let l = lists.get(item.subset);
  if (!l) {
    l = new Lists();
    lists.set(item.subset, l);
    if (item.subset.includes('_'))
      st.report.warn(
        `subset '${item.subset}' has a '_': VOC readers take such list files for label lists and skip them`,
      );
  }
  return l;
}

export function dropReason(
  a: Annotation,
  task: VocTask,
  labelNames: string[],
  mapIndex: Map<string, number>,
  partOwner: Map<string, string>,
): string {
  const name = a.label === undefined ? undefined : labelNames[a.label];
  if (name === undefined) return `${a.type} annotations without a label are not written`;
  if (!mapIndex.has(name) && !partOwner.has(name))
    return `label '${name}' is not in the label map: its annotations are dropped`;
  if (partOwner.has(name))
    return `part boxes ('${name}') are written only inside their object's box (same group) in ${task === 'voc' || task === 'voc_layout' ? task : 'voc and voc_layout'}`;
  if (PERSON_TASKS.includes(task)) return `${task} keeps only person and background objects`;
  if (task === 'voc_segmentation' && a.type === 'bbox')
    return "voc_segmentation draws an object's shape, not the box of its group: such boxes are dropped";
  return `${a.type} annotations are not written by ${task}`;
}

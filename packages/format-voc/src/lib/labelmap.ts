/**
 * VOC's label map (`labelmap.txt`, `label:r,g,b:parts:actions` per line) and the categories built
 * from it, as Datumaro builds them: labels in file order (their actions become label attributes),
 * then, for the tasks that hold parts (`voc`, `voc_layout`), every part name as a label of its own
 * (with the owning label as its parent);
 * colours for the tasks that hold masks, generated from the VOC colour map when the file gives none.
 */
import {
  type Categories,
  DatasetError,
  type FileEntry,
  type FileTree,
  readJson,
  readText,
} from '@labelport/core';
import { splitLines } from '@labelport/core/files';
import { vocColormap } from '@labelport/core/geometry';
import { VOC_PATHS } from './voc-layout.js';

export type VocTask =
  | 'voc'
  | 'voc_classification'
  | 'voc_detection'
  | 'voc_segmentation'
  | 'voc_instance_segmentation'
  | 'voc_layout'
  | 'voc_action';
export type Rgb = [number, number, number];

export interface LabelMapEntry {
  name: string;
  color?: Rgb;
  parts: string[];
  actions: string[];
}

/** The 20 VOC classes with background (0) and the void/`ignored` class (255), by their mask index. */
export const VOC_LABELS: [string, number][] = [
  ['background', 0],
  ['aeroplane', 1],
  ['bicycle', 2],
  ['bird', 3],
  ['boat', 4],
  ['bottle', 5],
  ['bus', 6],
  ['car', 7],
  ['cat', 8],
  ['chair', 9],
  ['cow', 10],
  ['diningtable', 11],
  ['dog', 12],
  ['horse', 13],
  ['motorbike', 14],
  ['person', 15],
  ['pottedplant', 16],
  ['sheep', 17],
  ['sofa', 18],
  ['train', 19],
  ['tvmonitor', 20],
  ['ignored', 255],
];
export const VOC_BODY_PARTS = ['head', 'hand', 'foot'];
export const VOC_ACTIONS = [
  'other',
  'jumping',
  'phoning',
  'playinginstrument',
  'reading',
  'ridingbike',
  'ridinghorse',
  'running',
  'takingphoto',
  'usingcomputer',
  'walking',
];
export const VOC_POSES = ['Unspecified', 'Left', 'Right', 'Frontal', 'Rear'];
/** Attribute names every VOC object has (Datumaro puts them on the label categories). */
export const VOC_COMMON_ATTRIBUTES = ['difficult', 'truncated', 'occluded'];

/** The standard VOC label map: the 22 labels in their colours, with the person's parts and actions. */
export function defaultVocLabelMap(): LabelMapEntry[] {
  const cmap = vocColormap(256);
  return VOC_LABELS.map(([name, index]) => ({
    name,
    color: cmap[index],
    parts: name === 'person' ? [...VOC_BODY_PARTS] : [],
    actions: name === 'person' ? [...VOC_ACTIONS] : [],
  }));
}

/** Parses `labelmap.txt`; every bad line is an error naming its line. */
export function parseLabelMap(text: string, file: string): LabelMapEntry[] {
  const out: LabelMapEntry[] = [];
  const seen = new Set<string>();
  splitLines(text).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const place = `line ${i + 1}`;
    const fields = line.split(':');
    if (fields.length !== 4) {
      throw new DatasetError(
        'bad-line',
        `expected 4 ':'-separated fields (label:color:parts:actions), got ${fields.length}`,
        { file, place },
      );
    }
    const [name, colorText, partsText, actionsText] = fields;
    if (seen.has(name))
      throw new DatasetError('bad-line', `label '${name}' is defined twice`, { file, place });
    seen.add(name);
    let color: Rgb | undefined;
    if (colorText.trim()) {
      const c = colorText.split(',').map((s) => s.trim());
      const nums = c.map(Number);
      if (c.length !== 3 || nums.some((v, k) => c[k] === '' || !Number.isInteger(v) || v < 0 || v > 255)) {
        throw new DatasetError(
          'bad-line',
          `label '${name}' has the color '${colorText}'; expected 'r,g,b' (0..255)`,
          { file, place },
        );
      }
      color = nums as Rgb;
    }
    const list = (s: string) =>
      s
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== '');
    out.push({ name, color, parts: list(partsText), actions: list(actionsText) });
  });
  return out;
}

export function formatLabelMap(map: LabelMapEntry[]): string {
  const lines = ['# label:color_rgb:parts:actions'];
  for (const e of map)
    lines.push([e.name, e.color ? e.color.join(',') : '', e.parts.join(','), e.actions.join(',')].join(':'));
  return `${lines.join('\n')}\n`;
}

export const taskHasParts = (task: VocTask) => task === 'voc' || task === 'voc_layout';
export const taskHasMasks = (task: VocTask) =>
  task === 'voc' || task === 'voc_segmentation' || task === 'voc_instance_segmentation';

/** The colour of each label-map entry: its own, or (when the map gives none at all) the VOC colour map's. */
export function labelMapColors(map: LabelMapEntry[]): (Rgb | undefined)[] {
  if (map.some((e) => e.color)) return map.map((e) => e.color);
  const cmap = vocColormap(Math.max(map.length, 1));
  return map.map((_, i) => cmap[i]);
}

/** Categories as Datumaro's `make_voc_categories` builds them for a task. */
export function categoriesFromLabelMap(map: LabelMapEntry[], task: VocTask): Categories {
  const labels: Categories['labels'] = map.map((e) =>
    e.actions.length ? { name: e.name, attributes: [...e.actions] } : { name: e.name },
  );
  if (taskHasParts(task)) {
    const names = new Set(labels.map((l) => l.name));
    for (const e of map) {
      for (const p of e.parts) {
        if (!names.has(p)) {
          names.add(p);
          // Datumaro adds parts as plain labels; the parent keeps which label owns them (for writing back).
          labels.push({ name: p, parent: e.name });
        }
      }
    }
  }
  const categories: Categories = { labels, attributes: [...VOC_COMMON_ATTRIBUTES] };
  if (taskHasMasks(task)) {
    const colors = new Map<number, Rgb>();
    labelMapColors(map).forEach((c, i) => {
      if (c) colors.set(i, c);
    });
    categories.colors = colors;
  }
  return categories;
}

/**
 * Whether a label is a VOC part (a body part of `person`, read from a label map's parts) of its parent:
 * the parent is another label, itself at the top (no parent, or itself as COCO's person/person has).
 * Labels under a parent that has a parent of its own are categories under a supercategory, as COCO
 * exporters write them (Roboflow: every class under the dataset's name, which is under 'none').
 */
function isPartLabel(l: { name: string; parent?: string }, categories: Categories): boolean {
  if (l.parent === undefined || l.parent === '' || l.parent === l.name) return false;
  const owner = categories.labels.find((p) => p.name === l.parent);
  if (!owner) return false;
  return owner.parent === undefined || owner.parent === '' || owner.parent === owner.name;
}

/**
 * The label map a writer uses. `voc`: the standard map. `source` (default): the dataset's own labels
 * (with their colours when the dataset has them), part labels (grouped under a main label's box)
 * kept as parts, and label attributes as actions. For the tasks with masks, a background label
 * (black, mask value 0) is put first when the map has none, as Datumaro does (it does so for every
 * task; for boxes and labels alone we leave the labels as they are, so that round trips keep them).
 */
export function labelMapForWriting(
  option: 'voc' | 'source' | LabelMapEntry[] | undefined,
  categories: Categories,
  withBackground = true,
): LabelMapEntry[] {
  let map: LabelMapEntry[];
  if (option === 'voc') map = defaultVocLabelMap();
  else if (Array.isArray(option))
    map = option.map((e) => ({ ...e, parts: [...e.parts], actions: [...e.actions] }));
  else {
    const partNames = new Set<string>();
    map = [];
    for (const [i, l] of categories.labels.entries()) {
      if (isPartLabel(l, categories)) partNames.add(l.name);
      map.push({
        name: l.name,
        color: categories.colors?.get(i),
        parts: [],
        actions: [...(l.attributes ?? [])].filter((a) => !VOC_COMMON_ATTRIBUTES.includes(a) && a !== 'pose'),
      });
    }
    for (const l of categories.labels) {
      if (l.parent && partNames.has(l.name)) map.find((e) => e.name === l.parent)?.parts.push(l.name);
    }
    map = map.filter((e) => !partNames.has(e.name));
    // Labels named like VOC's body parts stay parts of `person` when the dataset has a person.
    const person = map.find((e) => e.name === 'person');
    if (person && person.parts.length === 0) {
      const parts = map.filter((e) => VOC_BODY_PARTS.includes(e.name));
      if (parts.length) {
        person.parts = parts.map((e) => e.name);
        map = map.filter((e) => !VOC_BODY_PARTS.includes(e.name));
      }
    }
    if (map.some((e) => e.color) && map.some((e) => !e.color)) {
      // Some labels have colours and others not: give the others unused VOC colours.
      const used = new Set(map.filter((e) => e.color).map((e) => e.color!.join(',')));
      const free = vocColormap(256).filter((c) => !used.has(c.join(',')));
      for (const e of map) if (!e.color) e.color = free.shift();
    }
  }
  const black = map.findIndex((e) => e.color && e.color[0] === 0 && e.color[1] === 0 && e.color[2] === 0);
  if (black < 0 && withBackground) {
    const bg = map.findIndex((e) => e.name === 'background');
    const hasColors = map.some((e) => e.color);
    if (bg < 0)
      map.unshift({ name: 'background', color: hasColors ? [0, 0, 0] : undefined, parts: [], actions: [] });
    else {
      const [entry] = map.splice(bg, 1);
      if (hasColors) entry.color = [0, 0, 0];
      map.unshift(entry);
    }
  }
  return map;
}

export const META_FILE = 'dataset_meta.json';

/**
 * Datumaro's `dataset_meta.json` (written instead of labelmap.txt with `--save-dataset-meta`):
 * `labels` in order, `parts` and `actions` by label index, colours as `segmentation_colors[i]` for
 * the i-th entry of `label_map` (index -> name).
 */
export function parseVocMetaFile(doc: unknown, file: string): LabelMapEntry[] {
  const bad = (msg: string, place?: string): never => {
    throw new DatasetError('bad-json', msg, { file, place });
  };
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return bad('expected a JSON object');
  const d = doc as Record<string, unknown>;
  const obj = (v: unknown, place: string) =>
    v === undefined
      ? {}
      : v && typeof v === 'object' && !Array.isArray(v)
        ? (v as Record<string, unknown>)
        : bad('expected an object', place);
  const strings = (v: unknown, place: string) =>
    Array.isArray(v) && v.every((x) => typeof x === 'string')
      ? (v as string[])
      : bad('expected a list of names', place);
  const labels = d.labels === undefined ? [] : strings(d.labels, 'labels');
  const parts = obj(d.parts, 'parts');
  const actions = obj(d.actions, 'actions');
  const map: LabelMapEntry[] = labels.map((name, i) => ({
    name,
    parts: parts[String(i)] === undefined ? [] : strings(parts[String(i)], `parts.${i}`),
    actions: actions[String(i)] === undefined ? [] : strings(actions[String(i)], `actions.${i}`),
  }));
  const colors =
    d.segmentation_colors === undefined
      ? []
      : Array.isArray(d.segmentation_colors)
        ? d.segmentation_colors
        : bad('expected a list', 'segmentation_colors');
  Object.values(obj(d.label_map, 'label_map')).forEach((name, i) => {
    if (typeof name !== 'string') bad('expected a label name', `label_map`);
    let entry = map.find((e) => e.name === name);
    if (!entry) {
      entry = { name: name as string, parts: [], actions: [] };
      map.push(entry);
    }
    const c = colors[i];
    if (c !== undefined && c !== null) {
      if (!Array.isArray(c) || c.length !== 3 || c.some((v) => !Number.isInteger(v) || v < 0 || v > 255))
        bad('expected [r, g, b]', `segmentation_colors[${i}]`);
      entry.color = c as Rgb;
    }
  });
  return map;
}

/**
 * The label map of a tree: Datumaro's dataset_meta.json first, when there is one, else labelmap.txt,
 * else VOC's classes. A map with no labels is a dataset without labels (Datumaro reads it so; its
 * writers and ours write one for such a dataset).
 */
export async function loadLabelMap(tree: FileTree, files: FileEntry[]): Promise<LabelMapEntry[]> {
  if (files.some((f) => f.path === META_FILE))
    return parseVocMetaFile(await readJson(tree, META_FILE), META_FILE);
  if (files.some((f) => f.path === VOC_PATHS.labelMap))
    return parseLabelMap(await readText(tree, VOC_PATHS.labelMap), VOC_PATHS.labelMap);
  return defaultVocLabelMap();
}

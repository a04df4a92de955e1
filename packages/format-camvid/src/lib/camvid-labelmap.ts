import type { Categories, FileTree, ReadContext } from '@labelport/core';
import { vocColormap } from '@labelport/core/geometry';
import { type Rgb, readLabelMapFile } from '@labelport/core/meta';
import { LABEL_MAP_FILES } from './camvid-list.js';

/** The 32 classes of CamVid and their colours, used when a dataset has no label map. */
export const CAMVID_LABELS: [string, Rgb][] = [
  ['Void', [0, 0, 0]],
  ['Animal', [64, 128, 64]],
  ['Archway', [192, 0, 128]],
  ['Bicyclist', [0, 128, 192]],
  ['Bridge', [0, 128, 64]],
  ['Building', [128, 0, 0]],
  ['Car', [64, 0, 128]],
  ['CartLuggagePram', [64, 0, 192]],
  ['Child', [192, 128, 64]],
  ['Column_Pole', [192, 192, 128]],
  ['Fence', [64, 64, 128]],
  ['LaneMkgsDriv', [128, 0, 192]],
  ['LaneMkgsNonDriv', [192, 0, 64]],
  ['Misc_Text', [128, 128, 64]],
  ['MotorcycycleScooter', [192, 0, 192]],
  ['OtherMoving', [128, 64, 64]],
  ['ParkingBlock', [64, 192, 128]],
  ['Pedestrian', [64, 64, 0]],
  ['Road', [128, 64, 128]],
  ['RoadShoulder', [128, 128, 192]],
  ['Sidewalk', [0, 0, 192]],
  ['SignSymbol', [192, 128, 128]],
  ['Sky', [128, 128, 128]],
  ['SUVPickupTruck', [64, 128, 192]],
  ['TrafficCone', [0, 0, 64]],
  ['TrafficLight', [0, 64, 64]],
  ['Train', [192, 64, 128]],
  ['Tree', [128, 128, 0]],
  ['Truck_Bus', [192, 128, 192]],
  ['Tunnel', [64, 0, 64]],
  ['VegetationMisc', [192, 192, 0]],
  ['Wall', [64, 192, 0]],
];

export const BACKGROUND = 'background';

export interface CamvidCategories {
  categories: Categories;
  /** Labels whose masks are read: those of the label map (not a `background` added for colour 0). */
  fromMap: Set<number>;
}

/**
 * Categories from a label map, as Datumaro makes them: the label of colour (0, 0, 0) first (a
 * `background` label is added when none has it); colours generated from the VOC colour map when
 * the map gives none.
 */
export function camvidCategories(map: Map<string, Rgb | undefined>): CamvidCategories {
  const entries = [...map];
  const hasColors = entries.some(([, c]) => c !== undefined);
  let bgIndex = entries.findIndex(([, c]) => c !== undefined && c[0] === 0 && c[1] === 0 && c[2] === 0);
  const fromMap = new Set<string>(map.keys());
  if (bgIndex < 0) {
    bgIndex = entries.findIndex(([n]) => n === BACKGROUND);
    if (bgIndex < 0) {
      entries.push([BACKGROUND, hasColors ? [0, 0, 0] : undefined]);
      bgIndex = entries.length - 1;
    }
  }
  const [bg] = entries.splice(bgIndex, 1);
  entries.unshift(bg!);
  const generated = hasColors ? undefined : vocColormap(entries.length);
  const colors = new Map<number, Rgb>();
  entries.forEach(([, c], i) => {
    const color = generated ? generated[i] : c;
    if (color) colors.set(i, color);
  });
  return {
    categories: { labels: entries.map(([name]) => ({ name })), colors },
    fromMap: new Set(entries.map(([n], i) => (fromMap.has(n) ? i : -1)).filter((i) => i >= 0)),
  };
}

/** The label map: `dataset_meta.json`, else `label_colors.txt` (or `labelmap.txt`), else CamVid's 32 classes. */
export async function readLabelMap(tree: FileTree, paths: Set<string>, ctx: ReadContext) {
  const { map } = await readLabelMapFile(tree, paths, '', undefined, LABEL_MAP_FILES);
  if (map) return new Map(map);
  ctx.warn('no label map: the CamVid classes and colours are used');
  return new Map<string, Rgb | undefined>(CAMVID_LABELS);
}

export interface OutputEntry {
  name: string;
  color: Rgb;
  /** The source label it is, or undefined for an added background. */
  source?: number;
}

const isBlack = (c?: Rgb) => c !== undefined && c[0] === 0 && c[1] === 0 && c[2] === 0;
const rgbKey = (c: Rgb) => (c[0] << 16) | (c[1] << 8) | c[2];

/** The label map to write: the source's colours, generated ones where missing, and a (0, 0, 0) label first. */
export function outputLabelMap(categories: Categories) {
  const labels = categories.labels.map((l, i) => ({ name: l.name, color: categories.colors?.get(i) }));
  let bg = labels.findIndex((l) => isBlack(l.color));
  if (bg < 0) bg = labels.findIndex((l) => l.name === BACKGROUND && l.color === undefined);
  const added = bg < 0;
  const order = labels.map((_, i) => i);
  if (!added) {
    order.splice(bg, 1);
    order.unshift(bg);
  }
  const entries: OutputEntry[] = [];
  if (added) entries.push({ name: BACKGROUND, color: [0, 0, 0] });
  const used = new Set<number>([0]);
  for (const i of order) {
    const c = labels[i]!.color;
    if (c && !(isBlack(c) && i !== bg)) used.add(rgbKey(c));
  }
  const palette = vocColormap(256);
  let next = 1;
  for (const i of order) {
    let color = labels[i]!.color;
    if (i === bg) color = [0, 0, 0];
    else if (!color || isBlack(color)) {
      while (next < 256 && used.has(rgbKey(palette[next]!))) next++;
      color = palette[Math.min(next, 255)]!;
      used.add(rgbKey(color));
    }
    entries.push({ name: labels[i]!.name, color, source: i });
  }
  const indexOf = new Map<number, number>();
  entries.forEach((e, i) => {
    if (e.source !== undefined) indexOf.set(e.source, i);
  });
  return { entries, indexOf, added };
}

import type { Categories, FormatCapabilities, LabelCategory } from '@labelport/core';
import {
  DRIVABLE_CLASSES,
  DRIVABLE_COLORS,
  LANE_CLASSES,
  leafLabels,
  PAN_SEG_CLASSES,
  SEM_SEG_CLASSES,
  SEM_SEG_COLORS,
  TRACK_TREE,
} from './bdd-categories.js';

export type MaskTaskId = 'sem_seg' | 'drivable' | 'lane' | 'ins_seg' | 'pan_seg' | 'seg_track';

type Rgb = [number, number, number];

/**
 * One BDD100K mask task: where it keeps its PNGs (`labels/<dir>/<kind>/<subset>/[<video>/]<name>.png`),
 * what their values mean and what its format object keeps. The six tasks differ only in these.
 */
export interface MaskTask {
  id: MaskTaskId;
  title: string;
  dir: string;
  /** 'masks': one channel of class ids; 'bitmasks': RGBA, category in R, attribute bits in G, instance in B, A. */
  kind: 'masks' | 'bitmasks';
  video: boolean;
  /** Where the task's images are in a BDD100K download. */
  imagesDir: string;
  /** What the format keeps beyond masks of still images. */
  capabilities: Partial<FormatCapabilities>;
  /** The labels the PNG values index (bitmask categories count from 1). */
  labels: readonly LabelCategory[];
  colors?: readonly Rgb[];
  /** 'masks': the value of pixels no class covers (255 is always one). */
  background: number;
  /** The annotation attributes the PNGs hold; any other is reported as dropped. */
  kept: readonly string[];
}

const names = (list: readonly string[]): LabelCategory[] => list.map((name) => ({ name }));
const BITMASK_ATTRIBUTES = ['truncated', 'occluded', 'crowd', 'is_crowd', 'ignored'];

const TASKS: MaskTask[] = [
  // one channel of train ids 0..18, 255 ignore
  {
    id: 'sem_seg',
    title: 'BDD100K semantic segmentation',
    dir: 'sem_seg',
    kind: 'masks',
    video: false,
    imagesDir: 'images/10k',
    capabilities: {},
    labels: names(SEM_SEG_CLASSES),
    colors: SEM_SEG_COLORS,
    background: 255,
    kept: [],
  },
  // 0 direct, 1 alternative, 2 background
  {
    id: 'drivable',
    title: 'BDD100K drivable area',
    dir: 'drivable',
    kind: 'masks',
    video: false,
    imagesDir: 'images/100k',
    capabilities: {},
    labels: names(DRIVABLE_CLASSES),
    colors: DRIVABLE_COLORS,
    background: 2,
    kept: [],
  },
  // bit fields (0-2 category, 3 background, 4 style, 5 direction); each category/style/direction
  // present is one mask with laneStyle and laneDirection
  {
    id: 'lane',
    title: 'BDD100K lane marking',
    dir: 'lane',
    kind: 'masks',
    video: false,
    imagesDir: 'images/100k',
    capabilities: { attributes: true },
    labels: names(LANE_CLASSES),
    background: 255,
    kept: ['laneStyle', 'laneDirection'],
  },
  // RGBA: the category (1..8) in R, truncated/occluded/crowd/ignored bits in G, the instance id in B
  // (high) and A (low)
  {
    id: 'ins_seg',
    title: 'BDD100K instance segmentation',
    dir: 'ins_seg',
    kind: 'bitmasks',
    video: false,
    imagesDir: 'images/10k',
    capabilities: { attributes: true },
    labels: leafLabels(TRACK_TREE),
    background: 0,
    kept: BITMASK_ATTRIBUTES,
  },
  // categories 1..40 (31..40 things)
  {
    id: 'pan_seg',
    title: 'BDD100K panoptic segmentation',
    dir: 'pan_seg',
    kind: 'bitmasks',
    video: false,
    imagesDir: 'images/10k',
    capabilities: { attributes: true },
    labels: PAN_SEG_CLASSES.map((name, i) => ({ name, id: i + 1 })),
    background: 0,
    kept: BITMASK_ATTRIBUTES,
  },
  // MOTS bitmasks, one folder per video; instance ids are track ids (objectId)
  {
    id: 'seg_track',
    title: 'BDD100K segmentation tracking',
    dir: 'seg_track_20',
    kind: 'bitmasks',
    video: true,
    imagesDir: 'images/seg_track_20',
    capabilities: { attributes: true, tracks: true },
    labels: leafLabels(TRACK_TREE),
    background: 0,
    kept: BITMASK_ATTRIBUTES,
  },
];

export const MASK_TASKS = Object.fromEntries(TASKS.map((t) => [t.id, t])) as Record<MaskTaskId, MaskTask>;

/** The label list of a mask task (the ids in its PNGs index it), a fresh copy. */
export function maskTaskCategories(task: MaskTask): Categories {
  const categories: Categories = { labels: task.labels.map((l) => ({ ...l })) };
  if (task.colors) categories.colors = new Map(task.colors.map((c, i) => [i, c]));
  return categories;
}

/** The value written for each of the task's label names (bitmask categories count from 1). */
export function classIds(task: MaskTask): Map<string, number> {
  const offset = task.kind === 'bitmasks' ? 1 : 0;
  return new Map(task.labels.map((l, i) => [l.name, i + offset]));
}

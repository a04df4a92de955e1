import type { LabelCategory } from '@labelport/core';

/** A category tree as Scalabel configs give it: `{name, subcategories?}`. */
export interface CategoryNode {
  name: string;
  subcategories?: CategoryNode[];
}

/** BDD100K's detection config (det_20): 10 leaf classes under human, vehicle and bike. */
export const DET_TREE: CategoryNode[] = [
  { name: 'human', subcategories: [{ name: 'pedestrian' }, { name: 'rider' }] },
  {
    name: 'vehicle',
    subcategories: [{ name: 'car' }, { name: 'truck' }, { name: 'bus' }, { name: 'train' }],
  },
  { name: 'bike', subcategories: [{ name: 'motorcycle' }, { name: 'bicycle' }] },
  { name: 'traffic light' },
  { name: 'traffic sign' },
];

/** box_track_20, ins_seg and seg_track: the first 8 detection classes. */
export const TRACK_TREE: CategoryNode[] = DET_TREE.slice(0, 3);

export const POSE_TREE: CategoryNode[] = [{ name: 'pedestrian' }];

/**
 * Leaf categories in config order (depth first), with the parent each hangs under; their 1-based
 * position is the category id of masks and of COCO conversion (Scalabel's get_leaf_categories).
 */
export function leafLabels(tree: CategoryNode[]): LabelCategory[] {
  const out: LabelCategory[] = [];
  const walk = (nodes: CategoryNode[], parent: string | undefined) => {
    for (const n of nodes) {
      if (n.subcategories && n.subcategories.length > 0) walk(n.subcategories, n.name);
      else
        out.push(
          parent === undefined
            ? { name: n.name, id: out.length + 1 }
            : { name: n.name, parent, id: out.length + 1 },
        );
    }
  };
  walk(tree, undefined);
  return out;
}

/** A category tree from leaf labels with parents (the inverse of leafLabels, for a config). */
export function categoryTree(labels: LabelCategory[]): CategoryNode[] {
  const roots: CategoryNode[] = [];
  const parents = new Map<string, CategoryNode>();
  for (const l of labels) {
    if (!l.parent) {
      roots.push({ name: l.name });
      continue;
    }
    let p = parents.get(l.parent);
    if (!p) {
      p = { name: l.parent, subcategories: [] };
      parents.set(l.parent, p);
      roots.push(p);
    }
    p.subcategories!.push({ name: l.name });
  }
  return roots;
}

/** The 18 pose joints, in the order of BDD100K's pose files (the docs' hand/foot are fingertip/toe there). */
export const POSE_JOINTS = [
  'head',
  'neck',
  'right_shoulder',
  'right_elbow',
  'right_wrist',
  'left_shoulder',
  'left_elbow',
  'left_wrist',
  'right_hip',
  'right_knee',
  'right_ankle',
  'left_hip',
  'left_knee',
  'left_ankle',
  'right_fingertip',
  'left_fingertip',
  'right_toe',
  'left_toe',
];

/** The docs' names for the last four joints, read as the files' names. */
export const POSE_JOINT_ALIASES: Record<string, string> = {
  right_hand: 'right_fingertip',
  left_hand: 'left_fingertip',
  right_foot: 'right_toe',
  left_foot: 'left_toe',
};

/** sem_seg train ids 0..18 (255 = ignore). */
export const SEM_SEG_CLASSES = [
  'road',
  'sidewalk',
  'building',
  'wall',
  'fence',
  'pole',
  'traffic light',
  'traffic sign',
  'vegetation',
  'terrain',
  'sky',
  'person',
  'rider',
  'car',
  'truck',
  'bus',
  'train',
  'motorcycle',
  'bicycle',
];

/** Cityscapes colours of the sem_seg train ids. */
export const SEM_SEG_COLORS: [number, number, number][] = [
  [128, 64, 128],
  [244, 35, 232],
  [70, 70, 70],
  [102, 102, 156],
  [190, 153, 153],
  [153, 153, 153],
  [250, 170, 30],
  [220, 220, 0],
  [107, 142, 35],
  [152, 251, 152],
  [70, 130, 180],
  [220, 20, 60],
  [255, 0, 0],
  [0, 0, 142],
  [0, 0, 70],
  [0, 60, 100],
  [0, 80, 100],
  [0, 0, 230],
  [119, 11, 32],
];

/** Drivable area ids: 0 direct, 1 alternative; 2 is background. */
export const DRIVABLE_CLASSES = ['direct', 'alternative'];
export const DRIVABLE_COLORS: [number, number, number][] = [
  [219, 94, 86],
  [86, 211, 219],
];

/** Lane marking categories 0..7 (bits 0-2 of a lane mask pixel). */
export const LANE_CLASSES = [
  'crosswalk',
  'double other',
  'double white',
  'double yellow',
  'road curb',
  'single other',
  'single white',
  'single yellow',
];

/** pan_seg ids 1..40 (0 = unlabeled): 1-30 stuff, 31-40 things. */
export const PAN_SEG_CLASSES = [
  'dynamic',
  'ego vehicle',
  'ground',
  'static',
  'parking',
  'rail track',
  'road',
  'sidewalk',
  'bridge',
  'building',
  'fence',
  'garage',
  'guard rail',
  'tunnel',
  'wall',
  'banner',
  'billboard',
  'lane divider',
  'parking sign',
  'pole',
  'polegroup',
  'street light',
  'traffic cone',
  'traffic device',
  'traffic light',
  'traffic sign',
  'traffic sign frame',
  'terrain',
  'vegetation',
  'sky',
  'person',
  'rider',
  'bicycle',
  'bus',
  'car',
  'caravan',
  'motorcycle',
  'trailer',
  'train',
  'truck',
];

/** The first pan_seg id that is a thing (instances), not stuff. */
export const PAN_SEG_FIRST_THING = 31;

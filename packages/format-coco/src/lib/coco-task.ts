import type { AnnotationType } from '@labelport/core';

/** The COCO tasks, as Datumaro names them; each task file is `<task>_<subset>.json`. */
export type CocoTask =
  | 'instances'
  | 'person_keypoints'
  | 'captions'
  | 'labels'
  | 'image_info'
  | 'panoptic'
  | 'stuff';

/** What one COCO task is: the format made of it, and what its files hold. */
export interface CocoTaskSpec {
  task: CocoTask;
  /** The format's id (`coco_<task>`). */
  id: `coco_${CocoTask}`;
  title: string;
  /** Other ids the format answers to (Datumaro's ids for layouts of this task). */
  aliases?: readonly string[];
  /** The annotation types the task's files hold (what its writer keeps). */
  annotations: readonly AnnotationType[];
  /** Shapes (COCO objects): ellipses are written as polygons. */
  objects: boolean;
}

/**
 * The tasks, in the order their files are read into one item (the images first, then the objects, so
 * that the instances' outline comes before person_keypoints' repeat of it).
 */
export const COCO_TASK_TABLE: readonly CocoTaskSpec[] = [
  // the images, no annotations (test sets)
  {
    task: 'image_info',
    id: 'coco_image_info',
    title: 'COCO image info',
    annotations: [],
    objects: false,
  },
  // boxes, polygons and RLE masks (`iscrowd`), one object = its shapes sharing a group; also
  // Roboflow's `<subset>/_annotations.coco.json` and mmdetection's `<subset>/` image folders
  {
    task: 'instances',
    id: 'coco_instances',
    title: 'COCO instances',
    aliases: ['roboflow_coco', 'mmdet_coco'],
    annotations: ['bbox', 'polygon', 'mask'],
    objects: true,
  },
  // points with visibility, skeletons in categories, the box and outline of each person
  {
    task: 'person_keypoints',
    id: 'coco_person_keypoints',
    title: 'COCO person keypoints',
    // shapes without keypoints are reported in the task
    annotations: ['points', 'bbox', 'polygon', 'mask'],
    objects: true,
  },
  // RLE masks of stuff classes, read and written as instances
  {
    task: 'stuff',
    id: 'coco_stuff',
    title: 'COCO stuff',
    annotations: ['bbox', 'polygon', 'mask'],
    objects: true,
  },
  // segments_info with PNG masks (id = R + 256 G + 65536 B), one mask per segment
  {
    task: 'panoptic',
    id: 'coco_panoptic',
    title: 'COCO panoptic',
    annotations: ['mask'],
    objects: false,
  },
  // image-level labels with optional score (Datumaro's extension)
  {
    task: 'labels',
    id: 'coco_labels',
    title: 'COCO labels',
    annotations: ['label'],
    objects: false,
  },
  // several captions per image
  {
    task: 'captions',
    id: 'coco_captions',
    title: 'COCO captions',
    annotations: ['caption'],
    objects: false,
  },
];

/** The table by task. */
export const COCO_TASK_SPECS = Object.fromEntries(COCO_TASK_TABLE.map((s) => [s.task, s])) as Record<
  CocoTask,
  CocoTaskSpec
>;

/** The rank of a task in the table: the order its file is read into an item. */
export const taskRank = (task: CocoTask): number => COCO_TASK_TABLE.indexOf(COCO_TASK_SPECS[task]);

/** Longest names first, so that `person_keypoints_x` is not taken for a task `person` (there is none, but be safe). */
export const COCO_TASKS: readonly CocoTask[] = COCO_TASK_TABLE.map((s) => s.task).sort(
  (a, b) => b.length - a.length || (a < b ? -1 : 1),
);

/** The task and subset a file name `<task>_<subset>.json` names, or undefined. */
export function taskOfFileName(fileName: string): { task: CocoTask; subset: string } | undefined {
  if (!fileName.toLowerCase().endsWith('.json')) return undefined;
  const stem = fileName.slice(0, -5);
  for (const task of COCO_TASKS) {
    if (stem === task) return { task, subset: 'default' };
    if (stem.startsWith(`${task}_`) && stem.length > task.length + 1)
      return { task, subset: stem.slice(task.length + 1) };
  }
  return undefined;
}

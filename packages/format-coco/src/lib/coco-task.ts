/** The COCO tasks, as Datumaro names them; each task file is `<task>_<subset>.json`. */
export type CocoTask =
  | 'instances'
  | 'person_keypoints'
  | 'captions'
  | 'labels'
  | 'image_info'
  | 'panoptic'
  | 'stuff';

/** Longest names first, so that `person_keypoints_x` is not taken for a task `person` (there is none, but be safe). */
export const COCO_TASKS: readonly CocoTask[] = [
  'person_keypoints',
  'image_info',
  'instances',
  'captions',
  'panoptic',
  'labels',
  'stuff',
];

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

import type { Annotation, DatasetSource } from '@labelport/core';
import { COCO_ALSO, COCO_TASK } from './coco-symbols.js';
import type { CocoTask } from './coco-task.js';

/**
 * How the `coco` format shares annotations out: an annotation read from a task file (COCO_TASK)
 * goes back to that task (and to the tasks of COCO_ALSO, for an object read once from several
 * files); the others go to the `untagged` tasks.
 */
export interface TaskRouting {
  untagged: readonly CocoTask[];
}

/** The annotations of an item, by the task file they go to. */
export function routeAnnotations(
  annotations: Annotation[],
  tasks: readonly CocoTask[],
  routing: TaskRouting,
): Map<CocoTask, Annotation[]> {
  const buckets = new Map<CocoTask, Annotation[]>(tasks.map((t) => [t, []]));
  const untagged = routing.untagged.filter((t) => buckets.has(t));
  const keypoints = buckets.get('person_keypoints');
  // an untagged object with keypoints goes to person_keypoints only (else it would be read back twice)
  let withPoints: Set<number> | undefined;
  if (keypoints && untagged.includes('person_keypoints')) {
    for (const a of annotations)
      if (
        a.type === 'points' &&
        a.group !== undefined &&
        (a as { [COCO_TASK]?: CocoTask })[COCO_TASK] === undefined
      )
        withPoints = (withPoints ?? new Set<number>()).add(a.group);
  }
  for (const a of annotations) {
    const tag = (a as { [COCO_TASK]?: CocoTask })[COCO_TASK];
    const bucket = tag === undefined ? undefined : buckets.get(tag);
    if (bucket) {
      bucket.push(a);
      const also = (a as { [COCO_ALSO]?: CocoTask[] })[COCO_ALSO];
      if (also) for (const t of also) buckets.get(t)?.push(a);
    } else if (
      keypoints &&
      a.group !== undefined &&
      withPoints?.has(a.group) &&
      a.type !== 'caption' &&
      a.type !== 'label'
    )
      keypoints.push(a);
    else for (const t of untagged) buckets.get(t)!.push(a);
  }
  return buckets;
}

/**
 * Category ids: the source's (COCO's; a 0-based list stays 0-based), when every label has one and
 * they are distinct; else index + 1.
 */
export function categoryIds(source: DatasetSource, reindex: boolean): number[] {
  const labels = source.categories.labels;
  const ids = labels.map((l) => l.id);
  const keep =
    !reindex &&
    ids.every((id) => typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) &&
    new Set(ids).size === ids.length;
  return keep ? (ids as number[]) : labels.map((_, i) => i + 1);
}

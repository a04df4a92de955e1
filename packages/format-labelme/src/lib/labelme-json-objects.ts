/** labelme JSON's objects and image paths as labelme and its converters (labelme2coco, labelme2voc) use them. */
import type { Annotation, DatasetItem } from '@labelport/core';
import { basename, dirname, extname } from '@labelport/core/files';

/**
 * labelme2coco and labelme2voc make one object of the shapes that share a label and a group_id: a
 * group_id that several labels use is one group per label (the first label keeps the number, the
 * others take numbers past the file's largest).
 */
export function objectGroups(annotations: Annotation[]): void {
  let free = 1 + Math.max(-1, ...annotations.map((a) => a.group ?? -1));
  const firstLabel = new Map<number, number | undefined>();
  const byObject = new Map<string, number>();
  for (const a of annotations) {
    if (a.group === undefined) continue;
    const key = `${a.label}\u0000${a.group}`;
    let g = byObject.get(key);
    if (g === undefined) {
      g = firstLabel.has(a.group) ? free++ : a.group;
      if (!firstLabel.has(a.group)) firstLabel.set(a.group, a.label);
      byObject.set(key, g);
    }
    a.group = g;
  }
}

/**
 * The `imagePath` of an item's JSON, relative to the JSON as labelme and labelme2coco resolve it: the
 * saved image beside the JSON, or else the media's own path in the dataset (never the JSON itself).
 */
export function labelmeImagePath(item: DatasetItem, saved: boolean): string {
  const path = item.media?.path;
  const ext = extname(path ?? '').toLowerCase();
  const usable = path !== undefined && ext !== '' && ext !== '.json';
  if (saved) return `${basename(item.id)}${usable ? extname(path) : '.jpg'}`;
  if (!usable) return `${basename(item.id)}.jpg`;
  const from = dirname(item.id) === '' ? [] : dirname(item.id).split('/');
  const to = path.split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  return [...from.slice(common).map(() => '..'), ...to.slice(common)].join('/');
}

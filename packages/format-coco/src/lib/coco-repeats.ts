import type { Annotation, Attributes } from '@labelport/core';
import { rleArea, rleToBbox } from '@labelport/core/geometry';
import { COCO_ALSO, COCO_SEGMENT, COCO_TASK, type SegmentExtent } from './coco-symbols.js';
import type { CocoTask } from './coco-task.js';

/**
 * One object written into several task files of a subset, read once (the `coco` format).
 *
 * Datumaro's `coco` exporter writes every object into `instances_<subset>.json` and
 * `stuff_<subset>.json` (the same annotation, id included) and every mask a third time into
 * `panoptic_<subset>.json` and its PNGs (segments numbered apart from the instances, which
 * `datum convert` renumbers; `area` and `bbox` of the whole mask); COCO's person_keypoints repeats
 * the box and outline of each person of instances. A real COCO release's instances and stuff hold
 * different objects (stuff classes are not in instances), which all stay.
 */

type Mask = Extract<Annotation, { type: 'mask' }>;
type Tagged = { [COCO_TASK]?: CocoTask; [COCO_ALSO]?: CocoTask[] };

/**
 * Drops from `out[start..]` (the annotations just read from a file of `task`) each one that repeats
 * an annotation of an earlier file of the item (`out[..start]`); the one kept remembers `task` too.
 * An earlier annotation stands for one repeat per file (two equal objects of one file are two).
 */
export function dropRepeats(out: Annotation[], start: number, task: CocoTask): void {
  if (start === 0 || out.length === start) return;
  const panoptic = task === 'panoptic';
  const earlier = new Map<string, Annotation[]>();
  for (let i = 0; i < start; i++) {
    const a = out[i];
    if (a.type === 'caption' || a.type === 'label' || (panoptic && a.type !== 'mask')) continue;
    const key = panoptic ? `${a.label}` : keyOf(a);
    const list = earlier.get(key);
    if (list) list.push(a);
    else earlier.set(key, [a]);
  }
  if (earlier.size === 0) return;
  let w = start;
  for (let r = start; r < out.length; r++) {
    const a = out[r];
    const list = earlier.get(panoptic ? `${a.label}` : keyOf(a));
    const at = list ? list.findIndex((b) => (panoptic ? segmentRepeats(a, b) : sameAnnotation(a, b))) : -1;
    if (at < 0) {
      out[w++] = a;
      continue;
    }
    alsoIn(list![at], task);
    list!.splice(at, 1);
  }
  out.length = w;
}

const keyOf = (a: Annotation) => `${a.type}|${a.id}|${a.label}`;

/** `task` onto the tasks of an annotation read once for several files (tagged ones only). */
function alsoIn(kept: Annotation, task: CocoTask): void {
  const t = kept as Tagged;
  if (t[COCO_TASK] === undefined || t[COCO_TASK] === task) return;
  const also = t[COCO_ALSO];
  if (!also) t[COCO_ALSO] = [task];
  else if (!also.includes(task)) also.push(task);
}

/** The same object's shape: type, id and label (the key), group, attributes and geometry alike. */
function sameAnnotation(a: Annotation, b: Annotation): boolean {
  if (a.group !== b.group || !sameAttributes(a.attributes, b.attributes)) return false;
  switch (a.type) {
    case 'bbox':
      return b.type === 'bbox' && a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
    case 'polygon':
      return b.type === 'polygon' && sameNumbers(a.points, b.points);
    case 'points':
      return (
        b.type === 'points' && sameNumbers(a.points, b.points) && sameNumbers(a.visibility, b.visibility)
      );
    case 'mask': {
      if (b.type !== 'mask' || a.mask.kind !== 'rle' || b.mask.kind !== 'rle') return false;
      const [p, q] = [a.mask.rle, b.mask.rle];
      return p.size[0] === q.size[0] && p.size[1] === q.size[1] && sameNumbers(p.counts, q.counts);
    }
    default:
      return false;
  }
}

/**
 * A panoptic segment repeats an earlier RLE mask of its label when its segments_info `area` and
 * `bbox` are the mask's (Datumaro writes those of the whole mask, under a segment id of its own), or
 * when it has the mask's id and lies within it (a segment as far as later masks leave it, as
 * labelport and COCO's panopticapi write `area` and `bbox`). `is_crowd` is not compared: Datumaro
 * writes the segment's from the attribute (0 when none), the instance's from how it is stored.
 */
function segmentRepeats(seg: Annotation, earlier: Annotation): boolean {
  const extent = (seg as { [COCO_SEGMENT]?: SegmentExtent })[COCO_SEGMENT];
  const mask = (earlier as Mask).mask;
  if (!extent || mask.kind !== 'rle') return false;
  const area = rleArea(mask.rle);
  const box = rleToBbox(mask.rle);
  if (extent.area === area && sameNumbers(extent.bbox, box)) return true;
  if (seg.id === undefined || seg.id !== earlier.id || extent.area > area) return false;
  const [x, y, w, h] = extent.bbox;
  return (
    extent.area === 0 || (x >= box[0] && y >= box[1] && x + w <= box[0] + box[2] && y + h <= box[1] + box[3])
  );
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameAttributes(a: Attributes, b: Attributes): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
}

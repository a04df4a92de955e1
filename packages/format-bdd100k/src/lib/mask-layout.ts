import type { DetectContext, Detection, FileEntry } from '@labelport/core';

export type MaskTaskId = 'sem_seg' | 'drivable' | 'lane' | 'ins_seg' | 'pan_seg' | 'seg_track';

/** Where a BDD100K mask task keeps its PNGs: `labels/<dir>/<kind>/<subset>/[<video>/]<name>.png`. */
export interface MaskTask {
  id: MaskTaskId;
  dir: string;
  kind: 'masks' | 'bitmasks';
  video: boolean;
  /** Where the task's images are in a BDD100K download. */
  imagesDir: string;
}

export const MASK_TASKS: Record<MaskTaskId, MaskTask> = {
  sem_seg: { id: 'sem_seg', dir: 'sem_seg', kind: 'masks', video: false, imagesDir: 'images/10k' },
  drivable: { id: 'drivable', dir: 'drivable', kind: 'masks', video: false, imagesDir: 'images/100k' },
  lane: { id: 'lane', dir: 'lane', kind: 'masks', video: false, imagesDir: 'images/100k' },
  ins_seg: { id: 'ins_seg', dir: 'ins_seg', kind: 'bitmasks', video: false, imagesDir: 'images/10k' },
  pan_seg: { id: 'pan_seg', dir: 'pan_seg', kind: 'bitmasks', video: false, imagesDir: 'images/10k' },
  seg_track: {
    id: 'seg_track',
    dir: 'seg_track_20',
    kind: 'bitmasks',
    video: true,
    imagesDir: 'images/seg_track_20',
  },
};

export interface MaskFile {
  path: string;
  subset: string;
  video?: string;
  /** The file name without .png: the image's name without .jpg. */
  name: string;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The task's folder may be the tree's root (`bitmasks/train/x.png`) or anywhere below it. */
function pattern(task: MaskTask, requireDir: boolean): RegExp {
  const dir = requireDir ? `(?:^|/)${escapeRegExp(task.dir)}/` : `(?:^|/)(?:${escapeRegExp(task.dir)}/)?`;
  const video = task.video ? '([^/]+)/' : '()';
  return new RegExp(`${dir}${task.kind}/([^/]+)/${video}([^/]+)\\.png$`, 'i');
}

export function maskFiles(files: FileEntry[], task: MaskTask): MaskFile[] {
  // With the task's folder in sight, only its PNGs (a whole download has other tasks' bitmasks too).
  const strict = pattern(task, true);
  const re = files.some((f) => strict.test(f.path)) ? strict : pattern(task, false);
  const out: MaskFile[] = [];
  for (const f of files) {
    const m = re.exec(f.path);
    if (!m) continue;
    out.push({ path: f.path, subset: m[1]!, video: task.video ? m[2] : undefined, name: m[3]! });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Detected when PNGs sit in `<task dir>/<masks|bitmasks>/<subset>/`; the root is the BDD100K folder above `labels/`. */
export function detectMaskTask(ctx: DetectContext, task: MaskTask): Detection {
  const re = pattern(task, true);
  const hit = ctx.files.find((f) => re.test(f.path));
  if (!hit) ctx.reject(`no PNG in ${task.dir}/${task.kind}/<subset>/${task.video ? '<video>/' : ''}`);
  const parts = hit.path.split('/');
  const at = parts.indexOf(task.dir);
  const labelsAt = at > 0 && parts[at - 1] === 'labels' ? at - 1 : at;
  return { confidence: 1, root: parts.slice(0, Math.max(0, labelsAt)).join('/') };
}

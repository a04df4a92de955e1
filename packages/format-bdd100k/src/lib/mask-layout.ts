import type { DetectContext, Detection, FileEntry } from '@labelport/core';
import { MASK_TASKS, type MaskTask } from './mask-tasks.js';

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

const KIND_DIRS = new Set(['labels', 'masks', 'bitmasks', ...Object.values(MASK_TASKS).map((t) => t.dir)]);
const SUBSET_NAMES = new Set([
  'train',
  'val',
  'test',
  'trainval',
  'valid',
  'validation',
  'training',
  'testing',
]);

/**
 * A plain folder of mask PNGs (read with the format named, e.g. `-i bdd100k_ins_seg`): every PNG
 * outside an `images/` folder; the subset is the nearest folder named like one (`train/`, `val/`...),
 * else 'default'; the id is the path below it (for video tasks, the PNG's folder is the video).
 */
function plainMaskFiles(files: FileEntry[], task: MaskTask): MaskFile[] {
  const out: MaskFile[] = [];
  for (const f of files) {
    if (!/\.png$/i.test(f.path)) continue;
    const parts = f.path.slice(0, -4).split('/');
    if (parts.slice(0, -1).some((d) => d.toLowerCase() === 'images')) continue;
    let at = -1;
    for (let i = parts.length - 2; i >= 0 && at < 0; i--)
      if (SUBSET_NAMES.has(parts[i]!.toLowerCase())) at = i;
    const subset = at >= 0 ? parts[at]! : 'default';
    // folders that name the kind of file, not the item (`bitmasks/x.png` is item x)
    let rest = parts.slice(at + 1);
    while (rest.length > 1 && KIND_DIRS.has(rest[0]!.toLowerCase())) rest = rest.slice(1);
    if (task.video) {
      const video = rest.length > 1 ? rest.slice(0, -1).join('/') : undefined;
      out.push({ path: f.path, subset, video, name: rest[rest.length - 1]! });
    } else out.push({ path: f.path, subset, name: rest.join('/') });
  }
  return out;
}

const byPath = (a: MaskFile, b: MaskFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

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
  return (out.length > 0 ? out : plainMaskFiles(files, task)).sort(byPath);
}

/** Detected when PNGs sit in `<task dir>/<masks|bitmasks>/<subset>/`; the root is the BDD100K folder above `labels/`. */
export function detectMaskTask(ctx: DetectContext, task: MaskTask): Detection {
  const re = pattern(task, true);
  const hit = ctx.files.find((f) => re.test(f.path));
  if (!hit)
    ctx.reject(
      `no PNG in ${task.dir}/${task.kind}/<subset>/${task.video ? '<video>/' : ''} (a plain folder of masks reads with -i bdd100k_${task.id})`,
    );
  const parts = hit.path.split('/');
  const at = parts.indexOf(task.dir);
  const labelsAt = at > 0 && parts[at - 1] === 'labels' ? at - 1 : at;
  return { confidence: 1, root: parts.slice(0, Math.max(0, labelsAt)).join('/') };
}

import type { DetectContext, Detection } from '@labelport/core';
import { unnamedJsonFiles } from './lib/coco-layout.js';
import { findCocoFilesByContent, peekFile, sniffCocoTask } from './lib/coco-sniff.js';
import type { CocoTask } from './lib/coco-task.js';

/**
 * Detection from the listing and a few heads. A task format (`task` given): 1.0 when its task is the
 * only one in the dataset, 0.8 beside others; the `coco` family (`task` undefined): 0.9 for one task,
 * 1.0 for several. A JSON file not named as COCO names them, recognised by its content: 0.6 / 0.5;
 * a `<task>_<subset>.json` deep inside folders that are not COCO's: 0.5 / 0.4.
 */
export async function detectCoco(ctx: DetectContext, task?: CocoTask): Promise<Detection> {
  const layouts = await findCocoFilesByContent(ctx.tree, ctx.files);
  for (const layout of layouts) {
    const present = new Set(layout.files.map((f) => f.task));
    if (task !== undefined && !present.has(task)) continue;
    const probe = layout.files.find((f) => task === undefined || f.task === task)!;
    const full = layout.root === '' ? probe.path : `${layout.root}/${probe.path}`;
    const head = (await ctx.readHead(full, 512)).trimStart();
    if (!head.startsWith('{')) continue;
    if (/^\{\s*"(items|image)"\s*:/.test(head)) continue;
    let confidence = task === undefined ? (present.size > 1 ? 1 : 0.9) : present.size === 1 ? 1 : 0.8;
    // `x/y/panoptic_2018.json` deep in another dataset (Mapillary keeps COCO panoptic files so) is a
    // weak guess; the same file given alone, or under annotations/, is not
    if (probe.kind === 'loose' && full.includes('/')) confidence = task === undefined ? 0.4 : 0.5;
    // Cityscapes-VPS names its panoptic files `panoptic_<split>_city_vps.json`: that format's, not ours
    if (/_city_vps\.json$/.test(probe.path)) confidence = Math.min(confidence, 0.5);
    return { confidence, root: layout.root };
  }
  const byPath = new Map(ctx.files.map((f) => [f.path, f]));
  for (const path of unnamedJsonFiles(ctx.files.map((f) => f.path))) {
    const { head, tail } = await peekFile(ctx.tree, byPath.get(path)!);
    const sniffed = sniffCocoTask(head, tail);
    if (sniffed && (task === undefined || sniffed === task))
      return { confidence: task === undefined ? 0.5 : 0.6, root: '' };
  }
  const what = task === undefined ? '<task>_<subset>.json' : `${task}_<subset>.json`;
  return ctx.reject(
    `no COCO annotation file (annotations/${what}, <subset>/_annotations.coco.json or a COCO JSON file)`,
  );
}

import type { FileEntry, FileTree } from '@labelport/core';
import { decodeText } from '@labelport/core/files';
import { type CocoFileRef, type CocoLayout, findCocoFiles } from './coco-layout.js';
import { type CocoTask, taskOfFileName } from './coco-task.js';

/** How much of each end of a file is looked at. */
const PEEK = 65536;

/** The first and the last bytes of a file, as text (the whole file when it is small). */
export async function peekFile(tree: FileTree, entry: FileEntry): Promise<{ head: string; tail: string }> {
  const size = entry.size;
  const head = decodeText(await tree.readRange(entry.path, 0, Math.min(size, PEEK)));
  const tail =
    size > PEEK ? decodeText(await tree.readRange(entry.path, Math.max(PEEK, size - PEEK), size)) : '';
  return { head, tail };
}

/**
 * The task the content of a COCO file shows, from its first and last bytes (the top-level keys
 * come in any order: pycocotools' files end with `categories`, Roboflow's with `annotations`, ours
 * with `images`); undefined when it shows none clearly.
 */
export function contentTask(head: string, tail: string): CocoTask | undefined {
  const text = `${head}\n${tail}`;
  if (/"segments_info"\s*:/.test(text)) return 'panoptic';
  if (/"caption"\s*:/.test(text)) return 'captions';
  if (/"keypoints"\s*:/.test(text)) return 'person_keypoints';
  if (/"annotations"\s*:\s*\[\s*\]/.test(text)) return 'image_info';
  if (/"(segmentation|bbox)"\s*:/.test(text)) return 'instances';
  // no annotation anywhere in sight: panopticapi's images_info_examples.json, COCO's image_info_*.json
  if (!/"annotations"\s*:/.test(text) && !/"image_id"\s*:/.test(text)) return 'image_info';
  return undefined;
}

/**
 * The task a JSON file not named as COCO names them holds, or undefined when it does not look like
 * COCO (a list, Datumaro's `items`, a per-image file).
 */
export function sniffCocoTask(head: string, tail = ''): CocoTask | undefined {
  const t = head.trimStart();
  if (!t.startsWith('{')) return undefined;
  const hasImages = /"images"\s*:\s*\[/.test(t) || /"images"\s*:\s*\[/.test(tail);
  if (!hasImages && !(/"licenses"\s*:/.test(t) && /"info"\s*:/.test(t))) return undefined;
  if (/"(items|image)"\s*:/.test(t) && !hasImages) return undefined;
  return contentTask(t, tail) ?? 'instances';
}

/**
 * The COCO files of a listing with the task their content shows, not only their name (panopticapi's
 * `panoptic_coco_detection_format.json` is an instances file). A folder of loose files also takes in
 * the COCO files named otherwise beside them (`images_info_examples.json`: image_info).
 */
export async function findCocoFilesByContent(
  tree: FileTree,
  entries: readonly FileEntry[],
): Promise<CocoLayout[]> {
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const layouts = findCocoFiles(entries.map((e) => e.path));
  for (const layout of layouts) {
    for (const ref of layout.files) {
      // annotations/<task>_<subset>.json and Roboflow's files are what their names say (Datumaro's rule)
      if (ref.kind !== 'loose') continue;
      const entry = byPath.get(layout.root === '' ? ref.path : `${layout.root}/${ref.path}`);
      if (!entry) continue;
      const { head, tail } = await peekFile(tree, entry);
      const shown = contentTask(head.trimStart().startsWith('{') ? head : '', tail);
      if (contradicts(ref.task, shown)) {
        ref.task = shown;
        ref.sniffed = true;
      }
    }
  }
  // a folder of loose files (panopticapi's sample_data): the other COCO files in it belong with them
  const jsonPaths = entries.map((e) => e.path).filter((p) => p.toLowerCase().endsWith('.json'));
  for (const layout of layouts) {
    if (!layout.files.every((f) => f.kind === 'loose')) continue;
    const named = new Set(layout.files.map((f) => f.path));
    const prefix = layout.root === '' ? '' : `${layout.root}/`;
    const others = jsonPaths.filter((p) => {
      const rel = p.slice(prefix.length);
      return p.startsWith(prefix) && !rel.includes('/') && !named.has(rel) && !isNamedCocoFile(rel);
    });
    if (others.length > MAX_LOOSE) continue;
    for (const path of others) {
      const { head, tail } = await peekFile(tree, byPath.get(path)!);
      const task = sniffCocoTask(head, tail);
      if (task) layout.files.push(looseRef(path.slice(prefix.length), task));
    }
  }
  return layouts;
}

/** More JSON files than this beside the COCO files: one file per image, another format's; not looked at. */
const MAX_LOOSE = 8;

const isNamedCocoFile = (name: string) =>
  name === '_annotations.coco.json' || taskOfFileName(name) !== undefined;

/** Whether the content shows another task than the name says (stuff files look like instances). */
function contradicts(named: CocoTask, shown: CocoTask | undefined): shown is CocoTask {
  if (shown === undefined || shown === named) return false;
  if (named === 'stuff' && shown === 'instances') return false;
  // a task file without annotations is still that task's file
  return shown !== 'image_info';
}

export const looseRef = (path: string, task: CocoTask): CocoFileRef => ({
  path,
  task,
  subset: 'default',
  kind: path.includes('/') ? 'default' : 'loose',
  sniffed: true,
});

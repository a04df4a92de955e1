/**
 * A Supervisely project is told by its content: `meta.json` parsed (a "classes" list, an images
 * project) and one of its `<dataset>/ann/*.json` files parsed (an image annotation with "objects"),
 * never by a byte window.
 */
import { type DetectContext, type Detection, readJson } from '@labelport/core';
import { joinPath } from '@labelport/core/files';
import { isObject } from '@labelport/core/json';
import { annFilesUnder, META_FILE, projectRoot } from './lib/layout.js';

export async function detectSupervisely(ctx: DetectContext): Promise<Detection> {
  const paths = ctx.files.map((f) => f.path);
  const root = projectRoot(paths);
  if (root === undefined)
    return ctx.reject(`no ${META_FILE} with <dataset>/ann/<image>.json files beside it`);
  const metaFile = joinPath(root, META_FILE);
  const meta = await readJson(ctx.tree, metaFile).catch(() => undefined);
  if (!isObject(meta) || !Array.isArray(meta.classes))
    return ctx.reject(`${metaFile} is no project meta (a "classes" list)`);
  if (meta.projectType !== undefined && meta.projectType !== 'images') {
    return ctx.reject(`${metaFile} is a Supervisely ${String(meta.projectType)} project, not images`);
  }
  const ann = annFilesUnder(paths, root)[0]!;
  const doc = await readJson(ctx.tree, ann).catch(() => undefined);
  if (!isObject(doc) || !Array.isArray(doc.objects) || doc.frames !== undefined) {
    return ctx.reject(`${ann} is no image annotation (a "size", "tags" and "objects")`);
  }
  return { confidence: 0.9, root: root === '' ? undefined : root };
}

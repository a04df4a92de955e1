/**
 * Writes a Supervisely project as the platform imports it ("Import images in Supervisely format"):
 * `meta.json` and, per subset, a dataset folder (nested subsets `a/b` as `a/datasets/b`) with
 * `ann/<image>.json` for every item; `--save-media` saves the images as `img/<image>`, else they
 * are kept by name only. Labels of images are tags without a value, captions the `caption` tag,
 * item attributes image tags. See lib/write-objects.ts, lib/write-tags.ts and lib/write-meta.ts.
 */
import {
  type Annotation,
  type DatasetItem,
  type DatasetSource,
  type FileSink,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { joinPath, safeRelativePath } from '@labelport/core/files';
import { imageSizeFromHeader, mediaExtension, saveMedia } from '@labelport/core/media';
import { dirOfSubset, META_FILE } from './lib/layout.js';
import { ClassRegistry, metaJson } from './lib/write-meta.js';
import { type ObjectEnv, objectsOf } from './lib/write-objects.js';
import { type TagJson, TagRegistry } from './lib/write-tags.js';
import type { SuperviselyWriteOptions } from './options.js';

type Json = Record<string, unknown>;

/** The item's image size: its media's, a mask's, else its image header's (when the bytes are there). */
async function sizeOf(
  item: DatasetItem,
  env: ObjectEnv,
): Promise<{ width: number; height: number } | undefined> {
  const { width, height } = item.media ?? {};
  if (width !== undefined && height !== undefined) return { width, height };
  if (env.size) return env.size;
  const bytes = await item.media?.bytes?.();
  const info = bytes ? imageSizeFromHeader(bytes) : undefined;
  return info ? { width: info.width, height: info.height } : undefined;
}

/** The image's tags and description: its labels, its caption, its attributes. */
function imageTags(item: DatasetItem, labels: Annotation[], tags: TagRegistry, env: ObjectEnv) {
  const out: TagJson[] = [];
  const { report, categories } = env;
  let captions = 0;
  for (const a of labels) {
    if (a.type === 'caption') {
      if (captions++ === 0) out.push(tags.caption(a.caption));
      else report.drop('caption', 1, 'an image holds one caption tag: further captions are not written');
      continue;
    }
    const name = a.label === undefined ? undefined : categories.labels[a.label]?.name;
    if (name === undefined) {
      report.drop('label', 1, 'image labels without a label are not written');
      continue;
    }
    report.drop(
      'attribute',
      Object.keys(a.attributes).length,
      'attributes of image labels are not written: they are tags',
    );
    const tag = tags.label(name, a.label!);
    if (tag) out.push(tag);
  }
  let description = '';
  for (const [name, value] of Object.entries(item.attributes)) {
    if (name === 'description' && typeof value === 'string') description = value;
    else {
      const tag = tags.attribute(name, value, 'image');
      if (tag) out.push(tag);
    }
  }
  return { description, tags: out };
}

/** One item's annotation file. */
async function annotationOf(item: DatasetItem, env: ObjectEnv): Promise<Json> {
  const objects: Json[] = [];
  const labels: Annotation[] = [];
  for (const a of item.annotations) {
    if (a.type === 'label' || a.type === 'caption') labels.push(a);
    else objects.push(...(await objectsOf(a, env)));
  }
  const { description, tags } = imageTags(item, labels, env.tags, env);
  const size = await sizeOf(item, env);
  if (!size)
    env.report.warn(
      'images of unknown size are written with a null size: Supervisely needs the size to import them',
    );
  return { description, size: { height: size?.height ?? null, width: size?.width ?? null }, tags, objects };
}

export async function writeSupervisely(
  source: DatasetSource,
  out: FileSink,
  options: SuperviselyWriteOptions & WriteOptions = {},
): Promise<WriteReport> {
  const ctx = readContext(options);
  const report = new ReportBuilder();
  const { categories } = source;
  const tags = new TagRegistry(source.infos, report);
  const classes = new ClassRegistry(categories, source.infos);
  const indent = options.indent ?? 4;
  const text = (doc: unknown) => `${JSON.stringify(doc, null, indent > 0 ? indent : undefined)}\n`;
  for await (const item of ctx.iter(source.items(), source.size)) {
    report.items++;
    const dir = safeRelativePath(dirOfSubset(item.subset));
    const name = `${item.id}${mediaExtension(item)}`;
    if (item.subset.includes('/')) {
      report.warn(
        "subsets named with '/' are written as nested datasets (a/datasets/b), which read back by their own name (b)",
      );
    }
    if (item.id.includes('/')) {
      report.warn(
        "item ids with '/' are written in folders under ann/ and img/, which Supervisely's importer does not look into",
      );
    }
    const env: ObjectEnv = { categories, classes, tags, report, limits: ctx.limits };
    const doc = await annotationOf(item, env);
    await out.write(safeRelativePath(joinPath(dir, 'ann', `${name}.json`)), text(doc));
    if (options.saveMedia) await saveMedia(item, out, joinPath(dir, 'img', name), report);
  }
  await out.write(META_FILE, text(metaJson(categories, classes, tags, report)));
  return report.build();
}
